// The printable programme report (/report?year=YYYY[&quarter=Q]): a period's figures, the
// paragraph they make in the work summary's form, its charts and a table per matching event.
// Public, like /stats: only what /stats, /events and /contracts show anyway.
import { summaryParagraph, type Translate } from '~/domain/programme-report';
import { getT, type Locale } from '~/i18n/i18n';
import type { Db } from '~/lib/db.server';
import { eventsForReport, type ReportEvent } from '~/services/events/report.server';
import {
  periodProgramme,
  type PeriodProgramme,
  type PeriodUnread,
} from '~/services/programme/period-view.server';

export type ReportView =
  | (PeriodProgramme & {
      /** the summary paragraph in the page's language */
      summary: string;
      events: ReportEvent[];
      generatedAt: string;
    })
  | PeriodUnread;

/** The report of the period the URL names in `locale`, or why the period cannot be read. */
export async function reportView(
  db: Db,
  url: URL,
  locale: Locale,
  now = new Date(),
): Promise<ReportView> {
  const view = await periodProgramme(db, url, (period) => eventsForReport(db, period, now));
  if (!view.ok) return view;
  const { extra: events, ...programme } = view;
  const t = getT(locale) as unknown as Translate;
  return {
    ...programme,
    summary: summaryParagraph(programme.figures, programme.period, locale, t),
    events,
    generatedAt: now.toISOString(),
  };
}
