// What a team sees of the review of its own application, and whether it may appeal.
import { appealClosesAt, appealRefusal, roundScore, type AppealStatus } from '~/domain/evaluation';
import { rankingReviews, reevaluationStage } from '~/domain/appeal-remedy';
import type { Db } from '~/lib/db.server';
import { challengeRanking } from '~/services/evaluation/ranking.server';

/** Whether the application is the team's own (and sent): another team's does not exist for it. */
export async function isOwnApplication(db: Db, teamId: string, id: string) {
  const own = await db.application.findFirst({
    where: { id, teamId, status: { not: 'DRAFT' } },
    select: { id: true },
  });
  return own !== null;
}

/**
 * What the team sees of its application's review once it is decided: per-criterion averages
 * and the comments of the reviewers who counted, never who wrote them; its rank; its appeal.
 * Another team's application is "not found".
 */
export async function feedbackForTeam(
  db: Db,
  teamId: string,
  applicationId: string,
  now = new Date(),
) {
  const application = await db.application.findFirst({
    where: { id: applicationId, teamId, status: { not: 'DRAFT' } },
    select: {
      id: true,
      status: true,
      decidedAt: true,
      challengeId: true,
      challenge: { select: { code: true, title: true, titleEn: true } },
      appeals: {
        orderBy: { createdAt: 'asc' },
        select: {
          id: true,
          reason: true,
          status: true,
          resolution: true,
          createdAt: true,
          resolvedAt: true,
          reopenedAt: true,
          outcome: true,
          outcomeAt: true,
        },
      },
    },
  });
  if (!application) return null;
  const decided =
    application.decidedAt !== null && ['AWARDED', 'DECLINED'].includes(application.status);
  // an upheld appeal reopened the evaluation (docs/decisions/034-upheld-appeals.md)
  const reopened = application.appeals.find((a) => a.reopenedAt !== null);
  const base = {
    reevaluation: reopened
      ? {
          stage: reevaluationStage(reopened),
          reopenedAt: reopened.reopenedAt!.toISOString(),
          outcomeAt: reopened.outcomeAt?.toISOString() ?? null,
        }
      : null,
    id: application.id,
    status: application.status,
    decided,
    decidedAt: application.decidedAt?.toISOString() ?? null,
    challenge: {
      code: application.challenge.code ?? '',
      title: application.challenge.title,
      titleEn: application.challenge.titleEn,
    },
    appeals: application.appeals.map((a) => ({
      id: a.id,
      reason: a.reason,
      status: a.status as AppealStatus,
      resolution: a.resolution,
      createdAt: a.createdAt.toISOString(),
      resolvedAt: a.resolvedAt?.toISOString() ?? null,
    })),
    appealRefusal: appealRefusal(
      {
        status: application.status,
        decidedAt: application.decidedAt,
        appeals: application.appeals.length,
      },
      now,
    ),
    appealClosesAt: application.decidedAt
      ? appealClosesAt(application.decidedAt).toISOString()
      : null,
  };
  if (!decided) return { ...base, review: null };
  const [ranking, reviews] = await Promise.all([
    challengeRanking(db, application.challengeId),
    db.reviewAssignment.findMany({
      where: { applicationId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: {
        round: true,
        recusedAt: true,
        submittedAt: true,
        scores: { select: { criterionId: true, comment: true } },
      },
    }),
  ]);
  // the comments of the round that ranks the application (a completed re-evaluation's)
  const assignments = rankingReviews(
    reviews.map((r) => ({
      ...r,
      recused: r.recusedAt !== null,
      submitted: r.submittedAt !== null,
    })),
  ).filter((r) => r.submitted && !r.recused);
  const own = ranking.ranked.find((r) => r.id === applicationId);
  return {
    ...base,
    review: {
      weighted: own?.weighted == null ? null : roundScore(own.weighted),
      rank: own?.rank ?? null,
      ranked: ranking.ranked.filter((r) => r.rank !== null).length,
      reviewers: own?.summary.reviewers ?? 0,
      criteria: ranking.criteria.map((c) => {
        const avg = own?.summary.averages[c.id];
        return {
          name: c.name,
          nameEn: c.nameEn,
          weight: c.weight,
          average: avg === null || avg === undefined ? null : roundScore(avg),
          comments: assignments
            .map((a) => a.scores.find((s) => s.criterionId === c.id)?.comment ?? '')
            .filter((comment) => comment.trim() !== ''),
        };
      }),
    },
  };
}
