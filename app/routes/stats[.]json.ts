import { db } from '~/lib/db.server';
import { PUBLIC_CACHE } from '~/lib/cache.server';
import { currentFigures } from '~/services/programme/stats.server';

// The statistics page's machine-readable twin: counts, and amounts in integer fen.
export async function loader() {
  const f = await currentFigures(db);
  return Response.json(
    {
      needsCollected: f.needsCollected,
      challengesPublished: f.published,
      fixedBounty: { count: f.fixedBounty.count, totalFen: f.fixedBounty.totalFen },
      openBounty: { count: f.openBounty },
      matchingEvents: { count: f.eventsHeld, industries: f.events.map((e) => e.industry) },
      teamsMatched: f.teamsMatched,
      contractsSigned: f.contractsSigned,
      rewardDisbursedFen: f.rewardDisbursedFen,
      rdInvestmentFen: f.rdInvestmentFen,
      needsByStatus: f.needsByStatus,
      currency: 'CNY',
      unit: 'fen',
      computedAt: f.computedAt,
    },
    { headers: { 'Cache-Control': PUBLIC_CACHE, 'Access-Control-Allow-Origin': '*' } },
  );
}
