/**
 * Expert review (专家评审) of the applications to a closed challenge: the criteria and their
 * weights, scores and their weighted averages, the ranking, conflicts of interest, the
 * stage gate of a parallel award (赛马制) and the appeal window after a decision. Pure rules,
 * no I/O: the services in app/services/evaluation/ apply them.
 */
import { lifecycle, type TransitionTable } from './lifecycle';
import { oneOf } from './one-of';
import type { Role } from './roles';
import { assertValidDate, startOfNextShanghaiDay } from './shanghai-date';

/* Criteria and weights */

export const SCORE_MIN = 0;
export const SCORE_MAX = 100;
export const MIN_CRITERIA = 1;
export const MAX_CRITERIA = 8;

export type CriterionDefinition = { key: string; name: string; nameEn: string; weight: number };

/**
 * What a challenge is judged on when the bureau has set nothing else: the four criteria the
 * programme names, weighted equally.
 */
export const DEFAULT_CRITERIA: readonly CriterionDefinition[] = [
  { key: 'technical', name: '技术方案', nameEn: 'Technical approach', weight: 25 },
  { key: 'team', name: '团队能力', nameEn: 'Team capability', weight: 25 },
  { key: 'feasibility', name: '可行性', nameEn: 'Feasibility', weight: 25 },
  { key: 'cost', name: '经济合理性', nameEn: 'Cost-effectiveness', weight: 25 },
];

export function isValidScore(value: unknown): value is number {
  return (
    typeof value === 'number' && Number.isInteger(value) && value >= SCORE_MIN && value <= SCORE_MAX
  );
}

export type CriteriaError =
  'count' | 'weight_range' | 'weight_sum' | 'duplicate_key' | 'duplicate_name' | 'name_required';

/**
 * A challenge's criteria: 1–8 of them, each named, with an integer weight of 1–100 percent,
 * the weights summing to exactly 100, no key or name twice.
 */
export function validateCriteria(
  criteria: readonly { key: string; name: string; weight: number }[],
): { ok: true } | { ok: false; error: CriteriaError } {
  if (criteria.length < MIN_CRITERIA || criteria.length > MAX_CRITERIA)
    return { ok: false, error: 'count' };
  const keys = new Set<string>();
  const names = new Set<string>();
  let sum = 0;
  for (const c of criteria) {
    if (!c.name.trim()) return { ok: false, error: 'name_required' };
    if (!Number.isInteger(c.weight) || c.weight < 1 || c.weight > 100)
      return { ok: false, error: 'weight_range' };
    const name = normalizeName(c.name);
    if (keys.has(c.key)) return { ok: false, error: 'duplicate_key' };
    if (names.has(name)) return { ok: false, error: 'duplicate_name' };
    keys.add(c.key);
    names.add(name);
    sum += c.weight;
  }
  return sum === 100 ? { ok: true } : { ok: false, error: 'weight_sum' };
}

/**
 * Keys for criteria entered on the form: a default criterion keeps its own key (so the
 * defaults stay recognisable), any other gets c1, c2 … by position.
 */
export function criterionKeys(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name, i) => {
    const normal = normalizeName(name);
    const preset = DEFAULT_CRITERIA.find(
      (d) => normalizeName(d.name) === normal || normalizeName(d.nameEn) === normal,
    );
    let key = preset && !used.has(preset.key) ? preset.key : `c${i + 1}`;
    for (let n = i + 1; used.has(key); n++) key = `c${n}`;
    used.add(key);
    return key;
  });
}

/* Scores and their averages */

export type ReviewerScores = {
  /** a recused reviewer (conflict found or declared) counts for nothing */
  recused: boolean;
  /** only a submitted review counts */
  submitted: boolean;
  /** criterion id → score 0..100 */
  scores: Readonly<Record<string, number>>;
};

export type ScoreSummary = {
  /** criterion id → average over the counted reviewers, null when nobody scored it */
  averages: Record<string, number | null>;
  /** Σ average × weight / Σ weight, null until every criterion has an average */
  weighted: number | null;
  /** reviewers whose scores count */
  reviewers: number;
  recused: number;
};

/**
 * Averages of one application's scores, leaving out recused and unsubmitted reviews. The
 * weighted average is the weighted sum of the per-criterion averages (equal to the average
 * of each reviewer's weighted total when everyone scored every criterion, as the form
 * requires).
 */
export function summarizeScores(
  criteria: readonly { id: string; weight: number }[],
  reviews: readonly ReviewerScores[],
): ScoreSummary {
  const counted = reviews.filter((r) => r.submitted && !r.recused);
  const averages: Record<string, number | null> = {};
  let weightedSum = 0;
  let weightTotal = 0;
  let complete = criteria.length > 0;
  for (const c of criteria) {
    const values = counted
      .map((r) => r.scores[c.id])
      .filter((s): s is number => typeof s === 'number');
    if (values.length === 0) {
      averages[c.id] = null;
      complete = false;
      continue;
    }
    const average = values.reduce((a, b) => a + b, 0) / values.length;
    averages[c.id] = average;
    weightedSum += average * c.weight;
    weightTotal += c.weight;
  }
  return {
    averages,
    weighted: complete && weightTotal > 0 ? weightedSum / weightTotal : null,
    reviewers: counted.length,
    recused: reviews.filter((r) => r.recused).length,
  };
}

/** Scores are shown, compared and ranked at two decimals. */
export function roundScore(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Standard competition ranking ("1, 1, 3") by weighted average, highest first; two
 * applications tie when their averages agree to two decimals. Unscored applications have no
 * rank and come last. The input order breaks ties in the returned order.
 */
export function rankByScore<T extends { weighted: number | null }>(
  rows: readonly T[],
): (T & { rank: number | null })[] {
  const scored = rows
    .map((row, index) => ({ row, index }))
    .filter((e) => e.row.weighted !== null)
    .sort((a, b) => roundScore(b.row.weighted!) - roundScore(a.row.weighted!) || a.index - b.index);
  const ranked: (T & { rank: number | null })[] = [];
  scored.forEach((e, i) => {
    const previous = ranked[i - 1];
    const rank =
      previous && roundScore(previous.weighted!) === roundScore(e.row.weighted!)
        ? previous.rank
        : i + 1;
    ranked.push({ ...e.row, rank });
  });
  for (const row of rows) if (row.weighted === null) ranked.push({ ...row, rank: null });
  return ranked;
}

/* Conflicts of interest */

/**
 * A name as compared for conflicts: Unicode-normalised (full-width letters and brackets
 * become ASCII), case-folded, without spaces, brackets and the usual separators, so that
 * "齐鲁工业大学（山东省科学院）" and "齐鲁工业大学(山东省科学院)" are the same institution.
 */
export function normalizeName(value: string): string {
  return value
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s()[\]{}·.,，。、'"“”‘’-]/g, '');
}

export type ConflictReason = 'INSTITUTION' | 'ENTERPRISE';

export type ReviewerProfile = { affiliation: string | null; organizationId: string };
export type ApplicantProfile = {
  /** the institution stated on the application, and the team's own institution and name */
  institutions: readonly (string | null | undefined)[];
  enterpriseId: string;
  enterpriseName: string;
};

/**
 * The conflict a reviewer has with an application, if any: the reviewer's institution is the
 * applicant's, or the reviewer works for (belongs to, or is affiliated with) the enterprise
 * that set the challenge. Names match after normalisation, never by substring: 山东大学 is
 * not 山东科技大学.
 */
export function detectConflict(
  reviewer: ReviewerProfile,
  applicant: ApplicantProfile,
): ConflictReason | null {
  if (reviewer.organizationId === applicant.enterpriseId) return 'ENTERPRISE';
  const affiliation = reviewer.affiliation ? normalizeName(reviewer.affiliation) : '';
  if (!affiliation) return null;
  if (affiliation === normalizeName(applicant.enterpriseName)) return 'ENTERPRISE';
  for (const institution of applicant.institutions) {
    if (institution && normalizeName(institution) === affiliation) return 'INSTITUTION';
  }
  return null;
}

const DECLARED_PREFIX = 'DECLARED:';

/** How a recusal is stored: the conflict found, or the reviewer's own words. */
export function encodeRecuseReason(
  reason: { kind: 'auto'; conflict: ConflictReason } | { kind: 'declared'; text: string },
): string {
  return reason.kind === 'auto' ? reason.conflict : `${DECLARED_PREFIX}${reason.text}`;
}

export function decodeRecuseReason(
  stored: string | null,
): { kind: 'auto'; conflict: ConflictReason } | { kind: 'declared'; text: string } | null {
  if (stored === null) return null;
  if (stored === 'INSTITUTION' || stored === 'ENTERPRISE')
    return { kind: 'auto', conflict: stored };
  return {
    kind: 'declared',
    text: stored.startsWith(DECLARED_PREFIX) ? stored.slice(DECLARED_PREFIX.length) : stored,
  };
}

/* Stage gate of a parallel award (赛马制) */

export const STAGE_GATE_OUTCOMES = ['CONTINUE', 'STOP'] as const;
export type StageGateOutcome = (typeof STAGE_GATE_OUTCOMES)[number];

export function isStageGateOutcome(value: unknown): value is StageGateOutcome {
  return value === 'CONTINUE' || value === 'STOP';
}

/**
 * At the gate some parallel teams continue and the others stop; stopping every one of them
 * would end the challenge, which is a termination, not a stage-gate decision. So a STOP is
 * refused when every other approved team has already been stopped.
 */
export function stageGateOutcomeAllowed(
  outcome: StageGateOutcome,
  othersOutcomes: readonly (StageGateOutcome | null)[],
): boolean {
  if (outcome === 'CONTINUE') return true;
  return othersOutcomes.some((o) => o !== 'STOP');
}

/* Appeals */

export const APPEAL_WINDOW_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The instant the appeal window of a decision closes: an applicant may appeal on the day of
 * the decision and the 7 calendar days after it (Asia/Shanghai), so a decision of
 * 2021-09-01 15:00 may be appealed until 2021-09-08 24:00.
 */
export function appealClosesAt(decidedAt: Date): Date {
  assertValidDate(decidedAt, 'decidedAt');
  return startOfNextShanghaiDay(new Date(decidedAt.getTime() + APPEAL_WINDOW_DAYS * DAY_MS));
}

export type AppealRefusal = 'not_decided' | 'not_declined' | 'window_closed' | 'already_appealed';

/**
 * Whether an application may be appealed now: declined (a winner has nothing to appeal), the
 * window still open, and no earlier appeal (one appeal per decision).
 */
export function appealRefusal(
  application: { status: string; decidedAt: Date | null; appeals: number },
  now: Date,
): AppealRefusal | null {
  if (application.decidedAt === null || !['AWARDED', 'DECLINED'].includes(application.status))
    return 'not_decided';
  if (application.status !== 'DECLINED') return 'not_declined';
  assertValidDate(now, 'now');
  if (now.getTime() >= appealClosesAt(application.decidedAt).getTime()) return 'window_closed';
  if (application.appeals > 0) return 'already_appealed';
  return null;
}

export const APPEAL_STATUSES = ['OPEN', 'UPHELD', 'DISMISSED'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];
export const APPEAL_ACTIONS = ['uphold', 'dismiss'] as const;
export type AppealAction = (typeof APPEAL_ACTIONS)[number];

export const APPEAL_TRANSITIONS: TransitionTable<AppealStatus, AppealAction, Role> = {
  OPEN: {
    uphold: { to: 'UPHELD', by: ['ADMIN'] },
    dismiss: { to: 'DISMISSED', by: ['ADMIN'] },
  },
  UPHELD: {},
  DISMISSED: {},
};

export const { transition: transitionAppeal, allowed: allowedAppealActions } =
  lifecycle(APPEAL_TRANSITIONS);

export const isAppealStatus = oneOf(APPEAL_STATUSES);

/* Which applications take part in the review */

/** Submitted bids still in the running: assigned, scored, shortlisted, proposed. */
export const OPEN_REVIEW_STATUSES = ['SUBMITTED', 'SHORTLISTED'] as const;
/** Every bid the bureau has to judge or has judged (drafts and withdrawn bids are not bids). */
export const REVIEWED_STATUSES = ['SUBMITTED', 'SHORTLISTED', 'AWARDED', 'DECLINED'] as const;

export function isOpenForReview(status: string): boolean {
  return (OPEN_REVIEW_STATUSES as readonly string[]).includes(status);
}
