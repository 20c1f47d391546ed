// What /stats and /report both show of the period a URL names: its figures, the charts' numbers
// and geometry, and the years the selector offers; or, for a period that cannot be read, why.
import { parsePeriod, type Period, type PeriodErrorKey } from '~/domain/period';
import type { ChartData } from '~/domain/programme-charts';
import type { Db } from '~/lib/db.server';
import { type StatsChartGeometry, statsChartGeometry } from './charts.server';
import { chartData, periodFigures, periodYears, type ProgrammeFigures } from './stats.server';

export type PeriodUnread = {
  ok: false;
  field: 'year' | 'quarter';
  key: PeriodErrorKey;
  years: number[];
};

export type PeriodProgramme = {
  ok: true;
  period: Period;
  years: number[];
  figures: ProgrammeFigures;
  charts: ChartData;
  geometry: StatsChartGeometry;
};

/**
 * The programme in the period `url` names, with `extra`: what the page adds for that period,
 * read alongside the figures.
 */
export async function periodProgramme<T>(
  db: Db,
  url: URL,
  extra: (period: Period) => Promise<T>,
): Promise<PeriodUnread | (PeriodProgramme & { extra: T })> {
  const parsed = parsePeriod(url.searchParams);
  if (!parsed.ok) return { ...parsed, years: await periodYears(db) };
  const { period } = parsed;
  const [figures, charts, years, more] = await Promise.all([
    periodFigures(db, period),
    chartData(db, period),
    periodYears(db),
    extra(period),
  ]);
  return {
    ok: true,
    period,
    years,
    figures,
    charts,
    geometry: statsChartGeometry(charts),
    extra: more,
  };
}
