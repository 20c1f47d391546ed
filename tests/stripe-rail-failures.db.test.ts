// The Stripe Connect rail when Stripe or the worker fails: 5xx and 429 retried with the same key,
// a crashed worker's lease, refused transfers and payouts, reversals before a retry.
import { describe, expect, inject, it } from 'vitest';
import { idempotencyKeyFor, reversalKeyFor } from '~/domain/disbursement';
import { db } from '~/lib/db.server';
import { failDisbursement } from '~/services/payments/disbursement-outcomes.server';
import {
  approveDisbursement,
  requestDisbursement,
  retryDisbursement,
} from '~/services/payments/disbursements.server';
import { claimNext } from '~/lib/outbox.server';
import { StripeAccountMissingError } from '~/services/payments/refusals';
import { STRIPE_TRANSFER_JOB } from '~/services/payments/stripe-rail.server';
import { applyStripeOutcome } from '~/services/payments/stripe-outcomes.server';
import { stripe } from '~/lib/stripe/client.server';
import {
  standIn,
  staff,
  LEASE_MS,
  run,
  later,
  payableContract,
  approved,
  jobsOf,
  jobOf,
  row,
  transferRequests,
  transfers,
  ledgerOk,
} from './stripe-rail-helpers';

describe(`the Stripe Connect rail and the outbox (${inject('databaseKind')})`, () => {
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
