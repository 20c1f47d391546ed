// What the Stripe Connect rail learns about a payment, applied to its disbursement: from a
// verified webhook event (stripe-webhook.server.ts) or from the rail itself when its
// transfers.create call returns. Always inside the caller's transaction, so that the webhook's
// event id, the status change, its ledger journals and its audit record commit together.
//
// The decision is the pure decideStripeOutcome (app/domain/stripe-events.ts: precedence failed >
// reversed > created, events of another attempt ignored); the change goes through the
// disbursement service's markPaid / markReversed / markFailed, which own the ledger and audit
// and, as kernel commands, join the caller's transaction.
// See docs/decisions/011-stripe-webhooks.md.
import { reversalKeyFor, type DisbursementStatus } from '~/domain/disbursement';
import { formatWan } from '~/domain/money';
import { shanghaiDateString } from '~/domain/shanghai-date';
import {
  decideStripeOutcome,
  PAYOUT_FAILED_ON_STRIPE,
  REVERSED_ON_STRIPE,
  type StripeOutcome,
} from '~/domain/stripe-events';
import type { Tx } from '~/lib/db.server';
import { enqueue, requestOutboxRun } from '~/lib/outbox.server';
import type { RailPayment } from '~/lib/payment-rail.server';
import type { Actor } from '~/services/kernel/actor';
import type { Context } from '~/services/kernel/command.server';
import { notifyOrganization } from '~/services/kernel/notify.server';
import {
  markFailed,
  markPaid,
  markReversed,
} from '~/services/payments/disbursement-outcomes.server';
import { withDisbursement, type Row } from '~/services/payments/disbursement-rows.server';
import { DisbursementError } from '~/services/payments/refusals';

/** The outbox job that takes a transfer back from the team's account (stripe-rail.server.ts). */
export const STRIPE_REVERSAL_JOB = 'stripe.transfer-reversal';

/** What a reversal job carries: the attempt whose transfer it takes back, and that transfer. */
export type StripeReversalPayload = Pick<
  RailPayment,
  'disbursementId' | 'contractId' | 'attempt' | 'amountFen'
> & { transferId: string };

/** The platform itself, confirming what the payment rail reported (audited with no actor). */
export const STRIPE_ACTOR: Actor = { id: 'system', role: 'SYSTEM', organizationId: '' };

export type StripeOutcomeResult = {
  /** whether the disbursement's status changed */
  changed: boolean;
  /** its status after the outcome */
  status: DisbursementStatus;
  /**
   * mail to the team about the change, to send once the transaction committed: the caller's
   * transaction may be a kernel command's (ctx.deliverAfterCommit) or the outbox's own
   */
  mailIds: string[];
};

/** The team hears of a payment made or failed, as with the recorded bank transfer. */
async function tellTeam(
  tx: Tx,
  id: string,
  kind: 'disbursement.paid' | 'disbursement.failed',
  extra: { date?: Date; comment?: string },
): Promise<string[]> {
  const d = await tx.disbursement.findUniqueOrThrow({
    where: { id },
    select: {
      amountFen: true,
      contract: { select: { code: true, teamId: true } },
      milestone: { select: { title: true } },
    },
  });
  return notifyOrganization(tx, d.contract.teamId, {
    kind,
    params: {
      contract: d.contract.code,
      title: d.milestone.title,
      amount: formatWan(Number(d.amountFen), 'zh'),
      ...(extra.date ? { date: shanghaiDateString(extra.date) } : {}),
      ...(extra.comment ? { comment: extra.comment } : {}),
    },
    link: `/workspace/contracts/${d.contract.code}`,
  });
}

/**
 * Applies one Stripe outcome to its disbursement inside `tx`, with the contract locked first.
 * Idempotent: the same outcome again changes nothing. The transfer id is stored on the row
 * whenever the outcome tells it for the current attempt, even when the status does not change
 * (a creation told after the failure, say).
 *
 * Refusals (thrown, before any write): `notFound` (no such disbursement), `wrongRail` (not a
 * Stripe disbursement), `invalidEvidence` (a transfer.created without its transfer id).
 */
export async function applyStripeOutcome(
  tx: Tx,
  outcome: StripeOutcome,
  opts: { now?: Date } = {},
): Promise<StripeOutcomeResult> {
  const now = opts.now ?? new Date();
  return withDisbursement(tx, STRIPE_ACTOR, outcome.disbursementId, async (ctx, d) => {
    if (d.rail !== 'STRIPE') throw new DisbursementError('wrongRail', { detail: d.rail });
    if (outcome.kind === 'transfer.created' && !outcome.transferId)
      throw new DisbursementError('invalidEvidence', { detail: 'transfer id missing' });
    const status = d.status as DisbursementStatus;
    const decision = decideStripeOutcome({ status, attempt: d.attempt }, outcome);

    // The transfer id of the current attempt, kept whatever the status does; never replaced by
    // another one (one transfer per attempt, by its idempotency key), never one of another
    // attempt.
    const sameAttempt = outcome.attempt === d.attempt;
    const paying = decision.change && decision.action === 'pay';
    if (sameAttempt && outcome.transferId && !d.stripeTransferId && !paying) {
      const n = await ctx.tx.disbursement.updateMany({
        where: { id: d.id, attempt: d.attempt, stripeTransferId: null },
        data: { stripeTransferId: outcome.transferId },
      });
      if (n.count === 1)
        await ctx.audit({
          action: 'disbursement.transferRecorded',
          entityType: 'Disbursement',
          entityId: d.id,
          at: now,
          data: {
            status,
            attempt: d.attempt,
            event: outcome.kind,
            transferId: outcome.transferId,
          },
        });
    }

    const result = await applyDecision(ctx.tx, d.id, outcome, decision, status, now);
    if (sameAttempt) await settleTransferReversal(ctx, d, outcome, now);
    return result;
  });
}

async function applyDecision(
  tx: Tx,
  id: string,
  outcome: StripeOutcome,
  decision: ReturnType<typeof decideStripeOutcome>,
  status: DisbursementStatus,
  now: Date,
): Promise<StripeOutcomeResult> {
  if (!decision.change) return { changed: false, status, mailIds: [] };
  switch (decision.action) {
    case 'pay': {
      const paid = await markPaid(
        tx,
        STRIPE_ACTOR,
        id,
        { rail: 'STRIPE', reference: outcome.transferId!, paidAt: now },
        { now },
      );
      const mailIds = paid.changed
        ? await tellTeam(tx, id, 'disbursement.paid', { date: now })
        : [];
      return { changed: paid.changed, status: paid.disbursement.status, mailIds };
    }
    case 'reverse': {
      const reason = outcome.reason?.trim() || REVERSED_ON_STRIPE;
      const reversed = await markReversed(tx, STRIPE_ACTOR, id, { reason }, { now });
      return { changed: true, status: reversed.status, mailIds: [] };
    }
    case 'fail': {
      const reason = outcome.reason?.trim() || PAYOUT_FAILED_ON_STRIPE;
      const failed = await markFailed(tx, STRIPE_ACTOR, id, { reason }, { now });
      const mailIds = await tellTeam(tx, id, 'disbursement.failed', { comment: reason });
      return { changed: true, status: failed.status, mailIds };
    }
    default:
      throw new Error(`unexpected Stripe decision ${decision.action}`);
  }
}

/**
 * A FAILED attempt whose transfer was made and not yet seen reversed has left the instalment in
 * the team's Stripe balance (its payout failed), not with the bureau. A job takes the transfer
 * back (stripe.transfer-reversal), and retryDisbursement waits for it, or the team would hold
 * the instalment twice. Whatever order the events come in: a transfer id learnt after the
 * failure queues the job as well; a transfer.reversed (ours or anyone's) settles it.
 */
async function settleTransferReversal({ tx }: Context, d: Row, outcome: StripeOutcome, now: Date) {
  const key = reversalKeyFor(d.idempotencyKey);
  if (outcome.kind === 'transfer.reversed') {
    await tx.disbursement.updateMany({
      where: { id: d.id, attempt: d.attempt, reversedAt: null },
      data: { reversedAt: now },
    });
    await tx.outboxJob.updateMany({
      where: { idempotencyKey: key, status: { not: 'DONE' } },
      data: { status: 'DONE', doneAt: now, lockedUntil: null, lastError: 'transfer.reversed seen' },
    });
    return;
  }
  const row = await tx.disbursement.findUniqueOrThrow({
    where: { id: d.id },
    select: { status: true, stripeTransferId: true, reversedAt: true },
  });
  if (row.status !== 'FAILED' || !row.stripeTransferId || row.reversedAt) return;
  const payload: StripeReversalPayload = {
    disbursementId: d.id,
    contractId: d.contractId,
    attempt: d.attempt,
    transferId: row.stripeTransferId,
    amountFen: Number(d.amountFen),
  };
  if (await enqueue(tx, { kind: STRIPE_REVERSAL_JOB, idempotencyKey: key, payload }))
    requestOutboxRun();
}
