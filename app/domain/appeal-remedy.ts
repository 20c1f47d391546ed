/**
 * What follows an upheld appeal (docs/decisions/034-upheld-appeals.md): the application's
 * evaluation is reopened and scored again (round 2) by experts who did not score it before;
 * when round 2 is complete its score either earns a place under the challenge's slots or not;
 * a place is remedied by an extra 赛马制 slot or by replacing an award with no contract yet.
 * Pure rules, no I/O: app/services/evaluation/{reevaluation,appeal-remedies}.server.ts apply them.
 */
import { MAX_AWARD_SLOTS } from './award';
import { isOpenForReview, roundScore } from './evaluation';
import { oneOf } from './one-of';

/** The first evaluation, and the re-evaluation after an upheld appeal. */
export const FIRST_ROUND = 1;
export const REEVALUATION_ROUND = 2;

export const APPEAL_OUTCOMES = ['PLACE', 'NO_PLACE', 'REMEDIED'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];
export const isAppealOutcome = oneOf(APPEAL_OUTCOMES);

export const REMEDY_KINDS = ['APPEAL_SLOT', 'APPEAL_REPLACE'] as const;
export type RemedyKind = (typeof REMEDY_KINDS)[number];
export const isRemedyKind = oneOf(REMEDY_KINDS);

/** Where an upheld appeal stands, as the desk and the team see it. */
export type ReevaluationStage = 'SCORING' | AppealOutcome;

export function reevaluationStage(appeal: { outcome: string | null }): ReevaluationStage {
  return isAppealOutcome(appeal.outcome) ? appeal.outcome : 'SCORING';
}

export type RoundReview = { round: number; recused: boolean; submitted: boolean };

/**
 * A round is complete when at least one expert of that round counts (not recused) and every
 * expert of the round who counts has submitted. Recused experts neither count nor block.
 */
export function roundComplete(reviews: readonly RoundReview[], round: number): boolean {
  const counted = reviews.filter((r) => r.round === round && !r.recused);
  return counted.length > 0 && counted.every((r) => r.submitted);
}

/**
 * The round whose scores rank the application: the re-evaluation once it is complete, the
 * first evaluation until then (the first round's scores stay on record either way).
 */
export function rankingRound(reviews: readonly RoundReview[]): number {
  return roundComplete(reviews, REEVALUATION_ROUND) ? REEVALUATION_ROUND : FIRST_ROUND;
}

/** The reviews of the ranking round only. */
export function rankingReviews<T extends RoundReview>(reviews: readonly T[]): T[] {
  const round = rankingRound(reviews);
  return reviews.filter((r) => r.round === round);
}

/**
 * Whether an expert may be added to an application's re-evaluation: not an expert who has
 * an assignment on it already (whoever scored, or was recused from, the first evaluation is
 * kept out, and nobody is assigned twice).
 */
export function reevaluatorRefusal(
  existing: { round: number } | undefined,
): 'scoredBefore' | 'alreadyAssigned' | null {
  if (!existing) return null;
  return existing.round === REEVALUATION_ROUND ? 'alreadyAssigned' : 'scoredBefore';
}

/**
 * Whether the re-evaluated score earns a place: its standard competition rank ("1, 1, 3")
 * among the scores of the applications that hold a slot must be within the challenge's
 * slots. A tie at two decimals with the lowest awarded score therefore earns a place (equal
 * scores share a rank); a free slot always does; an award with no score ranks below any score.
 */
export function earnsPlace(
  newScore: number,
  awardedScores: readonly (number | null)[],
  awardSlots: number,
): boolean {
  const mine = roundScore(newScore);
  const above = awardedScores.filter((s) => s !== null && roundScore(s) > mine).length;
  return above + 1 <= awardSlots;
}

export type RemedyRefusal =
  'notPlace' | 'slotsMax' | 'replaceTarget' | 'contractSigned' | 'alreadyRemedied';

/**
 * Whether a remedy may be proposed or approved for an appeal: the appeal's outcome is PLACE
 * (a REMEDIED appeal is done); an extra slot stays within MAX_AWARD_SLOTS; a replacement
 * targets an approved award of the same challenge for which no contract has been signed.
 */
export function remedyRefusal(input: {
  outcome: string | null;
  kind: RemedyKind;
  awardSlots: number;
  target?: { status: string; sameChallenge: boolean; hasContract: boolean } | null;
}): RemedyRefusal | null {
  if (input.outcome === 'REMEDIED') return 'alreadyRemedied';
  if (input.outcome !== 'PLACE') return 'notPlace';
  if (input.kind === 'APPEAL_SLOT')
    return input.awardSlots + 1 > MAX_AWARD_SLOTS ? 'slotsMax' : null;
  const t = input.target;
  if (!t || !t.sameChallenge || t.status !== 'APPROVED') return 'replaceTarget';
  if (t.hasContract) return 'contractSigned';
  return null;
}

/**
 * Whether an assignment can still be scored: a first-round review while the application is
 * under review on a closed challenge; a re-evaluation while the reopened application waits
 * for its outcome, whatever became of the challenge meanwhile.
 */
export function reviewOpen(a: {
  round: number;
  applicationStatus: string;
  challengeClosed: boolean;
  reevaluationScoring: boolean;
}): boolean {
  if (!isOpenForReview(a.applicationStatus)) return false;
  return a.round === REEVALUATION_ROUND ? a.reevaluationScoring : a.challengeClosed;
}
