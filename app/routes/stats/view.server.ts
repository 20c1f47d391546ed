// What /stats shows for the period its URL names: the nine figures, the charts' numbers and
// geometry (drawn by the page without any chart library), and the years the selector offers.
import { parsePeriod, type Period, type PeriodErrorKey } from '~/domain/period';
import type { ChartData } from '~/domain/programme-charts';
import type { Db } from '~/lib/db.server';
import { payoutAlertDays } from '~/services/operations/metrics.server';
import { type StatsChartGeometry, statsChartGeometry } from '~/services/programme/charts.server';
import {
  type PayoutClockFigures,
  periodPayoutClock,
} from '~/services/programme/payout-clock.server';
import {
  chartData,
  periodFigures,
  periodYears,
  type ProgrammeFigures,
} from '~/services/programme/stats.server';

export type StatsView =
  | {
      ok: true;
      period: Period;
      years: number[];
      figures: ProgrammeFigures;
      charts: ChartData;
      geometry: StatsChartGeometry;
      /** days from milestone acceptance to payment, and the bureau's limit */
      payoutClock: PayoutClockFigures & { limitDays: number };
    }
  | { ok: false; field: 'year' | 'quarter'; key: PeriodErrorKey; years: number[] };

export async function statsView(db: Db, url: URL): Promise<StatsView> {
  const parsed = parsePeriod(url.searchParams);
  if (!parsed.ok) return { ...parsed, years: await periodYears(db) };
  const { period } = parsed;
  const [figures, charts, years, clock] = await Promise.all([
    periodFigures(db, period),
    chartData(db, period),
    periodYears(db),
    periodPayoutClock(db, period),
  ]);
  return {
    ok: true,
    period,
    years,
    figures,
    charts,
    geometry: statsChartGeometry(charts),
    payoutClock: { ...clock, limitDays: payoutAlertDays() },
  };
}
