// Crash safety of the Stripe rail, end to end with real processes: the app server (`node
// server.mjs`, its in-process outbox worker paying through the SDK) against the Stripe
// stand-in running as its own process, on this run's database. Several instalments are
// approved; the stand-in is slow to answer transfers; the server is SIGKILLed while a
// transfer is in flight (Stripe made it, the server never heard); a new server starts. It must
// resume the interrupted job after its lease with the SAME idempotency key and pay every
// instalment exactly once, with a balanced ledger.
//
// The server runs the tests' shared production build (JIEBANG_BUILD_DIR), built here when it
// is missing or older than the sources (the same rule as `npm start`).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import type { DisbursementView } from '~/services/payments/disbursement-rows.server';
import { approveDisbursement, requestDisbursement } from '~/services/payments/disbursements.server';
import { checkLedger } from '~/services/payments/ledger.server';
import { STRIPE_TRANSFER_JOB } from '~/services/payments/stripe-rail.server';
import { stripe } from '~/lib/stripe/client.server';
import {
  buildIfNeeded,
  childEnv,
  createLauncher,
  freePort,
  TEST_BUILD_DIR,
  waitFor,
} from './app-server';
import { makeContractParties, makePayableContract, makePaymentStaff } from './factories';
import { pointStripeAt, transfersByKey, type StandInState } from './stripe-standin';

const BUILD_DIR = TEST_BUILD_DIR;
const INSTALMENTS = 6;
const TRANSFER_DELAY_MS = 700;
const STRIPE_TIMEOUT_MS = 3_000;
// must outlast a job's two calls (outbox-worker.server.ts checks 2 × timeout + 1 s)
const LEASE_MS = 2 * STRIPE_TIMEOUT_MS + 1_500;

let restoreStripeSettings = () => {};
const tmp = mkdtempSync(path.join(os.tmpdir(), 'jiebang-crash-'));
const { children, logs, startChild } = createLauncher();
let standInUrl = '';

async function standInState(): Promise<StandInState> {
  const res = await fetch(`${standInUrl}/_standin/state`);
  return (await res.json()) as StandInState;
}

function serverEnv(port: number) {
  return childEnv({
    NODE_ENV: 'production',
    PORT: String(port),
    // required in production (links in mail)
    APP_ORIGIN: `http://127.0.0.1:${port}`,
    JIEBANG_BUILD_DIR: BUILD_DIR,
    DATABASE_URL: inject('databaseUrl'),
    STRIPE_SECRET_KEY: 'sk_test_crash',
    STRIPE_WEBHOOK_SECRET: 'whsec_test_crash',
    STRIPE_API_BASE: standInUrl,
    STRIPE_TIMEOUT_MS: String(STRIPE_TIMEOUT_MS),
    OUTBOX_LEASE_MS: String(LEASE_MS),
    OUTBOX_POLL_MS: '200',
  });
}

async function startServer() {
  const port = await freePort();
  const { child } = await startChild(
    'server',
    ['server.mjs'],
    serverEnv(port),
    /Jiebang listening on/,
  );
  return child;
}

beforeAll(async () => {
  await buildIfNeeded(BUILD_DIR);
  const { match } = await startChild(
    'stand-in',
    [
      // tsx as a loader of this process, not its CLI: the CLI runs the script in a child of its
      // own, which outlived the SIGKILL below and was left running after the tests
      '--import',
      'tsx',
      'tests/stripe-standin.ts',
      '--port',
      '0',
      '--state',
      path.join(tmp, 'standin.json'),
    ],
    childEnv({}),
    /listening on (http:\/\/\S+)/,
  );
  standInUrl = match[1]!;
  restoreStripeSettings = pointStripeAt({
    STRIPE_SECRET_KEY: 'sk_test_crash',
    STRIPE_WEBHOOK_SECRET: 'whsec_test_crash',
    STRIPE_API_BASE: standInUrl,
    STRIPE_TIMEOUT_MS: String(STRIPE_TIMEOUT_MS),
  });
}, 180_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && !child.killed) child.kill('SIGKILL');
  restoreStripeSettings();
  rmSync(tmp, { recursive: true, force: true });
  await db.$disconnect();
});

describe(`a server killed while paying (${inject('databaseKind')})`, () => {
  it('pays every instalment exactly once after a SIGKILL and a restart', async () => {
    const started = Date.now();
    const staff = await makePaymentStaff(db);
    const parties = await makeContractParties(db);
    const acct = await stripe().accounts.create({ type: 'express' });
    await db.organization.update({
      where: { id: parties.teamId },
      data: { stripeAccountId: acct.id },
    });
    const amounts = Array.from({ length: INSTALMENTS }, (_, i) => 100_000 * (i + 1));
    const contract = await makePayableContract(db, {
      rewardFen: amounts.reduce((a, b) => a + b, 0),
      milestones: amounts.map((amountFen) => ({ amountFen })),
      parties,
    });
    // every transfer answers late: the server is killed while one is in flight
    await fetch(`${standInUrl}/_standin/faults`, {
      method: 'POST',
      body: JSON.stringify([{ path: '/v1/transfers', delayMs: TRANSFER_DELAY_MS }]),
    });
    // approved here, against the same database; the jobs wait for a worker
    const ds: DisbursementView[] = [];
    for (const m of contract.milestones) {
      const d = await requestDisbursement(db, staff.reviewer, m.id);
      expect(d.rail).toBe('STRIPE');
      ds.push(await approveDisbursement(db, staff.admin, d.id));
    }
    const keys = new Set(ds.map((d) => d.idempotencyKey));
    const ours = (state: StandInState) =>
      state.requests.filter((r) => r.path === '/v1/transfers' && keys.has(r.idempotencyKey ?? ''));

    const first = await startServer();
    // wait until the server has paid one instalment and sent the next transfer, which Stripe
    // has not answered yet
    const inFlight = await waitFor(
      'a transfer in flight after a first one',
      async () => {
        const sent = ours(await standInState());
        const pending = sent.find((r) => r.status === undefined);
        return sent.length >= 2 && pending ? pending : false;
      },
      20_000,
      () => logs.join(''),
    );
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const killedAt = Date.now();
    const interrupted = ds.find((d) => d.idempotencyKey === inFlight.idempotencyKey)!;
    // the stand-in made that transfer; the database does not know it
    expect(transfersByKey(await standInState()).get(interrupted.idempotencyKey)).toHaveLength(1);
    const job = await db.outboxJob.findUniqueOrThrow({
      where: { idempotencyKey: interrupted.idempotencyKey },
    });
    expect(job).toMatchObject({ status: 'RUNNING', attempts: 1, kind: STRIPE_TRANSFER_JOB });
    expect(
      (await db.disbursement.findUniqueOrThrow({ where: { id: interrupted.id } })).status,
    ).toBe('APPROVED');

    await startServer();
    await waitFor(
      'every instalment paid',
      async () => {
        const paid = await db.disbursement.count({
          where: { id: { in: ds.map((d) => d.id) }, status: 'PAID' },
        });
        const done = await db.outboxJob.count({
          where: { idempotencyKey: { in: [...keys] }, status: 'DONE' },
        });
        return paid === INSTALMENTS && done === INSTALMENTS ? true : false;
      },
      45_000,
      () => logs.join(''),
    );
    const resumedAfter = Date.now() - killedAt;

    const state = await standInState();
    const byKey = transfersByKey(state);
    for (const d of ds) {
      const made = byKey.get(d.idempotencyKey) ?? [];
      expect(made, `transfers under ${d.idempotencyKey}`).toHaveLength(1);
      expect(made[0]).toMatchObject({ amount: d.amountFen, destination: acct.id });
      const row = await db.disbursement.findUniqueOrThrow({ where: { id: d.id } });
      expect(row).toMatchObject({ status: 'PAID', stripeTransferId: made[0]!.id });
      const payouts = state.requests.filter(
        (r) => r.path === '/v1/payouts' && r.idempotencyKey === `${d.idempotencyKey}:payout`,
      );
      expect(payouts.length).toBeGreaterThanOrEqual(1);
    }
    expect(state.transfers.filter((t) => t.destination === acct.id)).toHaveLength(INSTALMENTS);
    expect(state.payouts.filter((p) => p.account === acct.id)).toHaveLength(INSTALMENTS);
    // the interrupted job was resumed (a second run) with the same key, and Stripe replayed
    const again = ours(state).filter((r) => r.idempotencyKey === interrupted.idempotencyKey);
    expect(again.length).toBeGreaterThanOrEqual(2);
    expect(again.at(-1)).toMatchObject({ status: 200, replayed: true });
    expect(
      await db.outboxJob.findUniqueOrThrow({
        where: { idempotencyKey: interrupted.idempotencyKey },
      }),
    ).toMatchObject({ status: 'DONE', attempts: again.length });
    // its lease had to run out first
    expect(resumedAfter).toBeGreaterThanOrEqual(LEASE_MS - 2_000);

    const report = await checkLedger(db, { contractIds: [contract.id] });
    expect(report.problems).toEqual([]);
    expect(report.figures.records.paidFen).toBe(amounts.reduce((a, b) => a + b, 0));
    console.log(
      `crash test: ${INSTALMENTS} instalments paid once each; killed with ${interrupted.idempotencyKey} in flight, all paid ${resumedAfter} ms after the kill; ${Date.now() - started} ms in all`,
    );
  }, 90_000);
});
