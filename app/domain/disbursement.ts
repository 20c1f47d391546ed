/**
 * Disbursement (人才奖励资金兑付): reward money the bureau pays a team against a contract.
 * Approval is four-eyes (use assertFourEyes from ./award with the requester's id).
 */
import { lifecycle, type TransitionTable } from './lifecycle';
import { assertFen } from './money';
import { oneOf } from './one-of';
import { isStaffRole, type Role } from './roles';

export const DISBURSEMENT_STATUSES = [
  'REQUESTED',
  'APPROVED',
  'PAID',
  'FAILED',
  'REVERSED',
] as const;
export type DisbursementStatus = (typeof DISBURSEMENT_STATUSES)[number];

export const DISBURSEMENT_ACTIONS = ['approve', 'pay', 'fail', 'retry', 'reverse'] as const;
export type DisbursementAction = (typeof DISBURSEMENT_ACTIONS)[number];

// SYSTEM is the payment rail's confirmation (e.g. a signed Stripe webhook); ADMIN records a
// bank transfer done outside the platform.
const RAIL = ['SYSTEM', 'ADMIN'] as const;

export const DISBURSEMENT_TRANSITIONS: TransitionTable<
  DisbursementStatus,
  DisbursementAction,
  Role
> = {
  REQUESTED: {
    approve: { to: 'APPROVED', by: ['ADMIN'] },
  },
  APPROVED: {
    pay: { to: 'PAID', by: RAIL },
    fail: { to: 'FAILED', by: RAIL },
    // Stripe's events arrive in any order: a transfer's reversal may be told before its
    // creation (docs/decisions/011-stripe-webhooks.md).
    reverse: { to: 'REVERSED', by: ['SYSTEM'] },
  },
  FAILED: {
    // A retry is a new request, made by the same role that requests payments.
    retry: { to: 'REQUESTED', by: ['REVIEWER'] },
  },
  PAID: {
    // Rare and recorded; the row is never deleted, so the audit trail keeps both events.
    reverse: { to: 'REVERSED', by: RAIL },
    // The transfer reached the team's Stripe account but the payout to its bank failed.
    fail: { to: 'FAILED', by: ['SYSTEM'] },
  },
  REVERSED: {
    // A failed payout outranks a reversal, so that any order of Stripe's events ends FAILED
    // and the instalment can be retried.
    fail: { to: 'FAILED', by: ['SYSTEM'] },
  },
};

/** Who may create a disbursement request (creation is not a transition). */
export const DISBURSEMENT_REQUESTER_ROLES = ['REVIEWER'] as const satisfies readonly Role[];

/**
 * Money committed but not yet settled: it counts against the contract's reward so that two
 * concurrent requests cannot together exceed it. FAILED is not in flight; a retry moves it
 * back to REQUESTED and must pass assertWithinReward again.
 */
export const IN_FLIGHT_STATUSES = [
  'REQUESTED',
  'APPROVED',
] as const satisfies readonly DisbursementStatus[];

/** Money that has left the bureau. A REVERSED payment came back and no longer counts. */
export const PAID_STATUSES = ['PAID'] as const satisfies readonly DisbursementStatus[];

export const isDisbursementStatus = oneOf(DISBURSEMENT_STATUSES);

export function isInFlight(status: DisbursementStatus): boolean {
  return (IN_FLIGHT_STATUSES as readonly DisbursementStatus[]).includes(status);
}

export const { transition: transitionDisbursement, allowed: allowedDisbursementActions } =
  lifecycle(DISBURSEMENT_TRANSITIONS);

export type RewardPosition = {
  rewardFen: number;
  /** Sum of the contract's disbursements in PAID_STATUSES. */
  paidFen: number;
  /** Sum of the contract's disbursements in IN_FLIGHT_STATUSES, excluding the one being checked. */
  inFlightFen: number;
  /** The amount about to be put in flight (a new request, or a FAILED one being retried). */
  amountFen: number;
};

export class OverpaymentError extends Error {
  readonly code = 'OVERPAYMENT' as const;
  readonly rewardFen: number;
  readonly paidFen: number;
  readonly inFlightFen: number;
  readonly amountFen: number;
  /** What could still be requested; 0 when the contract is already over-committed. */
  readonly availableFen: number;

  constructor(position: RewardPosition, availableFen: number) {
    super(
      `Disbursement of ${position.amountFen} fen exceeds the reward: ${position.paidFen} paid + ` +
        `${position.inFlightFen} in flight of ${position.rewardFen}`,
    );
    this.name = 'OverpaymentError';
    this.rewardFen = position.rewardFen;
    this.paidFen = position.paidFen;
    this.inFlightFen = position.inFlightFen;
    this.amountFen = position.amountFen;
    this.availableFen = availableFen;
  }
}

/** Reward not yet paid or committed; never negative. */
export function availableFen(position: Omit<RewardPosition, 'amountFen'>): number {
  assertFen(position.rewardFen, 'rewardFen');
  assertFen(position.paidFen, 'paidFen');
  assertFen(position.inFlightFen, 'inFlightFen');
  const rest = BigInt(position.rewardFen) - BigInt(position.paidFen) - BigInt(position.inFlightFen);
  return rest > 0n ? Number(rest) : 0;
}

/**
 * The reward is never exceeded, counting payments in flight. This only decides on the
 * numbers it is given: the caller must read paid and in-flight sums and write the new
 * request in one serialised transaction, or concurrent requests could both pass.
 */
export function assertWithinReward(position: RewardPosition): void {
  assertFen(position.amountFen, 'amountFen');
  const available = availableFen(position);
  if (position.amountFen === 0) throw new RangeError('amountFen must be positive');
  // BigInt so that the sum of several near-limit amounts is compared exactly.
  const committed =
    BigInt(position.paidFen) + BigInt(position.inFlightFen) + BigInt(position.amountFen);
  if (committed > BigInt(position.rewardFen)) throw new OverpaymentError(position, available);
}

const IDEMPOTENCY_PREFIX = 'jiebang-disbursement';
// Stripe accepts idempotency keys of up to 255 characters.
const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * The key sent to the payment rail for one attempt at paying one disbursement. It depends only
 * on its inputs, so re-sending the same attempt (a timeout, a crashed worker, a double click)
 * reuses the key and the rail pays at most once. The attempt number goes up only after the
 * rail has definitively reported FAILED, which is the one case where paying again is intended.
 */
export function idempotencyKeyFor(disbursementId: string, attempt: number): string {
  if (typeof disbursementId !== 'string' || !/^[A-Za-z0-9_-]+$/.test(disbursementId)) {
    // A separator inside the id could make two (id, attempt) pairs produce the same key.
    throw new RangeError(
      'disbursementId must be a non-empty string of letters, digits, "_" or "-"',
    );
  }
  if (!Number.isSafeInteger(attempt) || attempt < 1) {
    throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  }
  const key = `${IDEMPOTENCY_PREFIX}:${disbursementId}:${attempt}`;
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH)
    throw new RangeError('disbursementId is too long for an idempotency key');
  return key;
}

/**
 * The key of the job that takes back an attempt's transfer after its payout failed: one reversal
 * per attempt, whoever queues or checks it (stripe-outcomes.server.ts, retryDisbursement).
 */
export function reversalKeyFor(disbursementKey: string): string {
  return `${disbursementKey}:reversal`;
}

// ---------------------------------------------------------------------------------------------
// What the payment pages show of an instalment

export type InstalmentState =
  'NOT_DUE' | 'AWAITING_CONFIRMATION' | 'PAYABLE' | 'CLOSED' | DisbursementStatus;

/** An instalment's state: its disbursement's status once there is one, else how far it is. */
export function instalmentState(
  contractStatus: string,
  m: { status: string; confirmedAt: Date | null },
  d: { status: string } | null,
): InstalmentState {
  if (d && isDisbursementStatus(d.status)) return d.status;
  if (contractStatus === 'TERMINATED') return 'CLOSED';
  if (m.status !== 'ACCEPTED') return 'NOT_DUE';
  return m.confirmedAt ? 'PAYABLE' : 'AWAITING_CONFIRMATION';
}

export type PaymentFormAction = 'request' | 'retry' | 'approve' | 'record' | 'fail' | 'reverse';

/**
 * The payment forms a viewer is shown for an instalment: a reviewer requests a payable one and
 * requests a failed one again; an admin approves, records the bank transfer or its failure,
 * and reverses a paid one. The service decides again when the form is sent.
 */
export function paymentActionsFor(
  role: Role,
  contractStatus: string,
  state: InstalmentState,
  rail: string | null,
): PaymentFormAction[] {
  if (!isStaffRole(role)) return [];
  if (state === 'PAYABLE')
    return (DISBURSEMENT_REQUESTER_ROLES as readonly Role[]).includes(role) ? ['request'] : [];
  if (!isDisbursementStatus(state)) return [];
  const terminated = contractStatus === 'TERMINATED';
  return allowedDisbursementActions(state, role).flatMap((a): PaymentFormAction[] => {
    // A terminated contract owes nothing new: no approval or retry, but money already on its
    // way can still be recorded, failed or reversed.
    if (a === 'approve' || a === 'retry') return terminated ? [] : [a];
    // Only the bank rail is recorded by hand; Stripe confirms its own transfers.
    if (a === 'pay') return rail === 'BANK' ? ['record'] : [];
    return [a];
  });
}
