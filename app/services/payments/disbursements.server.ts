// Reward disbursements (人才奖励资金兑付): a reviewer requests an accepted, bureau-confirmed
// milestone's instalment; an admin who did not request it approves (four-eyes); the payment
// rail pays it (by default an admin records the bank transfer); a failed payment is retried as
// a new attempt with a new idempotency key; a payment may be reversed. Here: the request, the
// approval and the retry; what became of the money (paid, failed, reversed) is in
// disbursement-outcomes.server.ts.
//
// Money safety (docs/decisions/009-money-writes.md, 019-service-kernel.md):
// - every operation is a kernel command: the change, its audit record and its ledger journal
//   commit in one transaction whose first statement locks the contract's row, so two
//   operations on one contract never interleave on either engine: the reward check
//   (paid + in flight + this ≤ reward) reads sums nobody else can change until commit;
// - the status-guarded updateMany (disbursement-rows.server.ts: status and attempt in the
//   WHERE) and the unique Disbursement.milestoneId are the database's own second line;
// - a refusal (DisbursementError, or the domain's FourEyesError and OverpaymentError) rolls the
//   operation back and is thrown. Given a caller's transaction (the Stripe webhook, the contract
//   page's payment forms), an operation joins it, and the caller's command rolls back as a whole
//   or decides otherwise; those edges turn refusals into results.
import { randomUUID } from 'node:crypto';
import { assertFourEyes, FourEyesError } from '~/domain/award';
import {
  DISBURSEMENT_REQUESTER_ROLES,
  idempotencyKeyFor,
  reversalKeyFor,
} from '~/domain/disbursement';
import { disbursementApprovedJournal } from '~/domain/ledger';
import { isOneOf } from '~/domain/one-of';
import type { Db, Tx } from '~/lib/db.server';
import { toFen } from '~/lib/fen';
import { defaultRail, railFor } from '~/lib/payment-rail.server';
import type { Actor } from '~/services/kernel/actor';
import {
  assertPayable,
  assertRoom,
  auditMove,
  disbursementCommand,
  facts,
  guardedUpdate,
  moveDisbursement,
  postDisbursementJournal,
  view,
  VIEW_ROW,
  type DisbursementView,
} from '~/services/payments/disbursement-rows.server';
import { ensureContractInLedger } from '~/services/payments/ledger.server';
import { DisbursementError } from '~/services/payments/refusals';

type Opts = { now?: Date };

/**
 * A reviewer asks for the instalment of an accepted, bureau-confirmed milestone. Its amount is
 * the milestone's; the reward check counts what the contract has paid and has in flight.
 */
export async function requestDisbursement(
  db: Db | Tx,
  actor: Actor,
  milestoneId: string,
  opts: Opts = {},
): Promise<DisbursementView> {
  const now = opts.now ?? new Date();
  if (!isOneOf(DISBURSEMENT_REQUESTER_ROLES, actor.role)) throw new DisbursementError('forbidden');
  const head = await db.milestone.findUnique({
    where: { id: milestoneId },
    select: { contractId: true },
  });
  if (!head) throw new DisbursementError('notFound');
  try {
    return await disbursementCommand(db, actor, head.contractId, async ({ tx, audit }) => {
      const m = await tx.milestone.findUnique({
        where: { id: milestoneId },
        select: {
          seq: true,
          status: true,
          confirmedAt: true,
          amountFen: true,
          disbursement: { select: { id: true } },
          contract: {
            select: { id: true, code: true, status: true, rewardFen: true, signedAt: true },
          },
        },
      });
      if (!m) throw new DisbursementError('notFound');
      if (m.disbursement)
        throw new DisbursementError('alreadyRequested', { disbursementId: m.disbursement.id });
      assertPayable(m.contract, m);
      const amountFen = toFen(m.amountFen);
      await assertRoom(tx, m.contract, amountFen);
      await ensureContractInLedger(tx, m.contract);

      const id = randomUUID();
      const rail = defaultRail();
      const idempotencyKey = idempotencyKeyFor(id, 1);
      const created = await tx.disbursement.create({
        select: VIEW_ROW,
        data: {
          id,
          contractId: m.contract.id,
          milestoneId,
          amountFen: BigInt(amountFen),
          status: 'REQUESTED',
          rail: rail.name,
          idempotencyKey,
          attempt: 1,
          requestedById: actor.id,
          requestedAt: now,
        },
      });
      await audit({
        action: 'disbursement.requested',
        entityType: 'Disbursement',
        entityId: id,
        at: now,
        data: {
          contract: m.contract.code,
          milestone: m.seq,
          amountFen,
          rail: rail.name,
          attempt: 1,
          idempotencyKey,
        },
      });
      return view(created);
    });
  } catch (error) {
    // the unique milestoneId held where the lock did not (a caller's own transaction)
    if ((error as { code?: string }).code === 'P2002')
      throw new DisbursementError('alreadyRequested');
    throw error;
  }
}

/** An admin other than the requester approves; the instalment becomes payable to the team. */
export async function approveDisbursement(
  db: Db | Tx,
  actor: Actor,
  id: string,
  opts: Opts = {},
): Promise<DisbursementView> {
  return moveDisbursement(db, actor, id, 'approve', opts, async ({ tx, audit }, d, { to, now }) => {
    // a request without a recorded requester cannot prove two different people
    if (!d.requestedById) throw new FourEyesError(actor.id);
    assertFourEyes(d.requestedById, actor.id);
    assertPayable(d.contract, d.milestone);
    await assertRoom(tx, d.contract, toFen(d.amountFen), d.id);

    const after = await guardedUpdate(tx, d, {
      status: to,
      approvedById: actor.id,
      approvedAt: now,
    });
    await postDisbursementJournal(
      tx,
      d,
      'approved',
      disbursementApprovedJournal(facts(d)),
      `approved (attempt ${d.attempt})`,
      now,
    );
    await railFor(d.rail).start(tx, {
      disbursementId: d.id,
      contractId: d.contractId,
      teamId: d.contract.teamId,
      amountFen: toFen(d.amountFen),
      attempt: d.attempt,
      idempotencyKey: d.idempotencyKey,
    });
    await auditMove(audit, d, 'approved', to, now, {
      amountFen: toFen(d.amountFen),
      attempt: d.attempt,
    });
    return view(after);
  });
}

/**
 * FAILED → REQUESTED: a reviewer requests the instalment again. A new attempt with a new
 * idempotency key (so the rail pays this attempt, not a replay of the failed one), a new
 * requester (four-eyes applies to them), checked against the reward again.
 */
export async function retryDisbursement(
  db: Db | Tx,
  actor: Actor,
  id: string,
  opts: Opts = {},
): Promise<DisbursementView> {
  return moveDisbursement(db, actor, id, 'retry', opts, async ({ tx, audit }, d, { to, now }) => {
    assertPayable(d.contract, d.milestone);
    const amountFen = toFen(d.amountFen);
    await assertRoom(tx, d.contract, amountFen, d.id);
    // a Stripe transfer whose payout failed is taken back first (stripe-outcomes.server.ts)
    const reversal = await tx.outboxJob.findUnique({
      where: { idempotencyKey: reversalKeyFor(d.idempotencyKey) },
      select: { status: true },
    });
    if (reversal && reversal.status !== 'DONE' && !d.reversedAt)
      throw new DisbursementError('reversalPending');
    const attempt = d.attempt + 1;
    const idempotencyKey = idempotencyKeyFor(d.id, attempt);
    const after = await guardedUpdate(tx, d, {
      status: to,
      attempt,
      idempotencyKey,
      requestedById: actor.id,
      requestedAt: now,
      approvedById: null,
      approvedAt: null,
      failureReason: null,
      // a Stripe attempt may have been paid (or reversed) before it failed: the row describes
      // the new attempt, the audit trail keeps the old one's evidence
      paidAt: null,
      confirmedById: null,
      stripeTransferId: null,
      reversedAt: null,
    });
    await auditMove(audit, d, 'retried', to, now, {
      amountFen,
      attempt,
      idempotencyKey,
      previousFailure: d.failureReason,
      ...(d.stripeTransferId ? { previousTransferId: d.stripeTransferId } : {}),
    });
    return view(after);
  });
}
