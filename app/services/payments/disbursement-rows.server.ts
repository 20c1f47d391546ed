// The disbursement row as the commands of disbursements.server.ts and
// disbursement-outcomes.server.ts read, check and write it, always inside the kernel command
// that holds its contract's lock (disbursementCommand). The checks throw the service's refusals
// (refusals.ts) or the domain's (FourEyesError, OverpaymentError).
import {
  assertWithinReward,
  IN_FLIGHT_STATUSES,
  PAID_STATUSES,
  transitionDisbursement,
  type DisbursementAction,
  type DisbursementStatus,
} from '~/domain/disbursement';
import { disbursementJournalId, type LedgerEvent, type Posting } from '~/domain/ledger';
import { TransitionError } from '~/domain/lifecycle';
import type { Db, Tx } from '~/lib/db.server';
import { toFen } from '~/lib/fen';
import type { RailName } from '~/lib/payment-rail.server';
import type { Actor } from '~/services/kernel/actor';
import { command, type Context } from '~/services/kernel/command.server';
import { lockContract } from '~/services/kernel/locks.server';
import { postJournal } from '~/services/payments/ledger.server';
import {
  DisbursementError,
  PAYMENT_ERRORS,
  type DisbursementErrorCode,
  type PaymentField,
} from '~/services/payments/refusals';

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

/** An instalment's trail: who requested, approved and confirmed it, and what became of it. */
export const DISBURSEMENT_TRAIL = {
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
} as const;

const ROW = {
  id: true,
  contractId: true,
  milestoneId: true,
  amountFen: true,
  status: true,
  rail: true,
  attempt: true,
  idempotencyKey: true,
  ...DISBURSEMENT_TRAIL,
  contract: { select: { id: true, code: true, status: true, rewardFen: true, teamId: true } },
  milestone: { select: { status: true, confirmedAt: true } },
} as const;

const { contract: _contract, milestone: _milestone, ...ownColumns } = ROW;
/** The row's own columns, without the contract and milestone it is checked against. */
export const VIEW_ROW = ownColumns;

export type Row = NonNullable<Awaited<ReturnType<typeof readRow>>>;

export function readRow(tx: Tx, id: string) {
  return tx.disbursement.findUnique({ where: { id }, select: ROW });
}

export function view(d: Omit<Row, 'contract' | 'milestone'>): DisbursementView {
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

/**
 * Runs `work` as a kernel command on the contract `contractId` (its lock first), in a
 * transaction of its own or joining the caller's. The rail's own confirmations (SYSTEM) name
 * nobody in the audit trail. A refusal is thrown: inside a caller's transaction as it was
 * raised; after a transaction of its own rolled back, as a DisbursementError again (the
 * domain's errors come through the kernel as they are).
 */
export async function disbursementCommand<T extends object>(
  db: Db | Tx,
  actor: Actor,
  contractId: string,
  work: (ctx: Context) => Promise<T>,
): Promise<T> {
  const result = await command<T, DisbursementErrorCode>(
    db,
    {
      errors: PAYMENT_ERRORS,
      actor: actor.role === 'SYSTEM' ? null : actor,
      lock: async (tx) => {
        if (!(await lockContract(tx, contractId))) throw new DisbursementError('notFound');
      },
    },
    work,
  );
  if (!result.ok)
    throw new DisbursementError(result.error, {
      detail: result.detail,
      key: result.key,
      field: result.field as PaymentField | undefined,
    });
  const { ok: _ok, ...value } = result;
  return value as unknown as T;
}

/**
 * Runs `work` on the disbursement with its contract locked. The contract id is read before the
 * transaction (it never changes), so that the lock is the transaction's first statement; the
 * row itself is read after the lock, as committed.
 */
export async function withDisbursement<T extends object>(
  db: Db | Tx,
  actor: Actor,
  id: string,
  work: (ctx: Context, d: Row) => Promise<T>,
): Promise<T> {
  const head = await db.disbursement.findUnique({ where: { id }, select: { contractId: true } });
  if (!head) throw new DisbursementError('notFound');
  return disbursementCommand(db, actor, head.contractId, async (ctx) => {
    const d = await readRow(ctx.tx, id);
    if (!d) throw new DisbursementError('notFound');
    return work(ctx, d);
  });
}

/**
 * A move of the disbursement by `action`, on the row as read under its contract's lock: `work`
 * is given the status the move leads to (or the move is refused for the actor) and the clock.
 */
export function moveDisbursement<T extends object>(
  db: Db | Tx,
  actor: Actor,
  id: string,
  action: DisbursementAction,
  opts: { now?: Date },
  work: (ctx: Context, d: Row, move: { to: DisbursementStatus; now: Date }) => Promise<T>,
): Promise<T> {
  const now = opts.now ?? new Date();
  return withDisbursement(db, actor, id, (ctx, d) =>
    work(ctx, d, { to: transition(d.status, action, actor), now }),
  );
}

/** The status `action` leads to from `from` for the actor's role, or the refusal. */
export function transition(
  from: string,
  action: DisbursementAction,
  actor: Actor,
): DisbursementStatus {
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
export async function assertRoom(
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

/** What the ledger's journals of a disbursement are made of. */
export const facts = (d: Row) => ({
  contractId: d.contractId,
  teamId: d.contract.teamId,
  amountFen: toFen(d.amountFen),
});

/** A milestone's instalment is payable once it is accepted and the bureau has confirmed it. */
export function assertPayable(
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
export async function guardedUpdate(
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

/** The audit record of a move of the disbursement: `disbursement.<event>`, from its status to `to`. */
export function auditMove(
  audit: Context['audit'],
  d: Row,
  event: string,
  to: DisbursementStatus,
  at: Date,
  data: Record<string, unknown>,
) {
  return audit({
    action: `disbursement.${event}`,
    entityType: 'Disbursement',
    entityId: d.id,
    at,
    data: { from: d.status, to, ...data },
  });
}

/** One journal of the disbursement's current attempt; its id follows ADR 009. */
export function postDisbursementJournal(
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

/** A failure's or a reversal's reason, required. */
export function reason(text: string | undefined): string {
  const r = (text ?? '').trim();
  if (r.length === 0) throw new DisbursementError('reasonRequired');
  return r.slice(0, 1000);
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
