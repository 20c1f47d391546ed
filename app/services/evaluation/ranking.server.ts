// The ranked table of a challenge's applications, as the desk, the award desk and the teams'
// feedback read it.
import { rankingReviews } from '~/domain/appeal-remedy';
import { rankByScore, REVIEWED_STATUSES, summarizeScores } from '~/domain/evaluation';
import type { Db, Tx } from '~/lib/db.server';

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
        assignments: {
          select: {
            round: true,
            recusedAt: true,
            submittedAt: true,
            scores: { select: { criterionId: true, score: true, comment: true } },
          },
        },
      },
    }),
  ]);
  const rows = applications.map((a) => {
    const summary = summarizeScores(
      criteria,
      // a completed re-evaluation after an upheld appeal replaces the first round's scores
      rankingReviews(
        a.assignments.map((s) => ({
          round: s.round,
          recused: s.recusedAt !== null,
          submitted: s.submittedAt !== null,
          scores: Object.fromEntries(s.scores.map((x) => [x.criterionId, x.score])),
        })),
      ),
    );
    return { id: a.id, status: a.status, teamId: a.teamId, summary, weighted: summary.weighted };
  });
  return { criteria, ranked: rankByScore(rows) };
}
