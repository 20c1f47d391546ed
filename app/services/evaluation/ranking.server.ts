// The ranked table of a challenge's applications, as the desk, the award desk and the teams'
// feedback read it.
import { rankingReviews } from '~/domain/appeal-remedy';
import { rankByScore, REVIEWED_STATUSES, summarizeScores } from '~/domain/evaluation';
import type { Db, Tx } from '~/lib/db.server';

/** What the scoring rules read of a review: its round, whether it counts, its scores. */
export const scoredReviewSelect = {
  round: true,
  recusedAt: true,
  submittedAt: true,
  scores: { select: { criterionId: true, score: true } },
} as const;

/** A review as read with `scoredReviewSelect`, in the form the domain's scoring rules take. */
export function scoredReview(a: {
  round: number;
  recusedAt: Date | null;
  submittedAt: Date | null;
  scores: readonly { criterionId: string; score: number }[];
}) {
  return {
    round: a.round,
    recused: a.recusedAt !== null,
    submitted: a.submittedAt !== null,
    scores: Object.fromEntries(a.scores.map((s) => [s.criterionId, s.score])),
  };
}

/** Scores, averages and ranks of a challenge's applications (recused reviewers left out). */
export async function challengeRanking(db: Db | Tx, challengeId: string) {
  const [criteria, applications] = await Promise.all([
    db.reviewCriterion.findMany({
      where: { challengeId },
      orderBy: { position: 'asc' },
      select: { id: true, key: true, name: true, nameEn: true, weight: true },
    }),
    db.application.findMany({
      where: { challengeId, status: { in: [...REVIEWED_STATUSES] } },
      orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        status: true,
        teamId: true,
        assignments: { select: scoredReviewSelect },
      },
    }),
  ]);
  const rows = applications.map((a) => {
    const summary = summarizeScores(
      criteria,
      // a completed re-evaluation after an upheld appeal replaces the first round's scores
      rankingReviews(a.assignments.map(scoredReview)),
    );
    return { id: a.id, status: a.status, teamId: a.teamId, summary, weighted: summary.weighted };
  });
  return { criteria, ranked: rankByScore(rows) };
}
