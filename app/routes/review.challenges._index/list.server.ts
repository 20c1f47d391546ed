// The challenges under evaluation (closed, with bids to review) or decided, for the bureau's list.
import { isParallelAward } from '~/domain/award';
import { OPEN_REVIEW_STATUSES, REVIEWED_STATUSES } from '~/domain/evaluation';
import { startOfShanghaiDay } from '~/domain/shanghai-date';
import type { Db } from '~/lib/db.server';
import { challengeSummarySelect } from '~/services/needs/selects';
import { evaluationStatus } from '~/services/evaluation/shared.server';

export async function challengesUnderEvaluation(
  db: Db,
  view: 'open' | 'decided',
  now = new Date(),
) {
  const withBids = { applications: { some: { status: { in: [...REVIEWED_STATUSES] } } } };
  const where =
    view === 'open'
      ? {
          ...withBids,
          OR: [
            { status: 'CLOSED' },
            { status: 'PUBLISHED', applicationDeadline: { lt: startOfShanghaiDay(now) } },
          ],
        }
      : { ...withBids, status: { in: ['AWARDED', 'UNAWARDED', 'COMPLETED', 'TERMINATED'] } };
  const rows = await db.challenge.findMany({
    where,
    orderBy: [{ applicationDeadline: 'asc' }, { id: 'asc' }],
    take: 200,
    select: {
      ...challengeSummarySelect,
      awardSlots: true,
      stageGateDate: true,
      _count: {
        select: {
          applications: { where: { status: { in: [...REVIEWED_STATUSES] } } },
          awards: { where: { status: 'PROPOSED' } },
        },
      },
    },
  });
  const open = await db.application.groupBy({
    by: ['challengeId'],
    where: {
      challengeId: { in: rows.map((r) => r.id) },
      status: { in: [...OPEN_REVIEW_STATUSES] },
    },
    _count: { _all: true },
  });
  const openBy = new Map(open.map((o) => [o.challengeId, o._count._all]));
  return rows
    .filter((r) => view === 'decided' || evaluationStatus(r, now) === 'CLOSED')
    .map((r) => ({
      code: r.code ?? '',
      title: r.title,
      titleEn: r.titleEn,
      status: evaluationStatus(r, now),
      enterprise: r.enterprise.name,
      applicationDeadline: r.applicationDeadline.toISOString(),
      awardSlots: r.awardSlots,
      parallel: isParallelAward(r.awardSlots),
      stageGateDate: r.stageGateDate?.toISOString() ?? null,
      applications: r._count.applications,
      undecided: openBy.get(r.id) ?? 0,
      pendingProposals: r._count.awards,
    }));
}
