// The admins' award desk: proposals waiting for a decision (with the bid's score, its rank and
// any conflict of the viewing admin), the latest decisions, and the stage gates that are due.
import { stageGateDue } from '~/domain/award';
import { roundScore } from '~/domain/evaluation';
import { startOfNextShanghaiDay } from '~/domain/shanghai-date';
import { awardDecisionSelect } from '~/components/desk/selects.server';
import type { Db } from '~/lib/db.server';
import { challengeRanking } from '~/services/evaluation/ranking.server';
import { conflictWith, userNames } from '~/services/evaluation/shared.server';
import type { Actor } from '~/services/kernel/actor';

export async function awardDesk(db: Db, actor: Actor, now = new Date()) {
  const [pending, recent, gates] = await Promise.all([
    db.award.findMany({
      // promotions into vacated slots are decided on the vacancy desk (review.vacancies)
      where: { status: 'PROPOSED', kind: { not: 'PROMOTION' } },
      orderBy: [{ proposedAt: 'asc' }, { id: 'asc' }],
      take: 200,
      select: awardSelect,
    }),
    db.award.findMany({
      where: { status: { in: ['APPROVED', 'REJECTED'] }, decidedAt: { not: null } },
      orderBy: [{ decidedAt: 'desc' }, { id: 'asc' }],
      take: 20,
      select: awardSelect,
    }),
    db.award.findMany({
      where: {
        status: 'APPROVED',
        stageGateOutcome: null,
        challenge: {
          awardSlots: { gt: 1 },
          stageGateDate: { not: null, lt: startOfNextShanghaiDay(now) },
        },
      },
      orderBy: [{ challengeId: 'asc' }, { slotNo: 'asc' }],
      take: 200,
      select: awardSelect,
    }),
  ]);
  const challengeIds = [...new Set(pending.map((p) => p.challengeId))];
  const rankings = new Map(
    await Promise.all(
      challengeIds.map(async (id) => [id, await challengeRanking(db, id)] as const),
    ),
  );
  const approvedCounts = new Map(
    (
      await db.award.groupBy({
        by: ['challengeId'],
        where: { challengeId: { in: challengeIds }, status: 'APPROVED' },
        _count: { _all: true },
      })
    ).map((g) => [g.challengeId, g._count._all]),
  );
  const names = await userNames(db, [
    ...pending.map((p) => p.proposedById),
    ...recent.flatMap((r) => [r.proposedById, r.decidedById]),
  ]);
  const conflicts = new Map(
    await Promise.all(
      pending.map(async (p) => [p.id, await conflictWith(db, actor.id, p.applicationId)] as const),
    ),
  );
  const view = (a: (typeof pending)[number]) => ({
    id: a.id,
    status: a.status,
    slotNo: a.slotNo,
    code: a.challenge.code ?? '',
    title: a.challenge.title,
    titleEn: a.challenge.titleEn,
    awardSlots: a.challenge.awardSlots,
    team: a.application.team.name,
    teamEn: a.application.team.nameEn,
    institution: a.application.institution ?? a.application.team.institution,
    proposedBy: names.get(a.proposedById) ?? '—',
    proposedAt: a.proposedAt.toISOString(),
    decidedBy: a.decidedById ? (names.get(a.decidedById) ?? '—') : null,
    decidedAt: a.decidedAt?.toISOString() ?? null,
    reason: a.reason,
  });
  return {
    pending: pending.map((p) => {
      const ranked = rankings.get(p.challengeId)?.ranked.find((r) => r.id === p.applicationId);
      return {
        ...view(p),
        mine: p.proposedById === actor.id,
        conflict: conflicts.get(p.id) ?? null,
        approvedCount: approvedCounts.get(p.challengeId) ?? 0,
        weighted: ranked?.weighted == null ? null : roundScore(ranked.weighted),
        rank: ranked?.rank ?? null,
        reviewers: ranked?.summary.reviewers ?? 0,
      };
    }),
    recent: recent.map(view),
    stageGates: gates
      .filter((g) => stageGateDue(g.challenge.stageGateDate, now))
      .map((g) => ({ ...view(g), stageGateDate: g.challenge.stageGateDate!.toISOString() })),
  };
}

const awardSelect = {
  ...awardDecisionSelect,
  challengeId: true,
  challenge: {
    select: { code: true, title: true, titleEn: true, awardSlots: true, stageGateDate: true },
  },
  application: {
    select: {
      institution: true,
      team: { select: { name: true, nameEn: true, institution: true } },
    },
  },
} as const;
