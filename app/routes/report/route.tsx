import {
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { DataTable } from '~/components/data-table';
import { EventFacts } from '~/components/event-facts';
import { PeriodForm, usePeriodName } from '~/components/period-form';
import { ProgrammeCharts } from '~/components/programme-charts';
import { pick, TitledSection, Wan } from '~/components/ui';
import { tKey, useI18n } from '~/i18n/i18n';
import { resolveLocale } from '~/i18n/locale.server';
import { db } from '~/lib/db.server';
import { formatDateTime } from '~/lib/format';
import { pageMeta } from '~/lib/meta';
import printCss from './print.css?url';
import { type ReportView, reportView } from './report.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'report.title');

// A4 paper and no site chrome when printed (the header and footer are the root layout's)
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: printCss }];

export async function loader({ request }: LoaderFunctionArgs) {
  const view = await reportView(db, new URL(request.url), resolveLocale(request).locale);
  // a period that cannot be read is said on the page, with the selector to pick another
  return view.ok ? view : data(view, { status: 400 });
}

type Report = Extract<ReportView, { ok: true }>;

function FiguresTable({ figures: f }: { figures: Report['figures'] }) {
  const { t } = useI18n();
  const items = (count: number) => t('stats.unitItems', { count });
  const rows: [string, ReactNode][] = [
    [t('stats.needsCollected'), items(f.needsCollected)],
    [t('stats.published'), items(f.published)],
    [t('stats.fixedBounty'), items(f.fixedBounty.count)],
    [t('stats.fixedBountyTotal'), <Wan fen={f.fixedBounty.totalFen} />],
    [t('stats.openBounty'), items(f.openBounty)],
    [t('stats.eventsHeld'), t('stats.unitEvents', { count: f.eventsHeld })],
    [t('stats.teamsMatched'), items(f.teamsMatched)],
    [t('stats.contractsSigned'), t('stats.unitContracts', { count: f.contractsSigned })],
    [t('stats.rewardDisbursed'), <Wan fen={f.rewardDisbursedFen} />],
    [t('stats.rdInvestment'), <Wan fen={f.rdInvestmentFen} />],
  ];
  return (
    <DataTable
      rows={rows}
      rowKey={([label]) => label}
      testId="report-figures"
      columns={[
        { head: t('report.figure'), cell: ([label]) => label },
        { head: t('report.value'), cell: ([, value]) => value, align: 'right' },
      ]}
    />
  );
}

function EventTable({ event: e }: { event: Report['events'][number] }) {
  const { t, locale } = useI18n();
  return (
    <div className="report-event space-y-2" data-testid="report-event">
      <h3 className="font-semibold">{pick(locale, e.name, e.nameEn)}</h3>
      <EventFacts event={e} className="flex flex-wrap gap-x-4 text-sm text-stone-600" />
      <DataTable
        rows={e.challenges}
        rowKey={(c) => c.code}
        empty={t('report.noChallenges')}
        columns={[
          {
            // code and title in one column: a phone has room for three
            head: t('report.challengeTitle'),
            cell: (c) => (
              <>
                <span className="block font-mono text-xs text-stone-600">{c.code}</span>
                {pick(locale, c.title, c.titleEn)}
              </>
            ),
          },
          { head: t('report.teamsMatched'), cell: (c) => c.teams, align: 'right' },
          { head: t('report.contractsSigned'), cell: (c) => c.contracts, align: 'right' },
        ]}
      />
      <p className="text-sm text-stone-700">
        {t('report.eventTotals', {
          challenges: e.challenges.length,
          teams: e.teamCount,
          contracts: e.contractCount,
        })}
      </p>
    </div>
  );
}

export default function ProgrammeReport() {
  const view = useLoaderData<typeof loader>() as ReportView;
  const { t, locale } = useI18n();
  const periodName = usePeriodName();
  if (!view.ok) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold">{t('report.invalidTitle')}</h1>
        <p
          role="alert"
          className="text-brand-700"
          data-testid="report-error"
          data-field={view.field}
        >
          {tKey(t, view.key)}
        </p>
        <div className="print:hidden">
          <PeriodForm years={view.years} period={null} />
        </div>
        <Link to="/report">{t('report.backToAll')}</Link>
      </div>
    );
  }
  const name = periodName(view.period);
  return (
    <article className="report space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{t('report.title')}</h1>
        <p className="text-lg" data-testid="report-period">
          {t('report.periodLabel', { period: name })}
        </p>
        <p className="text-sm text-stone-600">
          {t('report.generatedAt', { time: formatDateTime(view.generatedAt, locale) })}
        </p>
        <p className="text-sm text-stone-600 print:hidden">{t('report.lead')}</p>
      </header>
      <div className="space-y-2 print:hidden">
        <PeriodForm years={view.years} period={view.period} />
        <p className="flex flex-wrap items-center gap-3 text-sm text-stone-600">
          {/* a convenience of scripts; without them the browser's own Print command does it */}
          <button
            type="button"
            onClick={() => window.print()}
            className="rounded border border-stone-300 bg-white px-3 py-1.5 text-stone-800 noscript:hidden"
          >
            {t('report.print')}
          </button>
          <span>{t('report.printHint')}</span>
        </p>
      </div>
      <TitledSection id="report-summary" title={t('report.summaryTitle')} testId="report-summary">
        <p className="max-w-4xl leading-relaxed" data-testid="report-paragraph">
          {view.summary}
        </p>
      </TitledSection>
      <TitledSection
        id="report-figures-section"
        title={t('report.figuresTitle')}
        testId="report-figures-section"
      >
        <FiguresTable figures={view.figures} />
      </TitledSection>
      <div className="report-charts">
        <ProgrammeCharts charts={view.charts} geometry={view.geometry} period={view.period} />
      </div>
      <TitledSection id="report-events" title={t('report.eventsTitle')} testId="report-events">
        {view.events.length ? (
          view.events.map((e) => <EventTable key={e.slug} event={e} />)
        ) : (
          <p className="text-stone-600">{t('report.noEvents')}</p>
        )}
      </TitledSection>
    </article>
  );
}
