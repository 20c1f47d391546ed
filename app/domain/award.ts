/**
 * Award proposals. A reviewer proposes which application(s) win a closed challenge; an admin
 * who is not the proposer approves or rejects. Approval then drives the application's and
 * the need's `award` transitions.
 */
import { lifecycle, type TransitionTable } from './lifecycle';
import { oneOf } from './one-of';
import type { Role } from './roles';
import { assertValidDate, startOfShanghaiDay } from './shanghai-date';

export const AWARD_PROPOSAL_STATUSES = ['PROPOSED', 'APPROVED', 'REJECTED'] as const;
export type AwardProposalStatus = (typeof AWARD_PROPOSAL_STATUSES)[number];

export const AWARD_PROPOSAL_ACTIONS = ['approve', 'reject'] as const;
export type AwardProposalAction = (typeof AWARD_PROPOSAL_ACTIONS)[number];

/** Who may create a proposal (creation is not a transition, so it has no row in the table). */
export const AWARD_PROPOSER_ROLES = ['REVIEWER', 'ADMIN'] as const satisfies readonly Role[];

export const AWARD_PROPOSAL_TRANSITIONS: TransitionTable<
  AwardProposalStatus,
  AwardProposalAction,
  Role
> = {
  PROPOSED: {
    approve: { to: 'APPROVED', by: ['ADMIN'] },
    reject: { to: 'REJECTED', by: ['ADMIN'] },
  },
  APPROVED: {},
  REJECTED: {},
};

export const isAwardProposalStatus = oneOf(AWARD_PROPOSAL_STATUSES);

export const { transition: transitionAwardProposal, allowed: allowedAwardProposalActions } =
  lifecycle(AWARD_PROPOSAL_TRANSITIONS);

export class FourEyesError extends Error {
  readonly code = 'FOUR_EYES' as const;
  readonly userId: string;

  constructor(userId: string) {
    super('The approver must be a different person from the proposer or requester');
    this.name = 'FourEyesError';
    this.userId = userId;
  }
}

/**
 * Four-eyes rule for awards and disbursements alike: whoever proposed or requested may not
 * approve. An empty id would make two anonymous actors look distinct, so it is a bug, not a pass.
 */
export function assertFourEyes(proposerId: string, approverId: string): void {
  if (proposerId === '' || approverId === '') {
    throw new TypeError('assertFourEyes needs both user ids');
  }
  if (proposerId === approverId) throw new FourEyesError(approverId);
}

/* 赛马制 (parallel award): a challenge may be awarded to several teams, each in a numbered slot. */

export const MIN_AWARD_SLOTS = 1;
export const MAX_AWARD_SLOTS = 10;

export type SlotCountResult =
  { ok: true; slotCount: number } | { ok: false; error: 'not_integer' | 'out_of_range' };

export function validateSlotCount(n: number): SlotCountResult {
  if (!Number.isInteger(n)) return { ok: false, error: 'not_integer' };
  if (n < MIN_AWARD_SLOTS || n > MAX_AWARD_SLOTS) return { ok: false, error: 'out_of_range' };
  return { ok: true, slotCount: n };
}

export function isParallelAward(slotCount: number): boolean {
  return slotCount > 1;
}

/**
 * Lowest free slot number (1-based), or null when all are taken. Slots above `slotCount` are
 * ignored rather than rejected, so lowering the slot count never makes this throw; whether
 * an over-full award is acceptable is the caller's decision.
 */
export function nextFreeSlot(takenSlots: readonly number[], slotCount: number): number | null {
  if (!Number.isInteger(slotCount) || slotCount < 0) {
    throw new RangeError(`slotCount must be a non-negative integer, got ${slotCount}`);
  }
  const taken = new Set<number>();
  for (const slot of takenSlots) {
    if (!Number.isInteger(slot) || slot < 1) throw new RangeError(`invalid slot number ${slot}`);
    taken.add(slot);
  }
  for (let slot = 1; slot <= slotCount; slot++) {
    if (!taken.has(slot)) return slot;
  }
  return null;
}

/**
 * Whether the stage gate of a parallel award has been reached, so the bureau must choose
 * which team continues. The gate is a calendar day in Asia/Shanghai (same storage convention
 * as deadlines) and is due from the start of that day. No gate date means never due.
 */
export function stageGateDue(stageGateDate: Date | null, now: Date): boolean {
  if (stageGateDate === null) return false;
  assertValidDate(now, 'now');
  return now.getTime() >= startOfShanghaiDay(stageGateDate).getTime();
}
