// The re-evaluation desk of one upheld appeal: the round-2 experts and their progress, the new
// score against the awarded applications' scores, the remedies proposed and their decisions;
// and the dispatch of its forms to the services (app/services/evaluation/reevaluation.server.ts
// and appeal-remedies.server.ts).
import {
  rankingReviews,
  REEVALUATION_ROUND,
  reevaluationStage,
  type RemedyKind,
} from '~/domain/appeal-remedy';
import { detectConflict, roundScore, summarizeScores } from '~/domain/evaluation';
import { dueDayAfter } from '~/domain/review-due';
import { parseShanghaiDate, shanghaiDateString } from '~/domain/shanghai-date';
import type { AppealRemedyInput } from '~/forms/appeal-remedies';
import type { Db } from '~/lib/db.server';
import { decideRemedy, proposeRemedy } from '~/services/evaluation/appeal-remedies.server';
import { assignReevaluators } from '~/services/evaluation/reevaluation.server';
import { scoredReview, scoredReviewSelect } from '~/services/evaluation/ranking.server';
import { applicantProfile, userNames } from '~/services/evaluation/shared.server';
import type { Actor } from '~/services/kernel/actor';

const scoreOf = (
  criteria: { id: string; weight: number }[],
  assignments: Parameters<typeof scoredReview>[0][],
  onlyRound?: number,
) => {
  const reviews = assignments.map(scoredReview);
  const counted =
    onlyRound === undefined
      ? rankingReviews(reviews)
      : reviews.filter((r) => r.round === onlyRound);
  const weighted = summarizeScores(criteria, counted).weighted;
  return weighted === null ? null : roundScore(weighted);
};

/** The desk of an upheld appeal, or null when there is no such appeal or it was not upheld. */
export async function reevaluationDesk(db: Db, appealId: string, me: Actor, now = new Date()) {
  const appeal = await db.appeal.findUnique({
    where: { id: appealId },
    select: {
      id: true,
      status: true,
      reason: true,
      resolution: true,
      reopenedAt: true,
      outcome: true,
      outcomeAt: true,
      applicationId: true,
      application: {
        select: {
          id: true,
          status: true,
          challengeId: true,
          team: { select: { name: true, nameEn: true, institution: true } },
          institution: true,
          challenge: {
            select: {
              code: true,
              title: true,
              titleEn: true,
              awardSlots: true,
              enterpriseId: true,
              enterprise: { select: { name: true } },
            },
          },
          assignments: {
            orderBy: [{ round: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
            select: { id: true, reviewerId: true, ...scoredReviewSelect },
          },
        },
      },
    },
  });
  if (!appeal || appeal.status !== 'UPHELD' || !appeal.reopenedAt) return null;
  const app = appeal.application;
  const [criteria, staff, awards, remedies] = await Promise.all([
    db.reviewCriterion.findMany({
      where: { challengeId: app.challengeId },
      select: { id: true, weight: true },
    }),
    db.user.findMany({
      where: { role: { in: ['REVIEWER', 'ADMIN'] }, disabledAt: null },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      take: 200,
      select: { id: true, name: true, affiliation: true, organizationId: true },
    }),
    db.award.findMany({
      where: { challengeId: app.challengeId, status: 'APPROVED', slotNo: { not: null } },
      orderBy: { slotNo: 'asc' },
      select: {
        id: true,
        slotNo: true,
        applicationId: true,
        contract: { select: { id: true } },
        application: {
          select: {
            team: { select: { name: true, nameEn: true } },
            assignments: { select: scoredReviewSelect },
          },
        },
      },
    }),
    db.award.findMany({
      where: { appealId },
      orderBy: [{ proposedAt: 'desc' }, { id: 'asc' }],
      select: {
        id: true,
        kind: true,
        status: true,
        reason: true,
        proposedById: true,
        proposedAt: true,
        decidedById: true,
        decidedAt: true,
        replacesAwardId: true,
        slotNo: true,
      },
    }),
  ]);
  const names = await userNames(db, [
    ...app.assignments.map((a) => a.reviewerId),
    ...remedies.flatMap((r) => [r.proposedById, r.decidedById]),
  ]);
  const profile = applicantProfile({
    institution: app.institution,
    team: app.team,
    challenge: app.challenge,
  });
  const assigned = new Map(app.assignments.map((a) => [a.reviewerId, a.round]));
  const round2 = app.assignments.filter((a) => a.round === REEVALUATION_ROUND);
  const teamOfAward = new Map(awards.map((a) => [a.id, a.application.team]));
  const stage = reevaluationStage(appeal);
  return {
    appeal: {
      id: appeal.id,
      reason: appeal.reason,
      resolution: appeal.resolution,
      reopenedAt: appeal.reopenedAt.toISOString(),
      outcomeAt: appeal.outcomeAt?.toISOString() ?? null,
      stage,
    },
    application: { id: app.id, status: app.status, team: app.team.name, teamEn: app.team.nameEn },
    challenge: {
      code: app.challenge.code ?? '',
      title: app.challenge.title,
      titleEn: app.challenge.titleEn,
      awardSlots: app.challenge.awardSlots,
    },
    experts: round2.map((a) => ({
      id: a.id,
      name: names.get(a.reviewerId) ?? '—',
      state: a.recusedAt ? 'recused' : a.submittedAt ? 'scored' : 'pending',
    })),
    done: round2.filter((a) => !a.recusedAt && a.submittedAt).length,
    pending: round2.filter((a) => !a.recusedAt && !a.submittedAt).length,
    firstScore: scoreOf(criteria, app.assignments, 1),
    newScore: scoreOf(criteria, app.assignments, REEVALUATION_ROUND),
    places: awards.map((a) => ({
      id: a.id,
      slotNo: a.slotNo!,
      team: a.application.team.name,
      teamEn: a.application.team.nameEn,
      score: scoreOf(criteria, a.application.assignments),
      signed: a.contract !== null,
    })),
    staff: staff.map((u) => ({
      id: u.id,
      name: u.name,
      affiliation: u.affiliation,
      // round 1 (or already round 2): the expert may not take part
      excluded: assigned.get(u.id) ?? null,
      conflict: detectConflict(u, profile) !== null,
    })),
    remedies: remedies.map((r) => ({
      id: r.id,
      kind: r.kind as RemedyKind,
      status: r.status,
      reason: r.reason,
      slotNo: r.slotNo,
      proposedBy: names.get(r.proposedById) ?? '—',
      proposedAt: r.proposedAt.toISOString(),
      decidedBy: r.decidedById ? (names.get(r.decidedById) ?? '—') : null,
      replaces: r.replacesAwardId ? (teamOfAward.get(r.replacesAwardId) ?? null) : null,
      canDecide: me.role === 'ADMIN' && r.status === 'PROPOSED' && r.proposedById !== me.id,
    })),
    canAssign: stage === 'SCORING',
    canPropose: stage === 'PLACE',
    defaultDueDate: shanghaiDateString(dueDayAfter(now)),
  };
}

/** Runs one form of the desk; `done` names the notice the page shows. */
export async function runRemedyIntent(
  db: Db,
  actor: Actor,
  appealId: string,
  v: AppealRemedyInput,
  opts: { origin?: string } = {},
) {
  if (v.intent === 'assign') {
    const dueAt = v.dueDate ? (parseShanghaiDate(v.dueDate) ?? undefined) : undefined;
    const r = await assignReevaluators(db, actor, appealId, v.reviewerIds, { ...opts, dueAt });
    return r.ok ? { ok: true as const, done: 'assigned' as const } : r;
  }
  if (v.intent === 'propose') {
    const target = v.kind === 'APPEAL_REPLACE' ? (v.replacesAwardId ?? null) : null;
    const r = await proposeRemedy(db, actor, appealId, v.kind, target, v.reason, opts);
    return r.ok ? { ok: true as const, done: 'proposed' as const } : r;
  }
  // a decision on a remedy of another appeal is "not found" here
  const own = await db.award.findFirst({
    where: { id: v.awardId, appealId },
    select: { id: true },
  });
  if (!own) return { ok: false as const, error: 'notFound', key: 'appealRemedies.errors.notFound' };
  const r = await decideRemedy(db, actor, v.awardId, v.intent, v.reason ?? '', opts);
  return r.ok ? { ok: true as const, done: v.intent === 'approve' ? 'approved' : 'rejected' } : r;
}
