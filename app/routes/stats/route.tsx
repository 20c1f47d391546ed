import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { PayoutClockSection } from '~/components/payout-clock';
import { PeriodForm, usePeriodName } from '~/components/period-form';
import { ProgrammeCharts } from '~/components/programme-charts';
import { StatusBadge, Wan } from '~/components/ui';
import { periodQuery } from '~/domain/period';
import { formatWan } from '~/domain/money';
import { tKey, useI18n } from '~/i18n/i18n';
import { formatDateTime } from '~/lib/format';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { type StatsView, statsView } from './view.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'stats.title');

// A period that cannot be read is answered with the selector and a message, status 400.
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await statsView(db, new URL(request.url));
  return view.ok ? view : data(view, { status: 400 });
}

type Shown = Extract<StatsView, { ok: true }>;

type FigureId =
  | 'needsCollected'
  | 'published'
  | 'fixedBounty'
  | 'openBounty'
  | 'eventsHeld'
  | 'teamsMatched'
  | 'contractsSigned'
  | 'rewardDisbursed'
  | 'rdInvestment';

function Figure({
  id,
  label,
  value,
  to,
}: {
  id: string;
  label: string;
  value: ReactNode;
  to: string;
}) {
  return (
    <div className="rounded border border-stone-200 bg-white p-4" data-figure={id}>
      <dt className="text-sm text-stone-600">{label}</dt>
      <dd className="mt-1 text-2xl font-bold">
        <Link to={to} className="no-underline hover:underline">
          {value}
        </Link>
      </dd>
    </div>
  );
}

function Figures({ f }: { f: Shown['figures'] }) {
  const { t, locale } = useI18n();
  const eventNames = f.events.map((e) =>
    t(`fields.${e.industry}` as 'fields.新材料', { defaultValue: e.industry }),
  );
  const items = (count: number) => t('stats.unitItems', { count });
  // [figure (its label's key), value, where it leads, a label other than the key's]
  const figures: [FigureId, ReactNode, string, string?][] = [
    ['needsCollected', items(f.needsCollected), '#by-status'],
    ['published', items(f.published), '/challenges'],
    [
      'fixedBounty',
      <>
        {items(f.fixedBounty.count)} / <Wan fen={f.fixedBounty.totalFen} />
      </>,
      '/challenges?bounty=fixed',
      `${t('stats.fixedBounty')} / ${t('stats.fixedBountyTotal')}`,
    ],
    ['openBounty', items(f.openBounty), '/challenges?bounty=open'],
    [
      'eventsHeld',
      `${t('stats.unitEvents', { count: f.eventsHeld })} (${eventNames.join(locale === 'zh' ? '、' : ', ')})`,
      '/events',
    ],
    ['teamsMatched', items(f.teamsMatched), '/events'],
    ['contractsSigned', t('stats.unitContracts', { count: f.contractsSigned }), '/contracts'],
    ['rewardDisbursed', <Wan fen={f.rewardDisbursedFen} />, '/contracts'],
    ['rdInvestment', <Wan fen={f.rdInvestmentFen} />, '/contracts'],
  ];
  return (
    <>
      <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {figures.map(([id, value, to, label]) => (
          <Figure key={id} id={id} label={label ?? t(`stats.${id}`)} value={value} to={to} />
        ))}
      </dl>
      <p className="max-w-4xl leading-relaxed text-stone-700">
        {t('stats.sentence', {
          needs: f.needsCollected,
          published: f.published,
          fixed: f.fixedBounty.count,
          fixedTotal: formatWan(f.fixedBounty.totalFen, locale),
          open: f.openBounty,
          eventNames: eventNames.join(locale === 'zh' ? '、' : ', '),
          events: f.eventsHeld,
          teams: f.teamsMatched,
          contracts: f.contractsSigned,
          disbursed: formatWan(f.rewardDisbursedFen, locale),
          rd: formatWan(f.rdInvestmentFen, locale),
        })}
      </p>
      <section id="by-status" aria-labelledby="by-status-title" className="space-y-3">
        <h2 id="by-status-title" className="text-lg font-semibold">
          {t('stats.needsByStatus')}
        </h2>
        <ul className="flex flex-wrap gap-3">
          {Object.entries(f.needsByStatus).map(([status, count]) => (
            <li key={status} className="rounded border border-stone-200 bg-white px-3 py-2">
              <StatusBadge status={status} /> <span className="ml-1 font-semibold">{count}</span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export default function Stats() {
  const view = useLoaderData<typeof loader>() as StatsView;
  const { t, locale } = useI18n();
  const periodName = usePeriodName();
  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <h1 className="text-2xl font-bold">{t('stats.title')}</h1>
        <p className="text-stone-600">{t('stats.lead')}</p>
        <PeriodForm years={view.years} period={view.ok ? view.period : null} />
        {view.ok ? (
          <p className="text-sm text-stone-500">
            <span data-testid="period">
              {t('statsCharts.period.showing', { period: periodName(view.period) })}
            </span>
            {' · '}
            {t('stats.asOf', { time: formatDateTime(view.figures.computedAt, locale) })}
            {' · '}
            <a href={`/stats.json${periodQuery(view.period)}`}>{t('stats.json')}</a>
            {' · '}
            <Link to={`/report${periodQuery(view.period)}`}>{t('report.statsLink')}</Link>
          </p>
        ) : null}
      </div>
      {view.ok ? (
        <>
          <Figures f={view.figures} />
          <ProgrammeCharts charts={view.charts} geometry={view.geometry} period={view.period} />
          <PayoutClockSection clock={view.payoutClock} period={view.period} />
        </>
      ) : (
        <div role="alert" className="space-y-2 rounded border border-red-200 bg-red-50 p-4">
          <h2 className="font-semibold">{t('statsCharts.period.invalidTitle')}</h2>
          <p data-field={view.field}>{tKey(t, view.key)}</p>
          <Link to="/stats">{t('statsCharts.period.showAll')}</Link>
        </div>
      )}
    </div>
  );
}
