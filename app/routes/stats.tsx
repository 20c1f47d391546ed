import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { StatusBadge, Wan } from '~/components/ui';
import { formatWan } from '~/domain/money';
import { useI18n } from '~/i18n/i18n';
import { formatDateTime } from '~/lib/format';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { currentFigures } from '~/services/programme/stats.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'stats.title');

export async function loader() {
  return { figures: await currentFigures(db) };
}

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

export default function Stats() {
  const { figures: f } = useLoaderData<typeof loader>();
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
    <div className="space-y-8">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">{t('stats.title')}</h1>
        <p className="text-stone-600">{t('stats.lead')}</p>
        <p className="text-sm text-stone-500">
          {t('stats.asOf', {
            time: formatDateTime(f.computedAt, locale),
          })}
          {' · '}
          <a href="/stats.json">{t('stats.json')}</a>
        </p>
      </div>
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
    </div>
  );
}
