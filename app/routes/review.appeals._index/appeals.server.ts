// The admins' appeal desk: the open appeals, oldest first, and the latest answered.
import type { AppealStatus } from '~/domain/evaluation';
import type { Db } from '~/lib/db.server';
import { userNames } from '~/services/evaluation/shared.server';

export async function appealsForAdmins(db: Db) {
  const [open, resolved] = await Promise.all([
    db.appeal.findMany({
      where: { status: 'OPEN' },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: 200,
      select: appealSelect,
    }),
    db.appeal.findMany({
      where: { status: { not: 'OPEN' } },
      orderBy: [{ resolvedAt: 'desc' }, { id: 'asc' }],
      take: 30,
      select: appealSelect,
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
  return { open: open.map(view), resolved: resolved.map(view) };
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
