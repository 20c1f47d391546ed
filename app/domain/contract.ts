/**
 * Contract (揭榜项目合同) and milestone lifecycles, and the split of the contract's reward
 * into milestone instalments.
 */
import { lifecycle, type TransitionTable } from './lifecycle';
import { assertFen } from './money';
import { oneOf } from './one-of';
import type { Role } from './roles';
import { yearCode } from './year-code';

export const CONTRACT_STATUSES = ['SIGNED', 'IN_PROGRESS', 'ACCEPTED', 'TERMINATED'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const CONTRACT_ACTIONS = ['start', 'accept', 'terminate'] as const;
export type ContractAction = (typeof CONTRACT_ACTIONS)[number];

export const CONTRACT_TRANSITIONS: TransitionTable<ContractStatus, ContractAction, Role> = {
  SIGNED: {
    // The bureau registers the contract; SYSTEM may start it on its start date.
    start: { to: 'IN_PROGRESS', by: ['SYSTEM', 'REVIEWER', 'ADMIN'] },
    terminate: { to: 'TERMINATED', by: ['ADMIN'] },
  },
  IN_PROGRESS: {
    // Final acceptance (验收) is recorded by the bureau after the enterprise has confirmed.
    accept: { to: 'ACCEPTED', by: ['REVIEWER', 'ADMIN'] },
    // Termination stops payments for public money, so it takes an admin.
    terminate: { to: 'TERMINATED', by: ['ADMIN'] },
  },
  ACCEPTED: {},
  TERMINATED: {},
};

export const MILESTONE_STATUSES = ['PENDING', 'DELIVERED', 'ACCEPTED', 'REJECTED'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export const MILESTONE_ACTIONS = ['deliver', 'accept', 'reject', 'redeliver'] as const;
export type MilestoneAction = (typeof MILESTONE_ACTIONS)[number];

// Both the enterprise (which receives the work) and the bureau (which pays) may accept or
// reject a delivery; the bureau steps in when an enterprise does not answer.
const MILESTONE_REVIEWERS = ['ENTERPRISE', 'REVIEWER', 'ADMIN'] as const;

export const MILESTONE_TRANSITIONS: TransitionTable<MilestoneStatus, MilestoneAction, Role> = {
  PENDING: {
    deliver: { to: 'DELIVERED', by: ['TEAM'] },
  },
  DELIVERED: {
    accept: { to: 'ACCEPTED', by: MILESTONE_REVIEWERS },
    reject: { to: 'REJECTED', by: MILESTONE_REVIEWERS },
  },
  REJECTED: {
    // A separate action name so the audit trail tells a second delivery from the first.
    redeliver: { to: 'DELIVERED', by: ['TEAM'] },
  },
  ACCEPTED: {},
};

export const isContractStatus = oneOf(CONTRACT_STATUSES);

export const isMilestoneStatus = oneOf(MILESTONE_STATUSES);

export const { transition: transitionContract, allowed: allowedContractActions } =
  lifecycle(CONTRACT_TRANSITIONS);

export const { transition: transitionMilestone, allowed: allowedMilestoneActions } =
  lifecycle(MILESTONE_TRANSITIONS);

/** Shares are in basis points: 10000 bp = the whole reward. Integers keep the split exact. */
export const FULL_SHARE_BP = 10_000;

export type MilestoneSharesResult =
  | { ok: true; shares: number[] }
  | { ok: false; error: 'empty' | 'not_integer' | 'not_positive' | 'sum'; index?: number };

export function validateMilestoneShares(
  sharesBasisPoints: readonly number[],
): MilestoneSharesResult {
  if (sharesBasisPoints.length === 0) return { ok: false, error: 'empty' };
  let sum = 0;
  for (const [index, share] of sharesBasisPoints.entries()) {
    if (!Number.isInteger(share)) return { ok: false, error: 'not_integer', index };
    if (share <= 0) return { ok: false, error: 'not_positive', index };
    sum += share;
    // Stop early so a huge share cannot push the running sum out of the exact range.
    if (sum > FULL_SHARE_BP) return { ok: false, error: 'sum' };
  }
  if (sum !== FULL_SHARE_BP) return { ok: false, error: 'sum' };
  return { ok: true, shares: [...sharesBasisPoints] };
}

/**
 * Splits a reward into one integer fen amount per milestone, summing exactly to the reward.
 * Each milestone first gets floor(reward × share / 10000); the few fen left over (fewer than
 * the number of milestones) go one each to the largest remainders, earlier milestones winning
 * ties. No amount is derived by subtraction, so none can go negative, and each differs from
 * its exact share by less than one fen. BigInt because reward × 10000 can exceed 2^53.
 */
export function milestoneAmounts(rewardFen: number, sharesBp: readonly number[]): number[] {
  assertFen(rewardFen, 'rewardFen');
  const check = validateMilestoneShares(sharesBp);
  if (!check.ok) throw new RangeError(`invalid milestone shares: ${check.error}`);

  const reward = BigInt(rewardFen);
  const full = BigInt(FULL_SHARE_BP);
  const parts = check.shares.map((share, index) => {
    const product = reward * BigInt(share);
    return { index, amount: product / full, remainder: product % full };
  });

  let leftover = reward - parts.reduce((sum, p) => sum + p.amount, 0n);
  const byRemainder = [...parts].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const part of byRemainder) {
    if (leftover === 0n) break;
    part.amount += 1n;
    leftover -= 1n;
  }
  return parts.map((p) => Number(p.amount));
}

/** Contract number, e.g. HT-2026-001: year of registration and a per-year sequence (docs/decisions/017). */
export const { format: formatContractCode, parse: parseContractCode } = yearCode('HT');
