// Reward disbursements (人才奖励资金兑付): a reviewer requests an accepted, bureau-confirmed
// milestone's instalment; an admin who did not request it approves (four-eyes); the payment
// rail pays it (by default an admin records the bank transfer); a failed payment is retried as
// a new attempt with a new idempotency key; a payment may be reversed.
//
// Money safety (docs/decisions/009-money-writes.md):
// - every change, its audit record and its ledger journal commit in one transaction;
// - every transaction first locks the contract's row (lockContract), then reads and decides,
//   so two operations on one contract never interleave on either engine: the reward check
//   (paid + in flight + this ≤ reward) reads sums nobody else can change until commit;
// - the status-guarded updateMany (status and attempt in the WHERE) and the unique
//   Disbursement.milestoneId are the database's own second line;
// - a refusal (DisbursementError, FourEyesError, OverpaymentError) is decided before any write
//   and thrown after the transaction ends without writes, so it never rolls anything back;
//   the one exception, a bank reference another contract's transaction took meanwhile, is
//   told by the unique (rail, bankReference) index and rolls its transaction back.
import { randomUUID } from 'node:crypto';
import { assertFourEyes, FourEyesError } from '~/domain/award';
import {
  assertWithinReward,
  DISBURSEMENT_REQUESTER_ROLES,
  idempotencyKeyFor,
  IN_FLIGHT_STATUSES,
  OverpaymentError,
  PAID_STATUSES,
  reversalKeyFor,
  transitionDisbursement,
  type DisbursementAction,
  type DisbursementStatus,
} from '~/domain/disbursement';
import {
  disbursementApprovedJournal,
  disbursementFailedJournal,
  disbursementJournalId,
  disbursementPaidJournal,
  disbursementReversedJournals,
  disbursementReversedUnpaidJournal,
  type LedgerEvent,
  type Posting,
} from '~/domain/ledger';
import { TransitionError } from '~/domain/lifecycle';
import type { Role } from '~/domain/roles';
import type { Db, Tx } from '~/lib/db.server';
import { toFen } from '~/lib/fen';
import { audit } from '~/services/kernel/audit.server';
import {
  ensureContractInLedger,
  lockContract,
  postJournal,
} from '~/services/payments/ledger.server';
import {
  bankTransferRail,
  defaultRail,
  railFor,
  type BankTransferInput,
  type RailName,
} from '~/lib/payment-rail.server';

export type Staff = { id: string; role: Role };

export type DisbursementErrorCode =
  /** no such milestone or disbursement */
  | 'notFound'
  /** the actor's role may not do this */
  | 'forbidden'
  /** the milestone is not accepted and confirmed by the bureau */
  | 'notPayable'
  /** the contract was terminated: no new requests or approvals */
  | 'contractTerminated'
  /** the instalment already has its disbursement (see `disbursementId`) */
  | 'alreadyRequested'
  /** not possible from the disbursement's current status (e.g. it was decided meanwhile) */
  | 'wrongStatus'
  /** the disbursement is paid through another rail */
  | 'wrongRail'
  /** already paid, under another reference */
  | 'alreadyPaid'
  /** the bank reference is recorded for another disbursement */
  | 'referenceInUse'
  /** the bank reference or the transfer date is not acceptable (see `detail`) */
  | 'invalidEvidence'
  /** a failure or a reversal needs a reason */
  | 'reasonRequired'
  /** the failed attempt's Stripe transfer is still being taken back from the team's account */
  | 'reversalPending';

export class DisbursementError extends Error {
  readonly code: DisbursementErrorCode;
  readonly detail?: string;
  readonly disbursementId?: string;
  /** decided by the database refusing a write: the transaction must roll back, not commit */
  readonly afterFailedWrite: boolean;

  constructor(
    code: DisbursementErrorCode,
    opts: { detail?: string; disbursementId?: string; afterFailedWrite?: boolean } = {},
  ) {
    super(`disbursement: ${code}${opts.detail ? ` (${opts.detail})` : ''}`);
    this.name = 'DisbursementError';
    this.code = code;
    this.detail = opts.detail;
    this.disbursementId = opts.disbursementId;
    this.afterFailedWrite = opts.afterFailedWrite ?? false;
  }
}

/**
 * A unique-index violation naming `field`, as Prisma reports it through either driver adapter:
 * P2002 with the constraint's fields in `meta.target` or in the adapter's error cause.
 */
export function isUniqueViolation(error: unknown, field: string): boolean {
  const e = error as {
    code?: unknown;
    meta?: {
      target?: unknown;
      driverAdapterError?: { cause?: { constraint?: { fields?: unknown; index?: unknown } } };
    };
  } | null;
  if (e?.code !== 'P2002') return false;
  const constraint = e.meta?.driverAdapterError?.cause?.constraint;
  const named = [e.meta?.target, constraint?.fields, constraint?.index].flatMap((v) =>
    Array.isArray(v) ? v : typeof v === 'string' ? [v] : [],
  );
  // an adapter that names no constraint: the caller's write can only break its own index
  return named.length === 0 || named.some((n) => String(n).replace(/"/g, '').includes(field));
}

/**
 * A refusal decided before any write: the transaction it happened in may end with a commit
 * (nothing to commit). One decided by a failed write (`afterFailedWrite`) must roll back:
 * PostgreSQL has aborted the transaction, and on SQLite nothing else of it may land.
 */
export function isRefusalBeforeWrite(error: unknown): boolean {
  return (
    isDisbursementRefusal(error) && !(error instanceof DisbursementError && error.afterFailedWrite)
  );
}

/** Errors that are a decision, not a fault: what a route turns into a message. */
export function isDisbursementRefusal(
  error: unknown,
): error is DisbursementError | FourEyesError | OverpaymentError {
  return (
    error instanceof DisbursementError ||
    error instanceof FourEyesError ||
    error instanceof OverpaymentError
  );
}

export type DisbursementView = {
  id: string;
  contractId: string;
  milestoneId: string;
  amountFen: number;
  status: DisbursementStatus;
  rail: RailName;
  attempt: number;
  idempotencyKey: string;
  requestedById: string | null;
  approvedById: string | null;
  paidAt: Date | null;
  bankReference: string | null;
  confirmedById: string | null;
  failureReason: string | null;
  reversedAt: Date | null;
};

const ROW = {
  id: true,
  contractId: true,
  milestoneId: true,
  amountFen: true,
  status: true,
  rail: true,
  attempt: true,
  idempotencyKey: true,
  requestedById: true,
  requestedAt: true,
  approvedById: true,
  approvedAt: true,
  paidAt: true,
  bankReference: true,
  stripeTransferId: true,
  confirmedById: true,
  failureReason: true,
  reversedAt: true,
  contract: { select: { id: true, code: true, status: true, rewardFen: true, teamId: true } },
  milestone: { select: { status: true, confirmedAt: true } },
} as const;

type Row = NonNullable<Awaited<ReturnType<typeof readRow>>>;

function view(d: Omit<Row, 'contract' | 'milestone'>): DisbursementView {
  return {
    id: d.id,
    contractId: d.contractId,
    milestoneId: d.milestoneId,
    amountFen: toFen(d.amountFen),
    status: d.status as DisbursementStatus,
    rail: d.rail as RailName,
    attempt: d.attempt,
    idempotencyKey: d.idempotencyKey,
    requestedById: d.requestedById,
    approvedById: d.approvedById,
    paidAt: d.paidAt,
    bankReference: d.bankReference,
    confirmedById: d.confirmedById,
    failureReason: d.failureReason,
    reversedAt: d.reversedAt,
  };
}

// Waiting for the contract's lock counts against `timeout`; waiting for a connection (PostgreSQL
// pool) or the SQLite adapter's one-transaction-at-a-time mutex against `maxWait`.
const TX_OPTIONS = { maxWait: 20_000, timeout: 30_000 };

/**
 * Runs `fn` in a transaction of its own, or inside the caller's (a Tx, e.g. a webhook that
 * records its event in the same transaction, or a test that rolls everything back). Refusals
 * end the transaction without writes and are thrown after it.
 */
async function inTransaction<T>(db: Db | Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!('$transaction' in db)) return fn(db);
  const out = await (db as Db).$transaction(async (tx) => {
    try {
      return { value: await fn(tx) };
    } catch (error) {
      // thrown inside, a refusal after a failed write rolls the transaction back
      if (isRefusalBeforeWrite(error)) return { refusal: error };
      throw error;
    }
  }, TX_OPTIONS);
  if ('refusal' in out) throw out.refusal;
  return out.value;
}

function readRow(tx: Tx, id: string) {
  return tx.disbursement.findUnique({ where: { id }, select: ROW });
}

const { contract: _contract, milestone: _milestone, ...VIEW_ROW } = ROW;

/**
 * Runs `fn` on the disbursement with its contract locked. The contract id is read before the
 * transaction (it never changes), so that the lock is the transaction's first statement; the
 * row itself is read after the lock, as committed.
 */
async function withDisbursement<T>(
  db: Db | Tx,
  id: string,
  fn: (tx: Tx, d: Row) => Promise<T>,
): Promise<T> {
  const head = await db.disbursement.findUnique({ where: { id }, select: { contractId: true } });
  if (!head) throw new DisbursementError('notFound');
  return inTransaction(db, async (tx) => {
    await lockContract(tx, head.contractId);
    const d = await readRow(tx, id);
    if (!d) throw new DisbursementError('notFound');
    return fn(tx, d);
  });
}

function transition(from: string, action: DisbursementAction, actor: Staff): DisbursementStatus {
  try {
    return transitionDisbursement(from as DisbursementStatus, action, actor.role);
  } catch (error) {
    if (error instanceof TransitionError)
      throw new DisbursementError(error.code === 'FORBIDDEN_ACTOR' ? 'forbidden' : 'wrongStatus', {
        detail: `${action} from ${from}`,
      });
    throw error;
  }
}

/**
 * paid + in flight (other disbursements of the contract) + amount ≤ reward, read inside the
 * transaction that holds the contract's lock. Throws OverpaymentError.
 */
async function assertRoom(
  tx: Tx,
  contract: { id: string; rewardFen: bigint },
  amountFen: number,
  exceptId?: string,
) {
  const sums = await tx.disbursement.groupBy({
    by: ['status'],
    where: {
      contractId: contract.id,
      status: { in: [...PAID_STATUSES, ...IN_FLIGHT_STATUSES] },
      ...(exceptId ? { id: { not: exceptId } } : {}),
    },
    _sum: { amountFen: true },
  });
  const sum = (statuses: readonly string[]) =>
    sums
      .filter((s) => statuses.includes(s.status))
      .reduce((total, s) => total + toFen(s._sum.amountFen ?? 0n), 0);
  assertWithinReward({
    rewardFen: toFen(contract.rewardFen),
    paidFen: sum(PAID_STATUSES),
    inFlightFen: sum(IN_FLIGHT_STATUSES),
    amountFen,
  });
}

const facts = (d: Row) => ({
  contractId: d.contractId,
  teamId: d.contract.teamId,
  amountFen: toFen(d.amountFen),
});

/** A milestone's instalment is payable once it is accepted and the bureau has confirmed it. */
function assertPayable(
  contract: { status: string },
  milestone: { status: string; confirmedAt: Date | null },
) {
  if (contract.status === 'TERMINATED') throw new DisbursementError('contractTerminated');
  if (milestone.status !== 'ACCEPTED' || !milestone.confirmedAt)
    throw new DisbursementError('notPayable');
}

/**
 * The guarded write every transition makes: it lands only on the row as it was read. Returns
 * the row as it now is (plain values only, so no re-read is needed).
 */
async function guardedUpdate(
  tx: Tx,
  d: Row,
  data: Partial<Omit<Row, 'id' | 'contractId' | 'milestoneId' | 'contract' | 'milestone'>>,
): Promise<Row> {
  const n = await tx.disbursement.updateMany({
    where: { id: d.id, status: d.status, attempt: d.attempt },
    data,
  });
  // unreachable while the contract is locked; kept as the database's own guard
  if (n.count !== 1) throw new DisbursementError('wrongStatus', { detail: 'changed meanwhile' });
  return { ...d, ...data };
}

/** One journal of the disbursement's current attempt; its id follows ADR 009. */
function postDisbursementJournal(
  tx: Tx,
  d: Row,
  event: Exclude<LedgerEvent, 'signed'>,
  postings: readonly Posting[],
  memo: string,
  at: Date,
) {
  return postJournal(tx, {
    journalId: disbursementJournalId(d.id, d.attempt, event),
    postings,
    contractId: d.contractId,
    disbursementId: d.id,
    memo: memo.slice(0, 500),
    at,
  });
}

/** The person recorded for a change; the rail's own confirmations (SYSTEM) name nobody. */
const personOf = (actor: Staff) => (actor.role === 'SYSTEM' ? null : actor.id);

function reason(text: string | undefined): string {
  const r = (text ?? '').trim();
  if (r.length === 0) throw new DisbursementError('reasonRequired');
  return r.slice(0, 1000);
}

type Opts = { now?: Date };

/**
 * A reviewer asks for the instalment of an accepted, bureau-confirmed milestone. Its amount is
 * the milestone's; the reward check counts what the contract has paid and has in flight.
 */
export async function requestDisbursement(
  db: Db | Tx,
  actor: Staff,
  milestoneId: string,
  opts: Opts = {},
): Promise<DisbursementView> {
  const now = opts.now ?? new Date();
  if (!(DISBURSEMENT_REQUESTER_ROLES as readonly Role[]).includes(actor.role))
    throw new DisbursementError('forbidden');
  const head = await db.milestone.findUnique({
    where: { id: milestoneId },
    select: { contractId: true },
  });
  if (!head) throw new DisbursementError('notFound');
  try {
    return await inTransaction(db, async (tx) => {
      await lockContract(tx, head.contractId);
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
      await audit(tx, {
        actorId: actor.id,
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
  actor: Staff,
  id: string,
  opts: Opts = {},
): Promise<DisbursementView> {
  const now = opts.now ?? new Date();
  return withDisbursement(db, id, async (tx, d) => {
    const to = transition(d.status, 'approve', actor);
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
    await audit(tx, {
      actorId: actor.id,
      action: 'disbursement.approved',
      entityType: 'Disbursement',
      entityId: d.id,
      at: now,
      data: { from: d.status, to, amountFen: toFen(d.amountFen), attempt: d.attempt },
    });
    return view(after);
  });
}

export type PaymentEvidence = {
  rail: RailName;
  /** the bank's reference (BANK) or the transfer's id (STRIPE) */
  reference: string;
  paidAt: Date;
};

/**
 * APPROVED → PAID, for any rail, inside `db`'s transaction or a new one. The same evidence again
 * is idempotent ({ changed: false }); other evidence for a paid instalment is refused.
 */
export async function markPaid(
  db: Db | Tx,
  actor: Staff,
  id: string,
  evidence: PaymentEvidence,
  opts: Opts = {},
): Promise<{ disbursement: DisbursementView; changed: boolean }> {
  return withDisbursement(db, id, (tx, d) => markPaidLocked(tx, actor, d, evidence, opts));
}

async function markPaidLocked(
  tx: Tx,
  actor: Staff,
  d: Row,
  evidence: PaymentEvidence,
  opts: Opts,
): Promise<{ disbursement: DisbursementView; changed: boolean }> {
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
      confirmedById: personOf(actor),
    });
  } catch (error) {
    // Another contract's transaction recorded the reference and committed while this one
    // waited on the unique index. The failed statement left PostgreSQL's transaction aborted:
    // the refusal must roll it back, not commit it (see inTransaction).
    if (evidence.rail === 'BANK' && isUniqueViolation(error, 'bankReference'))
      throw new DisbursementError('referenceInUse', { afterFailedWrite: true });
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
  await audit(tx, {
    actorId: personOf(actor),
    action: 'disbursement.paid',
    entityType: 'Disbursement',
    entityId: d.id,
    at: now,
    data: {
      from: d.status,
      to,
      amountFen: toFen(d.amountFen),
      attempt: d.attempt,
      rail: evidence.rail,
      reference: evidence.reference,
      paidAt: evidence.paidAt.toISOString(),
    },
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
  actor: Staff,
  id: string,
  input: BankTransferInput,
  opts: Opts = {},
): Promise<{ disbursement: DisbursementView; changed: boolean }> {
  const now = opts.now ?? new Date();
  return withDisbursement(db, id, async (tx, d) => {
    if (actor.role !== 'ADMIN') throw new DisbursementError('forbidden');
    const checked = bankTransferRail.evidence(input, { approvedAt: d.approvedAt, now });
    if (!checked.ok) throw new DisbursementError('invalidEvidence', { detail: checked.error });
    return markPaidLocked(tx, actor, d, { rail: 'BANK', ...checked.evidence }, { now });
  });
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
export async function markFailed(
  db: Db | Tx,
  actor: Staff,
  id: string,
  input: { reason: string },
  opts: Opts = {},
): Promise<DisbursementView> {
  const now = opts.now ?? new Date();
  const why = reason(input.reason);
  return withDisbursement(db, id, async (tx, d) => {
    const to = transition(d.status, 'fail', actor);
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
    await audit(tx, {
      actorId: personOf(actor),
      action: 'disbursement.failed',
      entityType: 'Disbursement',
      entityId: d.id,
      at: now,
      data: { from: d.status, to, attempt: d.attempt, reason: why },
    });
    return view(after);
  });
}

/** An admin records that an approved payment failed (the bank returned it, say). */
export async function failDisbursement(
  db: Db | Tx,
  actor: Staff,
  id: string,
  input: { reason: string },
  opts: Opts = {},
) {
  if (actor.role !== 'ADMIN') throw new DisbursementError('forbidden');
  return markFailed(db, actor, id, input, opts);
}

/**
 * FAILED → REQUESTED: a reviewer requests the instalment again. A new attempt with a new
 * idempotency key (so the rail pays this attempt, not a replay of the failed one), a new
 * requester (four-eyes applies to them), checked against the reward again.
 */
export async function retryDisbursement(
  db: Db | Tx,
  actor: Staff,
  id: string,
  opts: Opts = {},
): Promise<DisbursementView> {
  const now = opts.now ?? new Date();
  return withDisbursement(db, id, async (tx, d) => {
    const to = transition(d.status, 'retry', actor);
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
    await audit(tx, {
      actorId: actor.id,
      action: 'disbursement.retried',
      entityType: 'Disbursement',
      entityId: d.id,
      at: now,
      data: {
        from: d.status,
        to,
        amountFen,
        attempt,
        idempotencyKey,
        previousFailure: d.failureReason,
        ...(d.stripeTransferId ? { previousTransferId: d.stripeTransferId } : {}),
      },
    });
    return view(after);
  });
}

/**
 * PAID → REVERSED (rare): the payment came back or was made in error. Two new journals negate
 * the payment and the approval; nothing is edited or deleted. The instalment's money rests in
 * the contract's commitment again, and no longer counts as paid.
 * APPROVED → REVERSED (SYSTEM only: Stripe told a transfer's reversal before its creation):
 * the approval alone is negated.
 */
export async function markReversed(
  db: Db | Tx,
  actor: Staff,
  id: string,
  input: { reason: string },
  opts: Opts = {},
): Promise<DisbursementView> {
  const now = opts.now ?? new Date();
  const why = reason(input.reason);
  return withDisbursement(db, id, async (tx, d) => {
    const to = transition(d.status, 'reverse', actor);
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
    await audit(tx, {
      actorId: personOf(actor),
      action: 'disbursement.reversed',
      entityType: 'Disbursement',
      entityId: d.id,
      at: now,
      data: { from: d.status, to, amountFen: toFen(d.amountFen), attempt: d.attempt, reason: why },
    });
    return view(after);
  });
}

/** An admin reverses a recorded payment. */
export function reverseDisbursement(
  db: Db | Tx,
  actor: Staff,
  id: string,
  input: { reason: string },
  opts: Opts = {},
) {
  return markReversed(db, actor, id, input, opts);
}
