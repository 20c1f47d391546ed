// 榜额到位 by a Stripe funds hold (issue #16 point 1, docs/decisions/032-funding-secured.md),
// against the local Stripe stand-in (tests/stripe-standin.ts) through the real SDK:
// - a hold is asked of Stripe before the command, and accepted only as an authorised,
//   uncaptured CNY PaymentIntent (requires_capture) of exactly the payer's share; anything else
//   is refused on the hold's field, a Stripe that does not answer on the form, nothing written;
// - releasing a held hold (withdrawn, rejected, unawarded) queues its cancellation in the same
//   transaction, and the outbox cancels the PaymentIntent once (an already canceled one is done);
// - with the Stripe rail off, a hold is refused and the vetting card does not offer it.
import type Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '~/lib/db.server';
import { runOutbox } from '~/lib/outbox.server';
import { stripe } from '~/lib/stripe/client.server';
import { action as decideAction } from '~/routes/review.needs.$id';
import { confirmFunding, fundingForReview } from '~/services/funding/funding.server';
import { HOLD_CANCEL_JOB, holdCancelKey } from '~/services/funding/stripe-hold.server';
import { actorOf } from '~/services/kernel/actor';
import { transition } from '~/services/needs/needs.server';
import { checkLedger } from '~/services/payments/ledger.server';
import { stripeOutboxHandlers } from '~/services/payments/stripe-rail.server';
import { makeChallenge, makeUser } from './factories';
import { errorsOf, postAs, statusOf } from './route-call';
import { pointStripeAt, standInSettings, startStandIn, type StandIn } from './stripe-standin';

const WAN = 1_000_000;
const SHARE = 120 * WAN;

let standIn: StandIn;
let restoreStripeSettings = () => {};
const settings = () => standInSettings(standIn);

beforeAll(async () => {
  standIn = await startStandIn();
  restoreStripeSettings = pointStripeAt(settings());
});
afterEach(() => {
  standIn.setFaults([]);
  pointStripeAt(settings());
});
afterAll(async () => {
  // no job of this file is left for another file's outbox runs
  expect(
    await db.outboxJob.count({ where: { kind: HOLD_CANCEL_JOB, status: { not: 'DONE' } } }),
  ).toBe(0);
  restoreStripeSettings();
  await standIn?.close();
});

const unfunded = (opts: Parameters<typeof makeChallenge>[1] = {}) =>
  makeChallenge(db, { published: false, bountyFen: SHARE, funded: false, ...opts });

/** A PaymentIntent at the stand-in: by default a CNY hold of the share (requires_capture). */
const paymentIntent = (p: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
  stripe().paymentIntents.create({
    amount: SHARE,
    currency: 'cny',
    capture_method: 'manual',
    confirm: true,
    payment_method: 'pm_card_visa',
    ...p,
  });

const retrievals = (pi: string) =>
  standIn.state.requests.filter((r) => r.method === 'GET' && r.path === `/v1/payment_intents/${pi}`)
    .length;
const cancellations = (pi: string) =>
  standIn.state.requests.filter(
    (r) => r.path === `/v1/payment_intents/${pi}/cancel` && r.status === 200 && !r.replayed,
  ).length;

async function snapshot(challengeId: string) {
  const [confirmations, entries, audits, challenge] = await Promise.all([
    db.fundingConfirmation.count({ where: { challengeId } }),
    db.ledgerEntry.count({ where: { account: `secured:${challengeId}` } }),
    db.auditEvent.count({ where: { entityId: challengeId } }),
    db.challenge.findUniqueOrThrow({
      where: { id: challengeId },
      select: { fundingSecuredAt: true },
    }),
  ]);
  return { confirmations, entries, audits, challenge };
}

const postHold = (user: { id: string; role: string; email: string }, needId: string, pi: string) =>
  postAs(
    db,
    decideAction,
    user,
    `/review/needs/${needId}`,
    {
      intent: 'confirmFunding',
      payer: 'ENTERPRISE',
      method: 'STRIPE_HOLD',
      stripePaymentIntentId: pi,
    },
    { id: needId },
  );

// The hold cancellations only: a transfer job another file left due in the shared database is
// none of this file's business (and once made its counts read 2 instead of 1).
const cancelsOnly = { [HOLD_CANCEL_JOB]: stripeOutboxHandlers[HOLD_CANCEL_JOB]! };
const runCancels = (now?: Date) =>
  runOutbox({ db, handlers: cancelsOnly, leaseMs: 5_000, ...(now ? { now } : {}) });

describe('a Stripe funds hold (榜额到位)', () => {
  it('accepts an authorised CNY hold of the share, asked of Stripe, and commits it', async () => {
    const reviewer = await makeUser(db, { role: 'REVIEWER' });
    const need = await unfunded();
    const pi = await paymentIntent();
    expect(pi.status).toBe('requires_capture');
    const answer = await postHold(reviewer, need.id, pi.id);
    expect(statusOf(answer)).toBe(302);
    expect(retrievals(pi.id)).toBe(1);
    const row = await db.fundingConfirmation.findFirstOrThrow({ where: { challengeId: need.id } });
    expect(row).toMatchObject({
      method: 'STRIPE_HOLD',
      stripePaymentIntentId: pi.id,
      amountFen: BigInt(SHARE),
      status: 'HELD',
      attachmentId: null,
    });
    expect(await snapshot(need.id)).toMatchObject({ confirmations: 1, entries: 1 });
    expect((await snapshot(need.id)).challenge.fundingSecuredAt).not.toBeNull();
    expect((await checkLedger(db, { contractIds: [], challengeIds: [need.id] })).problems).toEqual(
      [],
    );
    // the hold is taken: another need's confirmation is refused without asking Stripe again
    const other = await unfunded();
    const taken = await postHold(reviewer, other.id, pi.id);
    expect(errorsOf(taken).stripePaymentIntentId).toEqual(['funding.errors.holdTaken']);
    expect(retrievals(pi.id)).toBe(1);
    expect(await db.fundingConfirmation.count({ where: { challengeId: other.id } })).toBe(0);
  });

  it('refuses what is not a hold of the share, on the hold’s field, and writes nothing', async () => {
    const reviewer = await makeUser(db, { role: 'REVIEWER' });
    const need = await unfunded();
    const before = await snapshot(need.id);
    const cases: [string, string][] = [
      [(await paymentIntent({ amount: SHARE - 1 })).id, 'holdAmount'],
      [(await paymentIntent({ amount: SHARE + 100 })).id, 'holdAmount'],
      [(await paymentIntent({ confirm: false })).id, 'holdNotHeld'],
      [(await paymentIntent({ capture_method: 'automatic' })).id, 'holdNotHeld'],
      [(await paymentIntent({ currency: 'usd' })).id, 'holdCurrency'],
      ['pi_nosuchintent', 'holdNotFound'],
    ];
    const canceled = await paymentIntent();
    await stripe().paymentIntents.cancel(canceled.id);
    cases.push([canceled.id, 'holdNotHeld']);
    for (const [pi, code] of cases) {
      const answer = await postHold(reviewer, need.id, pi);
      expect(statusOf(answer), code).toBe('data');
      expect(errorsOf(answer).stripePaymentIntentId, code).toEqual([`funding.errors.${code}`]);
    }
    expect(await snapshot(need.id)).toEqual(before);
  });

  it('says Stripe did not answer when it fails or drops the call, and writes nothing', async () => {
    const reviewer = actorOf(await makeUser(db, { role: 'REVIEWER' }));
    const need = await unfunded();
    const before = await snapshot(need.id);
    const pi = await paymentIntent();
    // (the SDK sends a request again once when its connection closed unanswered)
    for (const fault of [{ status: 503 }, { drop: true, times: 2 }, { delayMs: 1_500 }]) {
      standIn.setFaults([{ path: '/v1/payment_intents', method: 'GET', times: 1, ...fault }]);
      const r = await confirmFunding(db, reviewer, need.id, {
        payer: 'ENTERPRISE',
        method: 'STRIPE_HOLD',
        stripePaymentIntentId: pi.id,
      });
      expect(r, JSON.stringify(fault)).toMatchObject({
        ok: false,
        error: 'stripeUnavailable',
        key: 'funding.errors.stripeUnavailable',
      });
      expect(r.ok ? null : r.field).toBeUndefined();
    }
    expect(await snapshot(need.id)).toEqual(before);
    // Stripe answers again: the same hold is accepted
    const ok = await confirmFunding(db, reviewer, need.id, {
      payer: 'ENTERPRISE',
      method: 'STRIPE_HOLD',
      stripePaymentIntentId: pi.id,
    });
    expect(ok).toMatchObject({ ok: true, secured: true });
    await transition(db, reviewer, need.id, 'reject', { comment: '测试结束' });
    expect(await runCancels()).toMatchObject({ claimed: 1, done: 1 });
  });

  it('cancels a released hold through the outbox, once, queued with the release', async () => {
    const reviewer = actorOf(await makeUser(db, { role: 'REVIEWER' }));
    const owner = await makeUser(db, { role: 'ENTERPRISE' });
    const need = await unfunded({ enterpriseId: owner.organizationId! });
    const pi = await paymentIntent();
    expect(
      await confirmFunding(db, reviewer, need.id, {
        payer: 'ENTERPRISE',
        method: 'STRIPE_HOLD',
        stripePaymentIntentId: pi.id,
      }),
    ).toMatchObject({ ok: true });
    expect((await transition(db, actorOf(owner), need.id, 'withdraw')).ok).toBe(true);
    const row = await db.fundingConfirmation.findFirstOrThrow({ where: { challengeId: need.id } });
    expect(row.status).toBe('RELEASED');
    const job = await db.outboxJob.findUniqueOrThrow({
      where: { idempotencyKey: holdCancelKey(row.id) },
    });
    expect(job).toMatchObject({ kind: HOLD_CANCEL_JOB, status: 'PENDING' });
    expect(JSON.parse(job.payload)).toEqual({
      confirmationId: row.id,
      challengeId: need.id,
      paymentIntentId: pi.id,
    });
    // nothing was sent from the release's transaction
    expect(cancellations(pi.id)).toBe(0);

    expect(await runCancels()).toMatchObject({ claimed: 1, done: 1 });
    expect(await runCancels()).toMatchObject({ claimed: 0 });
    expect(cancellations(pi.id)).toBe(1);
    const at = standIn.state.paymentIntents.find((p) => p.id === pi.id)!;
    expect(at).toMatchObject({ status: 'canceled', amount_capturable: 0 });
    const cancel = standIn.state.requests.find(
      (r) => r.path === `/v1/payment_intents/${pi.id}/cancel`,
    )!;
    expect(cancel.idempotencyKey).toBe(holdCancelKey(row.id));
    expect((await db.outboxJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe('DONE');
  });

  it('counts a hold canceled already as done, and retries a Stripe that did not answer', async () => {
    const reviewer = actorOf(await makeUser(db, { role: 'REVIEWER' }));
    const need = await unfunded();
    const pi = await paymentIntent();
    await confirmFunding(db, reviewer, need.id, {
      payer: 'ENTERPRISE',
      method: 'STRIPE_HOLD',
      stripePaymentIntentId: pi.id,
    });
    await stripe().paymentIntents.cancel(pi.id); // by hand, on the dashboard
    await transition(db, reviewer, need.id, 'reject', { comment: '不属于支持范围' });
    standIn.setFaults([{ path: `/v1/payment_intents/${pi.id}/cancel`, status: 503, times: 1 }]);
    expect(await runCancels()).toMatchObject({ claimed: 1, retried: 1 });
    expect(await runCancels().then((s) => s.claimed), 'not due before its backoff').toBe(0);
    const summary = await runCancels(new Date(Date.now() + 60 * 60_000));
    expect(summary).toMatchObject({ claimed: 1, done: 1 });
    const row = await db.fundingConfirmation.findFirstOrThrow({ where: { challengeId: need.id } });
    const job = await db.outboxJob.findUniqueOrThrow({
      where: { idempotencyKey: holdCancelKey(row.id) },
    });
    expect(job).toMatchObject({ status: 'DONE' });
    expect(job.lastError).toMatch(/canceled already/);
  });

  it('with the Stripe rail off: a hold is refused on the method, and the card does not offer it', async () => {
    const reviewer = await makeUser(db, { role: 'REVIEWER' });
    const need = await unfunded();
    expect((await fundingForReview(db, need.id))?.stripeHold).toBe(true);
    const pi = await paymentIntent();
    const before = await snapshot(need.id);
    const requests = standIn.state.requests.length;
    delete process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_WEBHOOK_SECRET;
    expect((await fundingForReview(db, need.id))?.stripeHold).toBe(false);
    const answer = await postHold(reviewer, need.id, pi.id);
    expect(errorsOf(answer).method).toEqual(['funding.errors.stripeOff']);
    expect(await snapshot(need.id)).toEqual(before);
    expect(standIn.state.requests.length).toBe(requests);
  });
});
