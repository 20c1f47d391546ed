// The printable programme report (/report?year=YYYY[&quarter=Q]): a period's figures, the
// paragraph they make in the work summary's form, its charts and a table per matching event.
// Public, like /stats: only what /stats, /events and /contracts show anyway.
import { parsePeriod, type Period, type PeriodErrorKey } from '~/domain/period';
import type { ChartData } from '~/domain/programme-charts';
import { summaryParagraph, type Translate } from '~/domain/programme-report';
import { getT, type Locale } from '~/i18n/i18n';
import type { Db } from '~/lib/db.server';
import { eventsForReport, type ReportEvent } from '~/services/events/report.server';
import { type StatsChartGeometry, statsChartGeometry } from '~/services/programme/charts.server';
import {
  chartData,
  periodFigures,
  periodYears,
  type ProgrammeFigures,
} from '~/services/programme/stats.server';

export type ReportView =
  | {
      ok: true;
      period: Period;
      years: number[];
      /** the summary paragraph in the page's language */
      summary: string;
      figures: ProgrammeFigures;
      charts: ChartData;
      geometry: StatsChartGeometry;
      events: ReportEvent[];
      generatedAt: string;
    }
  | { ok: false; field: 'year' | 'quarter'; key: PeriodErrorKey; years: number[] };

/** The report of the period the URL names in `locale`, or why the period cannot be read. */
export async function reportView(
  db: Db,
  url: URL,
  locale: Locale,
  now = new Date(),
): Promise<ReportView> {
  const parsed = parsePeriod(url.searchParams);
  if (!parsed.ok) return { ...parsed, years: await periodYears(db) };
  const { period } = parsed;
  const [figures, charts, events, years] = await Promise.all([
    periodFigures(db, period),
    chartData(db, period),
    eventsForReport(db, period, now),
    periodYears(db),
  ]);
  return {
    ok: true,
    period,
    years,
    summary: summaryParagraph(figures, period, locale, getT(locale) as unknown as Translate),
    figures,
    charts,
    geometry: statsChartGeometry(charts),
    events,
    generatedAt: now.toISOString(),
  };
}
