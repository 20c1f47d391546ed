import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { DateText, FieldName, PageHeader, pick, StatusBadge, Wan } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { listPublishedChallenges, type BountyFilter } from '~/services/catalogue.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'challenges.title');

function bountyFilter(value: string | null): BountyFilter {
  return value === 'fixed' || value === 'open' ? value : 'all';
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const bounty = bountyFilter(url.searchParams.get('bounty'));
  const page = await listPublishedChallenges(db, { cursor: url.searchParams.get('after'), bounty });
  return { ...page, bounty };
}

export default function Challenges() {
  const { items, total, next, bounty } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const [params] = useSearchParams();
  const nextParams = new URLSearchParams(params);
  if (next) nextParams.set('after', next);
  const firstParams = new URLSearchParams(params);
  firstParams.delete('after');
  return (
    <div>
      <PageHeader title={t('challenges.title')} lead={t('challenges.lead')} />
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3" role="search">
        <label className="flex flex-col text-sm">
          {t('challenges.filterLabel')}
          <select
            name="bounty"
            defaultValue={bounty}
            className="mt-1 rounded border border-stone-300 bg-white px-2 py-1"
          >
            <option value="all">{t('challenges.filterAll')}</option>
            <option value="fixed">{t('challenges.filterFixed')}</option>
            <option value="open">{t('challenges.filterOpen')}</option>
          </select>
        </label>
        {params.get('lang') ? (
          <input type="hidden" name="lang" value={params.get('lang')!} />
        ) : null}
        <button
          type="submit"
          className="rounded bg-brand-700 px-3 py-1.5 text-sm font-medium text-white"
        >
          {t('challenges.filterSubmit')}
        </button>
        <p className="ml-auto text-sm text-stone-600" aria-live="polite">
          {t('challenges.count', { count: total })}
        </p>
      </Form>
      {items.length === 0 ? (
        <p className="rounded border border-dashed border-stone-300 p-8 text-center text-stone-600">
          {t('challenges.empty')}
        </p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded border border-stone-200 bg-white">
          {items.map((c) => (
            <li key={c.code} className="p-4">
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <span className="font-mono text-xs text-stone-500">{c.code}</span>
                <Link to={`/challenges/${c.code}`} className="text-lg font-semibold">
                  {pick(locale, c.title, c.titleEn)}
                </Link>
                <StatusBadge status={c.status} />
              </div>
              <p className="mt-1 flex flex-wrap gap-x-4 text-sm text-stone-600">
                <span>{pick(locale, c.enterprise, c.enterpriseEn)}</span>
                <span>
                  {t('challenges.field')}: <FieldName field={c.field} />
                </span>
                <span>
                  {t('challenges.bounty')}: <Wan fen={c.bountyFen} />
                </span>
                <span>
                  {t('challenges.deadline')}: <DateText value={c.deadline} />
                </span>
              </p>
            </li>
          ))}
        </ul>
      )}
      <nav aria-label={t('challenges.pagination')} className="mt-4 flex gap-4">
        {params.get('after') ? <Link to={`?${firstParams}`}>{t('challenges.prev')}</Link> : null}
        {next ? <Link to={`?${nextParams}`}>{t('challenges.next')}</Link> : null}
      </nav>
    </div>
  );
}
