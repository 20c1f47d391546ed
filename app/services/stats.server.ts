// The programme figures, computed from records on every call: never stored, never constant.
import { PUBLIC_STATUSES } from '~/domain/need';
import type { Db } from '~/lib/db.server';
import { toFen } from '~/lib/fen';

export type ProgrammeFigures = {
  needsCollected: number;
  published: number;
  fixedBounty: { count: number; totalFen: number };
  openBounty: number;
  eventsHeld: number;
  events: { slug: string; name: string; nameEn: string | null; industry: string }[];
  teamsMatched: number;
  contractsSigned: number;
  rewardDisbursedFen: number;
  rdInvestmentFen: number;
  needsByStatus: Record<string, number>;
  computedAt: string;
};

export async function programmeFigures(db: Db, now = new Date()): Promise<ProgrammeFigures> {
  // a need counts as collected once it has reached the bureau, whatever happened next
  const collected = { submittedAt: { not: null } };
  const published = { status: { in: [...PUBLIC_STATUSES] } };
  const [byStatus, fixed, open, events, matchedTeams, contracts, paid] = await Promise.all([
    db.challenge.groupBy({ by: ['status'], where: collected, _count: { _all: true } }),
    db.challenge.aggregate({
      where: { ...published, bountyType: 'FIXED' },
      _count: { _all: true },
      _sum: { bountyFen: true },
    }),
    db.challenge.count({ where: { ...published, bountyType: 'OPEN' } }),
    // an event counts once it has taken place
    db.matchingEvent.findMany({
      where: { date: { lte: now } },
      orderBy: { date: 'asc' },
      select: { slug: true, name: true, nameEn: true, industry: true },
    }),
    db.match.groupBy({ by: ['teamId'] }),
    db.contract.aggregate({ _count: { _all: true }, _sum: { rdInvestmentFen: true } }),
    db.disbursement.aggregate({ where: { status: 'PAID' }, _sum: { amountFen: true } }),
  ]);
  const needsByStatus = Object.fromEntries(byStatus.map((r) => [r.status, r._count._all]));
  const publishedSet = new Set<string>(PUBLIC_STATUSES);
  return {
    needsCollected: byStatus.reduce((n, r) => n + r._count._all, 0),
    published: byStatus
      .filter((r) => publishedSet.has(r.status))
      .reduce((n, r) => n + r._count._all, 0),
    fixedBounty: { count: fixed._count._all, totalFen: toFen(fixed._sum.bountyFen) },
    openBounty: open,
    eventsHeld: events.length,
    events,
    teamsMatched: matchedTeams.length,
    contractsSigned: contracts._count._all,
    rewardDisbursedFen: toFen(paid._sum.amountFen),
    rdInvestmentFen: toFen(contracts._sum.rdInvestmentFen),
    needsByStatus,
    computedAt: now.toISOString(),
  };
}
