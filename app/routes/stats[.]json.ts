import { parsePeriod, periodKey } from '~/domain/period';
import { getT, tKey } from '~/i18n/i18n';
import { db } from '~/lib/db.server';
import { PUBLIC_CACHE } from '~/lib/cache.server';
import { payoutAlertDays } from '~/services/operations/metrics.server';
import { periodPayoutClock, publishedPayoutClock } from '~/services/programme/payout-clock.server';
import { periodFigures } from '~/services/programme/stats.server';

// The statistics page's machine-readable twin: counts, and amounts in integer fen, of the whole
// programme or of the period `?year=` (and `&quarter=`) names. A period that cannot be read is
// a 400 naming the parameter, in English (a machine's reader).
// Called without arguments by tests that only want the whole programme's figures.
export async function loader({ request }: { request?: Request } = {}) {
  const parsed = parsePeriod(new URL(request?.url ?? 'http://localhost/stats.json').searchParams);
  if (!parsed.ok) {
    return Response.json(
      { error: 'invalid_period', field: parsed.field, message: tKey(getT('en'), parsed.key) },
      { status: 400, headers: { 'Cache-Control': 'no-store' } },
    );
  }
  const [f, clock] = await Promise.all([
    periodFigures(db, parsed.period),
    periodPayoutClock(db, parsed.period),
  ]);
  return Response.json(
    {
      period: periodKey(parsed.period),
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
      // days from milestone acceptance to payment (/open-data/payout-clock.json says how)
      payoutClock: publishedPayoutClock(clock, payoutAlertDays()),
      currency: 'CNY',
      unit: 'fen',
      computedAt: f.computedAt,
    },
    { headers: { 'Cache-Control': PUBLIC_CACHE, 'Access-Control-Allow-Origin': '*' } },
  );
}
