// The Stripe Connect rail and the persisted outbox, on the engine of this run, against the
// local Stripe stand-in (tests/stripe-standin.ts) through the real SDK:
// - an approval only enqueues (one job, the disbursement's key) and calls nobody; the call
//   comes after the approval committed;
// - the outbox pays once, whether run once, twice, or by five runners at the same time;
// - a timeout after Stripe made the transfer, a 409 while it is in progress, a 5xx, a crashed
//   worker: all resumed with the same key, and Stripe answers with the same transfer;
// - a transfer Stripe refused marks the disbursement FAILED (retryable); the retry is a new
//   attempt, a new key, a new job;
// The team's linking of its account on /account/payments: tests/stripe-rail-accounts.db.test.ts.
// This file's setup (the stand-in, the staff) and helpers are in tests/stripe-rail-helpers.ts.
import { describe, expect, inject, it } from 'vitest';
import { idempotencyKeyFor, reversalKeyFor } from '~/domain/disbursement';
import { db } from '~/lib/db.server';
import { failDisbursement } from '~/services/payments/disbursement-outcomes.server';
import type { DisbursementView } from '~/services/payments/disbursement-rows.server';
import {
  approveDisbursement,
  requestDisbursement,
  retryDisbursement,
} from '~/services/payments/disbursements.server';
import { claimNext, setOutboxWaker } from '~/lib/outbox.server';
import { StripeAccountMissingError } from '~/services/payments/refusals';
import { STRIPE_TRANSFER_JOB } from '~/services/payments/stripe-rail.server';
import { applyStripeOutcome } from '~/services/payments/stripe-outcomes.server';
import { stripe } from '~/lib/stripe/client.server';
import {
  setUpStripeRail,
  approved,
  jobOf,
  jobsOf,
  later,
  LEASE_MS,
  ledgerOk,
  other,
  outboxRunProcess,
  payableContract,
  row,
  run,
  staff,
  standIn,
  transferRequests,
  transfers,
} from './stripe-rail-helpers';

setUpStripeRail();

describe(`the Stripe Connect rail and the outbox (${inject('databaseKind')})`, () => {
  it('approval enqueues one job with the disbursement key and calls Stripe only after commit', async () => {
    const c = await payableContract([120_000]);
    const requestsBefore = standIn.state.requests.length;
    const d = await requestDisbursement(db, staff.reviewer, c.milestones[0]!.id);
    expect(d.rail).toBe('STRIPE');

    // what the first request to Stripe sees, from a connection of its own: committed rows only
    const seen: { status?: string; job?: string }[] = [];
    standIn.onRequest(async (r) => {
      if (r.path !== '/v1/transfers') return;
      const [row, job] = await Promise.all([
        other.disbursement.findUnique({ where: { id: d.id }, select: { status: true } }),
        other.outboxJob.findUnique({
          where: { idempotencyKey: d.idempotencyKey },
          select: { status: true },
        }),
      ]);
      seen.push({ status: row?.status, job: job?.status });
    });
    // the in-process worker's wake-up, as the app server's: run as soon as asked
    let woken: Promise<unknown> | undefined;
    setOutboxWaker(() => {
      woken = new Promise((r) => setImmediate(r)).then(() => run());
    });

    const approval = await approveDisbursement(db, staff.admin, d.id);
    expect(approval.status).toBe('APPROVED');
    // the approval made no call: nothing was received while it ran, nothing is held
    expect(standIn.inFlight()).toBe(0);
    const jobs = await jobsOf(d.idempotencyKey);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ kind: STRIPE_TRANSFER_JOB });
    expect(JSON.parse(jobs[0]!.payload)).toMatchObject({
      disbursementId: d.id,
      attempt: 1,
      amountFen: 120_000,
    });
    expect(d.idempotencyKey).toBe(idempotencyKeyFor(d.id, 1));

    // the wake-up ran (it may have found nothing yet on PostgreSQL: the job becomes visible
    // at commit); whatever is left, a run now does
    expect(woken).toBeDefined();
    await woken;
    await run();
    expect(standIn.state.requests.length).toBeGreaterThan(requestsBefore);
    expect(seen).toEqual([{ status: 'APPROVED', job: 'RUNNING' }]);
    expect((await row(d.id)).status).toBe('PAID');
  });

  it('pays once: one transfer and one payout; running again changes nothing', async () => {
    const c = await payableContract([300_000]);
    const d = await approved(c.milestones[0]!.id);
    const summary = await run();
    expect(summary).toMatchObject({ claimed: 1, done: 1, retried: 0, failed: 0 });

    const [transfer] = transfers(d.idempotencyKey);
    expect(transfers(d.idempotencyKey)).toHaveLength(1);
    const team = await db.organization.findUniqueOrThrow({ where: { id: c.teamId } });
    expect(transfer).toMatchObject({
      amount: 300_000,
      currency: 'cny',
      destination: team.stripeAccountId,
      transfer_group: `disbursement_${d.id}`,
      metadata: { disbursementId: d.id, attempt: '1' },
    });
    const payouts = standIn.state.payouts.filter(
      (p) => (p.metadata as { disbursementId?: string }).disbursementId === d.id,
    );
    expect(payouts).toEqual([
      expect.objectContaining({ amount: 300_000, account: team.stripeAccountId }),
    ]);
    expect(
      standIn.state.requests.find(
        (r) => r.path === '/v1/payouts' && r.account === team.stripeAccountId,
      )?.idempotencyKey,
    ).toBe(`${d.idempotencyKey}:payout`);

    expect(await row(d.id)).toMatchObject({ status: 'PAID', stripeTransferId: transfer!.id });
    expect(await jobOf(d.idempotencyKey)).toMatchObject({
      status: 'DONE',
      attempts: 1,
      lastError: null,
    });
    expect((await run()).claimed).toBe(0);
    expect((await run({ now: later() })).claimed).toBe(0);
    expect(transferRequests(d.idempotencyKey)).toHaveLength(1);
    await ledgerOk();
  });

  it('five runners at once: every job is claimed by exactly one of them', async () => {
    const c = await payableContract([10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
    const ds: DisbursementView[] = [];
    for (const m of c.milestones) ds.push(await approved(m.id));
    const summaries = await Promise.all(Array.from({ length: 5 }, () => run()));
    expect(summaries.reduce((n, s) => n + s.claimed, 0)).toBe(ds.length);
    expect(summaries.reduce((n, s) => n + s.done, 0)).toBe(ds.length);
    for (const d of ds) {
      // one request per key: no job ran twice, not even as a replay
      expect(transferRequests(d.idempotencyKey)).toHaveLength(1);
      expect(transfers(d.idempotencyKey)).toHaveLength(1);
      expect((await row(d.id)).status).toBe('PAID');
      expect(await jobOf(d.idempotencyKey)).toMatchObject({ status: 'DONE', attempts: 1 });
    }
    await ledgerOk();
  });

  it('four `npm run outbox:run` processes at once: every job is run by exactly one', async () => {
    const c = await payableContract([
      11_000, 22_000, 33_000, 44_000, 55_000, 66_000, 77_000, 88_000,
    ]);
    const ds: DisbursementView[] = [];
    for (const m of c.milestones) ds.push(await approved(m.id));
    // every transfer answers a little late, so that the processes overlap
    standIn.setFaults([{ path: '/v1/transfers', delayMs: 150 }]);
    const env = {
      ...process.env,
      DATABASE_URL: inject('databaseUrl'),
      STRIPE_TIMEOUT_MS: '3000',
    };
    const started = Date.now();
    const outputs = await Promise.all(Array.from({ length: 4 }, () => outboxRunProcess(env)));
    const elapsed = Date.now() - started;
    for (const o of outputs) expect(o.code, o.out).toBe(0);
    // each job's one run is reported by exactly one process
    const ranBy = ds.map(
      (d) => outputs.filter((o) => o.out.includes(`${d.idempotencyKey} (run 1): done`)).length,
    );
    expect(ranBy).toEqual(ds.map(() => 1));
    expect(outputs.filter((o) => /outbox: [1-9]\d* claimed/.test(o.out)).length).toBeGreaterThan(1);
    for (const d of ds) {
      expect(transferRequests(d.idempotencyKey)).toHaveLength(1);
      expect(transfers(d.idempotencyKey)).toHaveLength(1);
      expect((await row(d.id)).status).toBe('PAID');
      expect(await jobOf(d.idempotencyKey)).toMatchObject({ status: 'DONE', attempts: 1 });
    }
    console.log(`outbox: ${ds.length} jobs over several workers in ${elapsed} ms`);
    await ledgerOk();
  });

  it('a timeout after Stripe made the transfer: the retry sends the same key and gets the same transfer', async () => {
    const c = await payableContract([55_000]);
    const d = await approved(c.milestones[0]!.id);
    process.env.STRIPE_TIMEOUT_MS = '300';
    standIn.setFaults([{ path: '/v1/transfers', delayMs: 1_000, times: 1 }]);
    const t0 = Date.now();

    const first = await run();
    expect(first).toMatchObject({ claimed: 1, retried: 1 });
    const job = await jobOf(d.idempotencyKey);
    expect(job).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(job.lastError).toMatch(/timeout/);
    expect(job.runAfter.getTime()).toBeGreaterThan(t0);
    // Stripe made it; we do not know yet
    expect(transfers(d.idempotencyKey)).toHaveLength(1);
    expect((await row(d.id)).status).toBe('APPROVED');
    expect((await run()).claimed).toBe(0); // not due before its backoff

    // due again while Stripe still works on the first request: 409, retried later
    const second = await run({ now: later() });
    expect(second).toMatchObject({ claimed: 1, retried: 1 });
    expect((await jobOf(d.idempotencyKey)).lastError).toMatch(/^409/);

    // Stripe finishes the first request once its delay is over: a second after it reached the
    // stand-in, which on a busy machine is well after t0
    await expect
      .poll(() => transferRequests(d.idempotencyKey)[0]?.status, { timeout: 10_000 })
      .toBe(200);
    const third = await run({ now: later(2 * 60 * 60_000) });
    expect(third).toMatchObject({ claimed: 1, done: 1 });

    const requests = transferRequests(d.idempotencyKey);
    expect(requests.map((r) => [r.status ?? 'timeout', r.replayed ?? false])).toEqual([
      [200, false], // answered after the client had given up
      [409, false],
      [200, true],
    ]);
    expect(transfers(d.idempotencyKey)).toHaveLength(1);
    expect(await row(d.id)).toMatchObject({
      status: 'PAID',
      stripeTransferId: transfers(d.idempotencyKey)[0]!.id,
    });
    expect(await jobOf(d.idempotencyKey)).toMatchObject({ status: 'DONE', attempts: 3 });
    await ledgerOk();
  });

  it('retries a 5xx or a 429 with the same key', async () => {
    const c = await payableContract([7_000]);
    const d = await approved(c.milestones[0]!.id);
    standIn.setFaults([
      { path: '/v1/transfers', status: 503, times: 1 },
      { path: '/v1/transfers', status: 429, type: 'rate_limit_error', times: 1 },
    ]);
    expect(await run()).toMatchObject({ retried: 1 });
    expect(await run({ now: later() })).toMatchObject({ retried: 1 });
    expect(await run({ now: later(2 * 60 * 60_000) })).toMatchObject({ done: 1 });
    expect(transferRequests(d.idempotencyKey).map((r) => r.status)).toEqual([503, 429, 200]);
    expect(transfers(d.idempotencyKey)).toHaveLength(1);
    expect((await row(d.id)).status).toBe('PAID');
  });

  it('resumes the job of a crashed worker after its lease, with the same key', async () => {
    const c = await payableContract([66_000]);
    const d = await approved(c.milestones[0]!.id);
    const job = await jobOf(d.idempotencyKey);
    // a worker claims the job, sends the transfer and dies before recording anything
    const crashed = await claimNext(db, [STRIPE_TRANSFER_JOB], new Date(), LEASE_MS);
    expect(crashed).toMatchObject({ id: job.id, attempts: 1, idempotencyKey: d.idempotencyKey });
    const team = await db.organization.findUniqueOrThrow({ where: { id: c.teamId } });
    const sent = await stripe().transfers.create(
      {
        amount: 66_000,
        currency: 'cny',
        destination: team.stripeAccountId!,
        transfer_group: `disbursement_${d.id}`,
        metadata: { disbursementId: d.id, attempt: '1' },
      },
      { idempotencyKey: d.idempotencyKey },
    );

    // while the lease holds, nobody else takes the job
    expect((await run()).claimed).toBe(0);
    expect(await jobOf(d.idempotencyKey)).toMatchObject({ status: 'RUNNING', attempts: 1 });
    // after it, the next worker does, with the same key: Stripe replays the same transfer
    const resumed = await run({ now: new Date(Date.now() + LEASE_MS + 1_000) });
    expect(resumed).toMatchObject({ claimed: 1, done: 1 });
    expect(transferRequests(d.idempotencyKey).map((r) => r.replayed ?? false)).toEqual([
      false,
      true,
    ]);
    expect(transfers(d.idempotencyKey)).toHaveLength(1);
    expect(await row(d.id)).toMatchObject({ status: 'PAID', stripeTransferId: sent.id });
    expect(await jobOf(d.idempotencyKey)).toMatchObject({ status: 'DONE', attempts: 2 });
    await ledgerOk();
  });

  it('a transfer Stripe refused: the disbursement FAILED with the reason, retried under a new key', async () => {
    const c = await payableContract([88_000]);
    const d = await approved(c.milestones[0]!.id);
    standIn.setFaults([
      {
        path: '/v1/transfers',
        status: 400,
        type: 'invalid_request_error',
        code: 'balance_insufficient',
        message: 'You have insufficient available funds in your Stripe account.',
        times: 1,
      },
    ]);
    expect(await run()).toMatchObject({ claimed: 1, failed: 1 });
    const job = await jobOf(d.idempotencyKey);
    expect(job.status).toBe('FAILED');
    expect(job.lastError).toMatch(/^400 balance_insufficient/);
    const failed = await row(d.id);
    expect(failed.status).toBe('FAILED');
    expect(failed.failureReason).toMatch(/Stripe refused the transfer: 400 balance_insufficient/);
    expect(transfers(d.idempotencyKey)).toHaveLength(0);
    await ledgerOk();

    // a FAILED job is never run again; the refusal is final for this key
    expect((await run({ now: later() })).claimed).toBe(0);

    // the retry: a new attempt, a new key, a new job
    const retried = await retryDisbursement(db, staff.reviewer2, d.id);
    expect(retried).toMatchObject({ attempt: 2, idempotencyKey: idempotencyKeyFor(d.id, 2) });
    await approveDisbursement(db, staff.admin, d.id);
    const second = await jobOf(retried.idempotencyKey);
    expect(second).toMatchObject({ status: 'PENDING', kind: STRIPE_TRANSFER_JOB });
    expect(JSON.parse(second.payload)).toMatchObject({ attempt: 2 });
    expect(await run()).toMatchObject({ claimed: 1, done: 1 });
    expect(transfers(retried.idempotencyKey)).toEqual([
      expect.objectContaining({ metadata: { disbursementId: d.id, attempt: '2' } }),
    ]);
    expect(transfers(d.idempotencyKey)).toHaveLength(0);
    expect(await row(d.id)).toMatchObject({ status: 'PAID', attempt: 2 });
    await ledgerOk();
  });

  it('a payout refused after the transfer: paid (the money left the bureau), the job FAILED for an operator', async () => {
    const c = await payableContract([9_900]);
    const d = await approved(c.milestones[0]!.id);
    standIn.setFaults([
      { path: '/v1/payouts', status: 400, code: 'payouts_not_allowed', times: 1 },
    ]);
    expect(await run()).toMatchObject({ claimed: 1, failed: 1 });
    expect((await row(d.id)).status).toBe('PAID');
    expect((await jobOf(d.idempotencyKey)).lastError).toMatch(
      /made; payout refused: 400 payouts_not_allowed/,
    );
    await ledgerOk();
  });

  it('a payout that failed after the transfer: the transfer is taken back before the retry pays again', async () => {
    const c = await payableContract([120_000]);
    const platformBefore = standIn.state.balances.platform!;
    const d = await approved(c.milestones[0]!.id);
    await run();
    const paid = await row(d.id);
    expect(paid.status).toBe('PAID');
    const payout = standIn.state.payouts.find(
      (p) => (p.metadata as { disbursementId?: string }).disbursementId === d.id,
    )!;
    // the team's bank returns the payout; Stripe tells the platform
    const returned = standIn.failPayout(String(payout.id), 'The bank account has been closed.');
    await db.$transaction((tx) =>
      applyStripeOutcome(tx, {
        kind: 'payout.failed',
        disbursementId: d.id,
        attempt: 1,
        reason: String(returned.failure_message),
      }),
    );
    expect(await row(d.id)).toMatchObject({ status: 'FAILED' });

    // the money sits in the team's Stripe balance: no new payment until it is taken back
    await expect(retryDisbursement(db, staff.reviewer2, d.id)).rejects.toMatchObject({
      code: 'reversalPending',
    });
    expect(await run()).toMatchObject({ claimed: 1, done: 1 });
    expect(standIn.state.transfers.find((t) => t.id === paid.stripeTransferId)).toMatchObject({
      reversed: true,
      amount_reversed: 120_000,
    });
    expect(
      standIn.state.requests.filter((r) => r.path.endsWith('/reversals')).at(-1)?.idempotencyKey,
    ).toBe(reversalKeyFor(d.idempotencyKey));
    expect((await run({ now: later() })).claimed).toBe(0);

    // now the retry pays the instalment again, once
    const retried = await retryDisbursement(db, staff.reviewer2, d.id);
    await approveDisbursement(db, staff.admin, d.id);
    expect(await run()).toMatchObject({ claimed: 1, done: 1 });
    expect(await row(d.id)).toMatchObject({ status: 'PAID', attempt: retried.attempt });
    // the bureau's money out, net: the instalment, exactly once
    expect(platformBefore - standIn.state.balances.platform!).toBe(120_000);
    await ledgerOk();
  });

  it('sends nothing for a disbursement decided otherwise before its job ran', async () => {
    const c = await payableContract([4_400]);
    const d = await approved(c.milestones[0]!.id);
    await failDisbursement(db, staff.admin, d.id, { reason: '团队更换收款账户' });
    expect(await run()).toMatchObject({ claimed: 1, done: 1 });
    expect(transferRequests(d.idempotencyKey)).toHaveLength(0);
    expect((await jobOf(d.idempotencyKey)).lastError).toMatch(/^superseded: .*FAILED/);
    expect((await row(d.id)).status).toBe('FAILED');
    await ledgerOk();
  });

  it('refuses to approve for a team without a linked account, and rolls the approval back', async () => {
    const c = await payableContract([5_000], { linked: false });
    const d = await requestDisbursement(db, staff.reviewer, c.milestones[0]!.id);
    await expect(approveDisbursement(db, staff.admin, d.id)).rejects.toBeInstanceOf(
      StripeAccountMissingError,
    );
    expect((await row(d.id)).status).toBe('REQUESTED');
    expect(await jobsOf(d.idempotencyKey)).toEqual([]);
    const journals = await db.ledgerEntry.count({ where: { disbursementId: d.id } });
    expect(journals).toBe(0);
    await ledgerOk();
  });
});
