// The appeal desk: for admins, the open appeals, oldest first, and the latest answered; for
// all staff, the upheld appeals' re-evaluations (a reviewer sees only these: reviewers assign
// round-2 experts and propose remedies, docs/decisions/034-upheld-appeals.md).
import { REEVALUATION_ROUND, reevaluationStage } from '~/domain/appeal-remedy';
import type { AppealStatus } from '~/domain/evaluation';
import type { Role } from '~/domain/roles';
import type { Db } from '~/lib/db.server';
import { userNames } from '~/services/evaluation/shared.server';

export async function appealsDesk(db: Db, role: Role) {
  const canResolve = role === 'ADMIN';
  const [open, resolved, upheld] = await Promise.all([
    canResolve
      ? db.appeal.findMany({
          where: { status: 'OPEN' },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          take: 200,
          select: appealSelect,
        })
      : [],
    canResolve
      ? db.appeal.findMany({
          where: { status: { not: 'OPEN' } },
          orderBy: [{ resolvedAt: 'desc' }, { id: 'asc' }],
          take: 30,
          select: appealSelect,
        })
      : [],
    // upheld appeals whose re-evaluation is under way or waits for a remedy, then the latest
    db.appeal.findMany({
      where: { status: 'UPHELD', reopenedAt: { not: null } },
      orderBy: [{ reopenedAt: 'desc' }, { id: 'asc' }],
      take: 50,
      select: {
        ...appealSelect,
        outcome: true,
        application: {
          select: {
            ...appealSelect.application.select,
            assignments: {
              where: { round: REEVALUATION_ROUND },
              select: { recusedAt: true, submittedAt: true },
            },
          },
        },
      },
    }),
  ]);
  const names = await userNames(
    db,
    resolved.map((a) => a.resolvedById),
  );
  const view = (a: (typeof open)[number]) => ({
    id: a.id,
    reason: a.reason,
    status: a.status as AppealStatus,
    resolution: a.resolution,
    resolvedBy: a.resolvedById ? (names.get(a.resolvedById) ?? '—') : null,
    createdAt: a.createdAt.toISOString(),
    resolvedAt: a.resolvedAt?.toISOString() ?? null,
    applicationStatus: a.application.status,
    decidedAt: a.application.decidedAt?.toISOString() ?? null,
    team: a.application.team.name,
    teamEn: a.application.team.nameEn,
    code: a.application.challenge.code ?? '',
    title: a.application.challenge.title,
    titleEn: a.application.challenge.titleEn,
  });
  return {
    canResolve,
    open: open.map(view),
    resolved: resolved.map(view),
    upheld: upheld.map((a) => {
      const counted = a.application.assignments.filter((s) => s.recusedAt === null);
      return {
        ...view(a),
        stage: reevaluationStage(a),
        done: counted.filter((s) => s.submittedAt !== null).length,
        pending: counted.filter((s) => s.submittedAt === null).length,
      };
    }),
  };
}

const appealSelect = {
  id: true,
  reason: true,
  status: true,
  resolution: true,
  resolvedById: true,
  createdAt: true,
  resolvedAt: true,
  application: {
    select: {
      status: true,
      decidedAt: true,
      team: { select: { name: true, nameEn: true } },
      challenge: { select: { code: true, title: true, titleEn: true } },
    },
  },
} as const;
