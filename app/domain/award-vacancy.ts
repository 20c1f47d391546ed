/**
 * Vacancies and the next-ranked team (issue #16 point 4, docs/decisions/033-next-ranked-team.md).
 * An approved award whose team declines it, or that has no signed contract a configurable
 * number of Shanghai calendar days after its approval, is vacated: it keeps its row (status
 * VACATED, the slot it held in `vacatedSlotNo`) and frees its slot. Staff then propose the
 * next-ranked eligible application for the slot (an award of kind PROMOTION); an admin who is
 * not the proposer approves or rejects it, as for any award (AWARD_PROPOSAL_TRANSITIONS).
 */
import { lifecycle, type TransitionTable } from './lifecycle';
import { oneOf } from './one-of';
import type { Role } from './roles';
import { assertValidDate, startOfShanghaiDay } from './shanghai-date';

/** Days a team has to sign its contract after the approval, unless AWARD_SIGN_DAYS says. */
export const DEFAULT_AWARD_SIGN_DAYS = 30;
export const MAX_AWARD_SIGN_DAYS = 365;

export const VACATED_REASONS = ['DECLINED', 'UNSIGNED', 'REPLACED'] as const;
export type VacatedReason = (typeof VACATED_REASONS)[number];
export const isVacatedReason = oneOf(VACATED_REASONS);

export const AWARD_KINDS = ['AWARD', 'PROMOTION', 'APPEAL_SLOT', 'APPEAL_REPLACE'] as const;
export type AwardKind = (typeof AWARD_KINDS)[number];
export const isAwardKind = oneOf(AWARD_KINDS);

/** An approved award's life until it has a contract: it holds its slot, or is vacated. */
export const AWARD_HOLD_STATUSES = ['APPROVED', 'VACATED'] as const;
export type AwardHoldStatus = (typeof AWARD_HOLD_STATUSES)[number];
export const AWARD_VACATE_ACTIONS = ['decline', 'lapse', 'replace'] as const;
export type AwardVacateAction = (typeof AWARD_VACATE_ACTIONS)[number];

export const AWARD_VACANCY_TRANSITIONS: TransitionTable<AwardHoldStatus, AwardVacateAction, Role> =
  {
    APPROVED: {
      // the awarded team declines its award (before it signs)
      decline: { to: 'VACATED', by: ['TEAM'] },
      // no contract signed by the deadline: the bureau records it
      lapse: { to: 'VACATED', by: ['REVIEWER', 'ADMIN'] },
      // an upheld appeal takes the slot (app/domain/appeal-remedy.ts), at an admin's approval
      replace: { to: 'VACATED', by: ['ADMIN'] },
    },
    VACATED: {},
  };

export const { transition: transitionAwardVacancy, allowed: allowedAwardVacancyActions } =
  lifecycle(AWARD_VACANCY_TRANSITIONS);

/** The reason recorded for each way of vacating. */
export const VACATE_REASON: Record<AwardVacateAction, VacatedReason> = {
  decline: 'DECLINED',
  lapse: 'UNSIGNED',
  replace: 'REPLACED',
};

const DAY_MS = 86_400_000;

/**
 * The last Shanghai calendar day on which the contract may still be signed, as the instant that
 * day starts: the approval's day plus `days`. Approved on 1 March with 30 days, the team has
 * until the end of 31 March; from 1 April the award is overdue.
 */
export function signDeadline(approvedAt: Date, days: number): Date {
  assertValidDate(approvedAt, 'approvedAt');
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be ≥ 1, got ${days}`);
  // Shanghai has no daylight saving: whole days are exact
  return new Date(startOfShanghaiDay(approvedAt).getTime() + days * DAY_MS);
}

/**
 * Whole days left to sign, counting today: 0 on the deadline's day itself, negative once it
 * has passed (−1 the day after).
 */
export function daysLeftToSign(approvedAt: Date, days: number, now: Date): number {
  assertValidDate(now, 'now');
  const deadline = signDeadline(approvedAt, days).getTime();
  return Math.round((deadline - startOfShanghaiDay(now).getTime()) / DAY_MS);
}

export function signOverdue(approvedAt: Date, days: number, now: Date): boolean {
  return daysLeftToSign(approvedAt, days, now) < 0;
}

export type VacancyRefusal = 'notApproved' | 'contractSigned' | 'notOverdue';

/** What the vacancy rules read of an award. */
export type VacancyFacts = {
  status: string;
  decidedAt: Date | null;
  hasContract: boolean;
};

/**
 * Why the award may not be vacated this way, or null when it may. Only an approved award
 * without a signed contract (a contract row is only ever created signed) can be vacated; the
 * bureau's "unsigned" needs the signing deadline to have passed.
 */
export function vacancyRefusal(
  award: VacancyFacts,
  action: AwardVacateAction,
  opts: { now: Date; signDays: number },
): VacancyRefusal | null {
  if (award.status !== 'APPROVED' || award.decidedAt === null) return 'notApproved';
  if (award.hasContract) return 'contractSigned';
  if (action === 'lapse' && !signOverdue(award.decidedAt, opts.signDays, opts.now))
    return 'notOverdue';
  return null;
}

/** Application statuses a next-ranked team may come from (never WITHDRAWN, never AWARDED). */
export const PROMOTABLE_STATUSES = ['SUBMITTED', 'SHORTLISTED', 'DECLINED'] as const;

/** One row of the ranking, with what the promotion rules need to know of it. */
export type CandidateFacts = {
  id: string;
  status: string;
  /** the weighted average; null when the score is not complete (or every review recused) */
  weighted: number | null;
  rank: number | null;
  /** holds, held, or is proposed for an award on the challenge (any kind) */
  hasAward: boolean;
  /** its promotion into this vacancy was rejected by an admin */
  rejectedForSlot: boolean;
  /** the team has another active application on the challenge */
  teamBusy: boolean;
};

export type CandidateExclusion =
  'status' | 'unscored' | 'hasAward' | 'rejectedForSlot' | 'teamBusy';

/** Why an application cannot be promoted, or null when it can. */
export function candidateExclusion(c: CandidateFacts): CandidateExclusion | null {
  if (!(PROMOTABLE_STATUSES as readonly string[]).includes(c.status)) return 'status';
  if (c.weighted === null || c.rank === null) return 'unscored';
  if (c.hasAward) return 'hasAward';
  if (c.rejectedForSlot) return 'rejectedForSlot';
  if (c.teamBusy) return 'teamBusy';
  return null;
}

/**
 * The next-ranked eligible application: the best rank among the eligible ones, ties in the
 * ranking's own order (earlier submission first). `ranked` is in ranking order
 * (rankByScore), unscored rows last. Null when nobody is eligible.
 */
export function nextRankedCandidate<T extends CandidateFacts>(ranked: readonly T[]): T | null {
  let best: T | null = null;
  for (const row of ranked) {
    if (candidateExclusion(row) !== null) continue;
    if (best === null || row.rank! < best.rank!) best = row;
  }
  return best;
}

export type PromotionRefusal = 'notVacated' | 'alreadyFilled' | 'pendingPromotion';

/**
 * Whether a promotion may be proposed for a vacated award: it must be vacated, its slot not
 * already taken again, and no other promotion for it waiting or approved.
 */
export function promotionRefusal(v: {
  status: string;
  vacatedSlotNo: number | null;
  slotTaken: boolean;
  promotions: readonly string[];
}): PromotionRefusal | null {
  if (v.status !== 'VACATED' || v.vacatedSlotNo === null) return 'notVacated';
  if (v.slotTaken || v.promotions.includes('APPROVED')) return 'alreadyFilled';
  if (v.promotions.includes('PROPOSED')) return 'pendingPromotion';
  return null;
}
