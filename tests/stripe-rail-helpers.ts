// Setup shared by the Stripe rail's tests (tests/stripe-rail.db.test.ts). setUpStripeRail(),
// called at the top of a test file, registers its hooks there (the suite's files share one
// module graph): the stand-in Stripe, the payment staff and a second database client, started
// before its tests and stopped after them.
import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { createDb, db, type Db } from '~/lib/db.server';
import { approveDisbursement, requestDisbursement } from '~/services/payments/disbursements.server';
import { checkLedger } from '~/services/payments/ledger.server';
import { runOutbox, setOutboxWaker, type JobReport, type RunOptions } from '~/lib/outbox.server';
import { stripeOutboxHandlers } from '~/services/payments/stripe-rail.server';
import { stripe } from '~/lib/stripe/client.server';
import { makeContractParties, makePayableContract, makePaymentStaff } from './factories';
import {
  pointStripeAt,
  standInSettings,
  startStandIn,
  transfersByKey,
  type StandIn,
} from './stripe-standin';

export let standIn: StandIn;
let restoreStripeSettings = () => {};
export let staff: Awaited<ReturnType<typeof makePaymentStaff>>;
export let other: Db;
const contractIds: string[] = [];
const reports: JobReport[] = [];

export const LEASE_MS = 5_000;
export const run = (opts: Partial<RunOptions> = {}) =>
  runOutbox({
    db,
    handlers: stripeOutboxHandlers,
    leaseMs: LEASE_MS,
    onJob: (r) => reports.push(r),
    ...opts,
  });
/** A time after every backoff and lease of this file's jobs so far. */
export const later = (ms = 60 * 60_000) => new Date(Date.now() + ms);

/** Registers the hooks that start and stop the stand-in and the rest for the calling file. */
export function setUpStripeRail() {
  beforeAll(async () => {
    standIn = await startStandIn();
    restoreStripeSettings = pointStripeAt(standInSettings(standIn));
    staff = await makePaymentStaff(db);
    // a second client: its own connection, so it sees only what was committed
    other = createDb(inject('databaseUrl'));
  });

  afterEach(() => {
    standIn.setFaults([]);
    standIn.onRequest(undefined);
    setOutboxWaker(undefined);
    process.env.STRIPE_TIMEOUT_MS = '1000';
  });

  afterAll(async () => {
    restoreStripeSettings();
    await standIn?.close();
    await other?.$disconnect();
    await db.$disconnect();
  });
}

/** A team with a connected account at the stand-in, and a contract of it with instalments. */
export async function payableContract(amounts: number[], opts: { linked?: boolean } = {}) {
  const parties = await makeContractParties(db);
  if (opts.linked ?? true) {
    const acct = await stripe().accounts.create({ type: 'express' });
    await db.organization.update({
      where: { id: parties.teamId },
      data: { stripeAccountId: acct.id },
    });
  }
  const total = amounts.reduce((a, b) => a + b, 0);
  const c = await makePayableContract(db, {
    rewardFen: total,
    milestones: amounts.map((amountFen) => ({ amountFen })),
    parties,
  });
  contractIds.push(c.id);
  return c;
}

export async function approved(milestoneId: string) {
  const d = await requestDisbursement(db, staff.reviewer, milestoneId);
  return approveDisbursement(db, staff.admin, d.id);
}

export const jobsOf = (idempotencyKey: string) =>
  db.outboxJob.findMany({ where: { idempotencyKey } });
export const jobOf = (idempotencyKey: string) =>
  db.outboxJob.findUniqueOrThrow({ where: { idempotencyKey } });
export const row = (id: string) => db.disbursement.findUniqueOrThrow({ where: { id } });
export const transferRequests = (key: string) =>
  standIn.state.requests.filter((r) => r.path === '/v1/transfers' && r.idempotencyKey === key);
export const transfers = (key: string) => transfersByKey(standIn.state).get(key) ?? [];

export async function ledgerOk() {
  expect((await checkLedger(db, { contractIds })).problems).toEqual([]);
}

/** One `npm run outbox:run` process (scripts/outbox-run.ts): its exit code and its output. */
export function outboxRunProcess(env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', 'scripts/outbox-run.ts'],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}
