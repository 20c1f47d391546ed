// What became of an approved instalment's money: paid (an admin records the bank transfer, or
// the Stripe rail confirms its transfer), failed (it did not go through: the instalment may be
// requested again, disbursements.server.ts), or reversed (it came back, or was paid in error).
// Each is a kernel command on the contract's lock (disbursementCommand), with its ledger
// journals and audit record; the Stripe rail applies its outcomes through markPaid, markFailed
// and markReversed inside its own transaction (stripe-outcomes.server.ts).
import type { DisbursementStatus } from '~/domain/disbursement';
import {
  disbursementFailedJournal,
  disbursementPaidJournal,
  disbursementReversedJournals,
  disbursementReversedUnpaidJournal,
  type LedgerEvent,
  type Posting,
} from '~/domain/ledger';
import type { Db, Tx } from '~/lib/db.server';
import { toFen } from '~/lib/fen';
import { bankTransferRail, type BankTransferInput, type RailName } from '~/lib/payment-rail.server';
import type { Actor } from '~/services/kernel/actor';
import type { Context } from '~/services/kernel/command.server';
import {
  auditMove,
  facts,
  guardedUpdate,
  moveDisbursement,
  isUniqueViolation,
  postDisbursementJournal,
  reason,
  transition,
  view,
  withDisbursement,
  type DisbursementView,
  type Row,
} from '~/services/payments/disbursement-rows.server';
import { DisbursementError, PAYMENT_ERRORS } from '~/services/payments/refusals';

type Opts = { now?: Date };

export type PaymentEvidence = {
  rail: RailName;
  /** the bank's reference (BANK) or the transfer's id (STRIPE) */
  reference: string;
  paidAt: Date;
};

type Paid = { disbursement: DisbursementView; changed: boolean };

/**
 * APPROVED → PAID, for any rail, inside `db`'s transaction or a new one. The same evidence again
 * is idempotent ({ changed: false }); other evidence for a paid instalment is refused.
 */
export async function markPaid(
  db: Db | Tx,
  actor: Actor,
  id: string,
  evidence: PaymentEvidence,
  opts: Opts = {},
): Promise<Paid> {
  return withDisbursement(db, actor, id, (ctx, d) => markPaidLocked(ctx, actor, d, evidence, opts));
}

async function markPaidLocked(
  { tx, audit }: Context,
  actor: Actor,
  d: Row,
  evidence: PaymentEvidence,
  opts: Opts,
): Promise<Paid> {
  const now = opts.now ?? new Date();
  if (d.rail !== evidence.rail) throw new DisbursementError('wrongRail', { detail: d.rail });
  const stored = evidence.rail === 'BANK' ? d.bankReference : d.stripeTransferId;
  if (d.status === 'PAID') {
    if (stored === evidence.reference) return { disbursement: view(d), changed: false };
    throw new DisbursementError('alreadyPaid', { detail: stored ?? undefined });
  }
  const to = transition(d.status, 'pay', actor);
  if (evidence.rail === 'BANK') {
    // the common case, refused before any write; the contract's lock does not cover another
    // contract's recording of the same reference, the unique (rail, bankReference) does
    const other = await tx.disbursement.findFirst({
      where: { rail: 'BANK', bankReference: evidence.reference, id: { not: d.id } },
      select: { id: true },
    });
    if (other) throw new DisbursementError('referenceInUse', { disbursementId: other.id });
  }

  let after: Row;
  try {
    after = await guardedUpdate(tx, d, {
      status: to,
      paidAt: evidence.paidAt,
      ...(evidence.rail === 'BANK'
        ? { bankReference: evidence.reference }
        : { stripeTransferId: evidence.reference }),
      confirmedById: actor.role === 'SYSTEM' ? null : actor.id,
    });
  } catch (error) {
    // Another contract's transaction recorded the reference and committed while this one
    // waited on the unique index. The refusal rolls the transaction back, which PostgreSQL has
    // aborted at the failed statement anyway.
    if (evidence.rail === 'BANK' && isUniqueViolation(error, 'bankReference'))
      throw new DisbursementError('referenceInUse');
    throw error;
  }
  await postDisbursementJournal(
    tx,
    d,
    'paid',
    disbursementPaidJournal(facts(d)),
    `paid by ${evidence.rail} ${evidence.reference}`,
    now,
  );
  await auditMove(audit, d, 'paid', to, now, {
    amountFen: toFen(d.amountFen),
    attempt: d.attempt,
    rail: evidence.rail,
    reference: evidence.reference,
    paidAt: evidence.paidAt.toISOString(),
  });
  return { disbursement: view(after), changed: true };
}

/**
 * The default rail: an admin records the bank transfer the bureau made (reference and date).
 * Recording the same reference again changes nothing; a different one for a paid instalment
 * is refused, as is a reference already recorded for another disbursement.
 */
export async function recordBankTransfer(
  db: Db | Tx,
  actor: Actor,
  id: string,
  input: BankTransferInput,
  opts: Opts = {},
): Promise<Paid> {
  const now = opts.now ?? new Date();
  return withDisbursement(db, actor, id, async (ctx, d) => {
    if (actor.role !== 'ADMIN') throw new DisbursementError('forbidden');
    const checked = bankTransferRail.evidence(input, { approvedAt: d.approvedAt, now });
    if (!checked.ok)
      // the message names what is wrong, beside the field it concerns
      throw new DisbursementError('invalidEvidence', {
        detail: checked.error,
        key: `${PAYMENT_ERRORS}.${checked.error}`,
        field: checked.error === 'reference' ? 'reference' : 'paidOn',
      });
    return markPaidLocked(ctx, actor, d, { rail: 'BANK', ...checked.evidence }, { now });
  });
}

/** Fails or reverses an instalment, for a reason. */
type WithReason = (
  db: Db | Tx,
  actor: Actor,
  id: string,
  input: { reason: string },
  opts?: Opts,
) => Promise<DisbursementView>;

/**
 * A move that needs a reason (a failure, a reversal): the reason is checked before anything is
 * read, then `work` makes the move on the row as read under its contract's lock.
 */
function withReason(
  action: 'fail' | 'reverse',
  work: (
    ctx: Context,
    d: Row,
    move: { to: DisbursementStatus; now: Date; why: string },
  ) => Promise<DisbursementView>,
): WithReason {
  return async (db, actor, id, input, opts = {}) => {
    const why = reason(input.reason);
    return moveDisbursement(db, actor, id, action, opts, (ctx, d, move) =>
      work(ctx, d, { ...move, why }),
    );
  };
}

/**
 * → FAILED: the payment did not go through, and the instalment can be retried.
 * - APPROVED → FAILED (an admin records a returned bank transfer; a rail reports its failure as
 *   SYSTEM): the approval's money goes back to the commitment.
 * - PAID → FAILED (SYSTEM only: Stripe made the transfer but the payout to the team's bank
 *   failed): the same two negations as a reversal, under their own journal ids, so the money
 *   rests in the contract's commitment again.
 * - REVERSED → FAILED (SYSTEM only: a failed payout told after the reversal): no journal, the
 *   reversal already netted the money back; the status and the reason make it retryable.
 */
export const markFailed = withReason('fail', async ({ tx, audit }, d, { to, now, why }) => {
  const after = await guardedUpdate(tx, d, { status: to, failureReason: why });
  const journals: [Exclude<LedgerEvent, 'signed'>, readonly Posting[], string][] = [];
  if (d.status === 'APPROVED') {
    journals.push(['failed', disbursementFailedJournal(facts(d)), 'failed']);
  } else if (d.status === 'PAID') {
    const [unpaid, unapproved] = disbursementReversedJournals(facts(d));
    journals.push(['failed-paid', unpaid, 'failed after payment, reversal of paid']);
    journals.push(['failed-approved', unapproved, 'failed after payment, reversal of approved']);
  }
  // from REVERSED: nothing to post, the reversal's journals already netted it
  for (const [event, postings, what] of journals) {
    await postDisbursementJournal(
      tx,
      d,
      event,
      postings,
      `${what} (attempt ${d.attempt}): ${why}`,
      now,
    );
  }
  await auditMove(audit, d, 'failed', to, now, { attempt: d.attempt, reason: why });
  return view(after);
});

/** An admin records that an approved payment failed (the bank returned it, say). */
export const failDisbursement: WithReason = async (db, actor, id, input, opts) => {
  if (actor.role !== 'ADMIN') throw new DisbursementError('forbidden');
  return markFailed(db, actor, id, input, opts);
};

/**
 * PAID → REVERSED (rare): the payment came back or was made in error. Two new journals negate
 * the payment and the approval; nothing is edited or deleted. The instalment's money rests in
 * the contract's commitment again, and no longer counts as paid.
 * APPROVED → REVERSED (SYSTEM only: Stripe told a transfer's reversal before its creation):
 * the approval alone is negated.
 */
export const markReversed = withReason('reverse', async ({ tx, audit }, d, { to, now, why }) => {
  const after = await guardedUpdate(tx, d, { status: to, reversedAt: now, failureReason: why });
  const [unpaid, unapproved] = disbursementReversedJournals(facts(d));
  const journals =
    d.status === 'PAID'
      ? ([
          ['reversed-paid', unpaid],
          ['reversed-approved', unapproved],
        ] as const)
      : ([['reversed-approved', disbursementReversedUnpaidJournal(facts(d))]] as const);
  for (const [event, postings] of journals) {
    const what = `reversal of ${event.slice('reversed-'.length)}`;
    await postDisbursementJournal(tx, d, event, postings, `${what}: ${why}`, now);
  }
  await auditMove(audit, d, 'reversed', to, now, {
    amountFen: toFen(d.amountFen),
    attempt: d.attempt,
    reason: why,
  });
  return view(after);
});

/** An admin reverses a recorded payment. */
export const reverseDisbursement: WithReason = markReversed;
