// The Stripe Connect payment rail (docs/decisions/012-stripe-rail-and-outbox.md).
//
// start() runs inside the approval transaction, after the disbursement's idempotency key was
// saved on its row: it only writes an outbox job ('stripe.transfer') keyed by that key. No
// network inside a transaction. After commit a worker (outbox-worker.server.ts in the app
// server, or `npm run outbox:run`) claims the job and
//   1. transfers.create  — platform → the team's connected account, Idempotency-Key = the
//                          disbursement's key (jiebang-disbursement:<id>:<attempt>);
//   2. payouts.create    — the connected account → the team's bank, on that account
//                          (Stripe-Account), Idempotency-Key = the same key + ':payout';
//   3. in one transaction: the transfer's outcome on the disbursement (applyStripeOutcome,
//      APPROVED → PAID with the transfer id) and the job DONE.
// A crash anywhere leaves the job RUNNING until its lease runs out; the next worker runs it again
// with the same keys, and Stripe answers with the same transfer and payout: paid once.
// A transfer Stripe refused (4xx) did not happen: the disbursement is marked FAILED with the
// reason, in the transaction that marks the job FAILED, and can be retried as a new attempt
// with a new key (and a new job).
//
// The module registers the rail when it loads; the app server loads it through
// outbox-worker.server.ts (imported by entry.server.tsx), scripts and tests import it.
import type { Db, Tx } from '~/lib/db.server';
import { deliver } from '~/lib/mail.server';
import {
  enqueue,
  requestOutboxRun,
  type ClaimedJob,
  type ErrorDecision,
  type Handlers,
  type OutboxHandler,
} from '~/lib/outbox.server';
import { registerRail, type PaymentRail, type RailPayment } from '~/lib/payment-rail.server';
import {
  applyStripeOutcome,
  STRIPE_ACTOR,
  STRIPE_REVERSAL_JOB,
  type StripeReversalPayload,
} from '~/services/payments/stripe-outcomes.server';
import { classifyStripeError, describeStripeError, stripe } from '~/lib/stripe/client.server';
import { HOLD_CANCEL_JOB, holdCancelHandler } from '~/services/funding/stripe-hold.server';
import { lockContract } from '~/services/kernel/locks.server';
import { markFailed } from '~/services/payments/disbursement-outcomes.server';
import { StripeAccountMissingError } from '~/services/payments/refusals';

export const STRIPE_TRANSFER_JOB = 'stripe.transfer';

/** The currency of every reward: amounts are fen, Stripe's smallest unit of CNY. */
export const CURRENCY = 'cny';

/** What a 'stripe.transfer' job carries: everything the calls need, fixed at approval. */
export type StripeTransferPayload = Omit<RailPayment, 'idempotencyKey'> & {
  /** the team's connected account at approval (acct_…) */
  destination: string;
};

export class StripeConnectRail implements PaymentRail {
  readonly name = 'STRIPE' as const;

  async start(tx: Tx, payment: RailPayment): Promise<void> {
    const team = await tx.organization.findUnique({
      where: { id: payment.teamId },
      select: { stripeAccountId: true },
    });
    if (!team?.stripeAccountId) throw new StripeAccountMissingError(payment.teamId);
    const payload: StripeTransferPayload = {
      disbursementId: payment.disbursementId,
      contractId: payment.contractId,
      teamId: payment.teamId,
      attempt: payment.attempt,
      amountFen: payment.amountFen,
      destination: team.stripeAccountId,
    };
    await enqueue(tx, {
      kind: STRIPE_TRANSFER_JOB,
      idempotencyKey: payment.idempotencyKey,
      payload,
    });
    // the job is visible once the approval commits; the worker of this process (if any) looks
    // shortly, its poll and `npm run outbox:run` find it in any case
    requestOutboxRun();
  }
}

export const stripeConnectRail = new StripeConnectRail();
registerRail(stripeConnectRail);

/** The disbursement's state, read in a transaction of its own (see outbox.server.ts). */
async function current(db: Db, id: string) {
  return db.$transaction((tx) =>
    tx.disbursement.findUnique({
      where: { id },
      select: { status: true, attempt: true, rail: true },
    }),
  );
}

const metadataOf = (p: { disbursementId: string; attempt: number }) => ({
  disbursementId: p.disbursementId,
  attempt: String(p.attempt),
});

// Stripe forgets an idempotency key 24 hours after its first use; a retry after that could pay
// a second time. A job still failing after 23 hours is left to an operator (reconcile with the
// dashboard: the transfer's transfer_group is disbursement_<id>, its metadata the attempt).
const RETRY_WINDOW_MS = 23 * 60 * 60 * 1000;

export const stripeTransferHandler: OutboxHandler<StripeTransferPayload> = {
  retryWindowMs: RETRY_WINDOW_MS,

  async run(job: ClaimedJob<StripeTransferPayload>, { db }) {
    const p = job.payload;
    const d = await current(db, p.disbursementId);
    // Only an APPROVED (or, after the webhook told the transfer, PAID) disbursement of this
    // attempt is paid. Another state means someone decided otherwise (a failure recorded, a
    // retry with a new attempt and key): sending this key now could pay what is no longer due.
    if (
      !d ||
      d.rail !== 'STRIPE' ||
      d.attempt !== p.attempt ||
      (d.status !== 'APPROVED' && d.status !== 'PAID')
    ) {
      return {
        note: `superseded: the disbursement is ${d ? `${d.status} at attempt ${d.attempt}` : 'gone'}; nothing sent`,
      };
    }

    const client = stripe();
    const transfer = await client.transfers.create(
      {
        amount: p.amountFen,
        currency: CURRENCY,
        destination: p.destination,
        transfer_group: `disbursement_${p.disbursementId}`,
        metadata: metadataOf(p),
      },
      { idempotencyKey: job.idempotencyKey },
    );
    let mailIds: string[] = [];
    const recordTransfer = async (tx: Tx) => {
      const applied = await applyStripeOutcome(tx, {
        kind: 'transfer.created',
        disbursementId: p.disbursementId,
        attempt: p.attempt,
        transferId: transfer.id,
      });
      mailIds = applied.mailIds;
    };
    const sendMail = () => deliver(db, mailIds);

    try {
      await client.payouts.create(
        { amount: p.amountFen, currency: CURRENCY, metadata: metadataOf(p) },
        { stripeAccount: p.destination, idempotencyKey: `${job.idempotencyKey}:payout` },
      );
    } catch (error) {
      // retried as a whole: the transfer replays (same key, same transfer), then the payout
      if (classifyStripeError(error) === 'retry') throw error;
      // The money reached the team's Stripe balance, so the transfer is recorded (PAID); the
      // payout stays for an operator (or Stripe's automatic payouts). A payout.failed event, if
      // Stripe sends one, is the webhook's to apply.
      return {
        effect: recordTransfer,
        afterCommit: sendMail,
        failed: `transfer ${transfer.id} made; payout refused: ${describeStripeError(error)}`,
      };
    }
    return { effect: recordTransfer, afterCommit: sendMail };
  },

  classify(error: unknown): ErrorDecision {
    switch (classifyStripeError(error)) {
      case 'refused':
        return 'fail';
      case 'conflict':
        return 'abandon';
      default:
        return 'retry';
    }
  },

  describe: describeStripeError,

  /** Stripe refused the transfer: it did not happen, the disbursement FAILED with the reason. */
  async onFailed(tx, job, reason) {
    const p = job.payload;
    await lockContract(tx, p.contractId);
    const d = await tx.disbursement.findUnique({
      where: { id: p.disbursementId },
      select: { status: true, attempt: true },
    });
    if (d?.status !== 'APPROVED' || d.attempt !== p.attempt) return;
    await markFailed(tx, STRIPE_ACTOR, p.disbursementId, {
      reason: `Stripe refused the transfer: ${reason}`,
    });
  },
};

/**
 * Takes a transfer back from the team's connected account after its payout failed (enqueued
 * by applyStripeOutcome). The disbursement is FAILED already; its retry waits until this job
 * is DONE. A reversal Stripe refuses (the team spent the balance, say) is left FAILED for an
 * operator, and the retry stays blocked: paying again would pay twice.
 */
export const stripeReversalHandler: OutboxHandler<StripeReversalPayload> = {
  retryWindowMs: RETRY_WINDOW_MS,

  async run(job: ClaimedJob<StripeReversalPayload>) {
    const p = job.payload;
    const reversal = await stripe().transfers.createReversal(
      p.transferId,
      { amount: p.amountFen, metadata: metadataOf(p) },
      { idempotencyKey: job.idempotencyKey },
    );
    return { note: `reversal ${reversal.id} of ${p.transferId}` };
  },

  classify(error: unknown): ErrorDecision {
    return classifyStripeError(error) === 'retry' ? 'retry' : 'abandon';
  },

  describe: describeStripeError,
};

/**
 * The outbox handlers of the Stripe rail, for runOutbox(): its payments, and the cancelling of
 * a released funds hold (榜额到位, services/funding/stripe-hold.server.ts).
 */
export const stripeOutboxHandlers: Handlers = {
  [STRIPE_TRANSFER_JOB]: stripeTransferHandler as OutboxHandler<never>,
  [STRIPE_REVERSAL_JOB]: stripeReversalHandler as OutboxHandler<never>,
  [HOLD_CANCEL_JOB]: holdCancelHandler as OutboxHandler<never>,
};
