import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import type { FormEvent } from 'react';
import { Link, useLoaderData, useLocation, useNavigate } from '@remix-run/react';
import { ExportLinks } from '~/components/export-links';
import { Options } from '~/components/form';
import { DateText, fieldName, PageHeader, StatusBadge, wanText } from '~/components/ui';
import {
  BOUNTY_FILTERS,
  CATALOGUE_PATH,
  CATALOGUE_SORTS,
  catalogueHref,
  CHALLENGE_FIELDS,
  DEFAULT_QUERY,
  fenToWanParam,
  isFiltered,
  parseCatalogueQuery,
  STATE_FILTERS,
  MAX_QUERY_LENGTH,
} from '~/domain/catalogue-query';
import { useI18n } from '~/i18n/i18n';
import { resolveLocale } from '~/i18n/locale.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import {
  anyPublishedChallenge,
  catalogueItemsIn,
  eventOptionsIn,
  listEventOptions,
  listPublishedChallenges,
} from '~/services/needs/catalogue.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'challenges.title');

// The whole state is in the URL (a plain GET form), so a result can be shared and the page
// stays public and cacheable; nothing here sets a cookie. Names go out in the page's language
// only (a switch of language loads the page again, under its own cache key and `Vary: Cookie`).
export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = resolveLocale(request);
  const query = parseCatalogueQuery(new URL(request.url).searchParams);
  const events = await listEventOptions(db);
  // an event that does not exist is dropped like any other value that does not fit
  if (query.event && !events.some((e) => e.slug === query.event)) query.event = null;
  const page = await listPublishedChallenges(db, query);
  const anyPublished = page.total > 0 || (await anyPublishedChallenge(db));
  return {
    ...page,
    items: catalogueItemsIn(locale, page.items),
    query,
    events: eventOptionsIn(locale, events),
    anyPublished,
  };
}

// min-w-0 and w-full: a select as wide as its longest option must not push past a phone's edge
const control = 'mt-1 w-full min-w-0 rounded border border-stone-400 bg-white px-2 py-1';
const labelled = 'flex min-w-0 flex-col justify-end text-sm font-medium text-stone-800';

/** A filter of the catalogue: one of `options`, after "all" (the empty value) if it has one. */
function CatalogueSelect({
  label,
  name,
  value,
  allLabel,
  options,
}: {
  label: string;
  name: string;
  value: string;
  allLabel?: string;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <label className={labelled}>
      {label}
      <select name={name} defaultValue={value} className={control}>
        {allLabel === undefined ? null : <option value="">{allLabel}</option>}
        <Options options={options} />
      </select>
    </label>
  );
}

/** A bound of the bounty filter, typed in 万元. */
function WanBound({ label, name, fen }: { label: string; name: string; fen: number | null }) {
  return (
    <label className={labelled}>
      {label}
      <input
        name={name}
        inputMode="decimal"
        autoComplete="off"
        defaultValue={fen === null ? '' : fenToWanParam(fen)}
        className={control}
      />
    </label>
  );
}

const BOUNTY_LABEL = {
  all: 'catalogue.bountyAll',
  fixed: 'catalogue.bountyFixed',
  open: 'catalogue.bountyOpen',
} as const;
const STATE_LABEL = {
  all: 'catalogue.stateAll',
  open: 'catalogue.stateOpen',
  closed: 'catalogue.stateClosed',
} as const;
const SORT_LABEL = {
  newest: 'catalogue.sortNewest',
  deadline: 'catalogue.sortDeadline',
  bounty: 'catalogue.sortBounty',
} as const;

export default function Challenges() {
  const { items, total, more, next, query, events, anyPublished } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const filtered = isFiltered(query);

  // Without JavaScript the browser submits every control; with it, the URL is written in its
  // short, canonical form (defaults left out), the same one the page's own links use.
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) {
      if (typeof value === 'string') params.append(name, value);
    }
    navigate(catalogueHref(parseCatalogueQuery(params), { after: null }));
  }

  if (!anyPublished) {
    return (
      <div>
        <PageHeader title={t('challenges.title')} lead={t('challenges.lead')} />
        <section className="rounded border border-dashed border-stone-300 p-8 text-center">
          <h2 className="text-lg font-semibold">{t('catalogue.emptyTitle')}</h2>
          <p className="mt-2 text-stone-600">{t('catalogue.emptyText')}</p>
        </section>
      </div>
    );
  }

  // The 20 rows are a third of this page's server time (ADR 020, session 20): each fact is
  // written here as one string beside its label, not through InlineFact, FieldName and Wan,
  // which cost three components and two text separators a fact on every uncached view.
  const fieldLabel = t('challenges.field');
  const bountyLabel = t('challenges.bounty');
  const deadlineLabel = t('challenges.deadline');

  return (
    <div>
      <PageHeader title={t('challenges.title')} lead={t('challenges.lead')} />
      {/* keyed by the URL, so the inputs show the state after any client-side navigation */}
      <form
        key={location.search}
        method="get"
        action={CATALOGUE_PATH}
        onSubmit={onSubmit}
        role="search"
        aria-label={t('catalogue.searchLabel')}
        className="mb-6 space-y-4 rounded border border-stone-200 bg-white p-4"
      >
        <div>
          <label htmlFor="catalogue-q" className="block text-sm font-medium text-stone-800">
            {t('catalogue.searchLabel')}
          </label>
          <div className="mt-1 flex flex-wrap gap-2">
            <input
              id="catalogue-q"
              type="search"
              name="q"
              defaultValue={query.q}
              placeholder={t('catalogue.searchPlaceholder')}
              aria-describedby="catalogue-q-hint"
              maxLength={MAX_QUERY_LENGTH}
              className="min-w-0 flex-1 rounded border border-stone-400 px-3 py-2"
            />
            <button
              type="submit"
              className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-600"
            >
              {t('catalogue.searchSubmit')}
            </button>
          </div>
          <p id="catalogue-q-hint" className="mt-1 text-sm text-stone-600">
            {t('catalogue.searchHint')}
          </p>
        </div>
        <fieldset>
          <legend className="text-sm font-semibold text-stone-800">{t('catalogue.filters')}</legend>
          {/* two a row from the narrowest screen up: the first results stay within reach of a phone */}
          <div className="mt-2 grid grid-cols-2 gap-3 lg:grid-cols-4">
            <CatalogueSelect
              label={t('catalogue.field')}
              name="field"
              value={query.field ?? ''}
              allLabel={t('catalogue.fieldAll')}
              options={CHALLENGE_FIELDS.map((f) => ({ value: f, label: t(`fields.${f}`) }))}
            />
            <CatalogueSelect
              label={t('catalogue.bountyType')}
              name="bounty"
              value={query.bounty}
              options={BOUNTY_FILTERS.map((b) => ({ value: b, label: t(BOUNTY_LABEL[b]) }))}
            />
            <WanBound label={t('catalogue.bountyMin')} name="min" fen={query.minFen} />
            <WanBound label={t('catalogue.bountyMax')} name="max" fen={query.maxFen} />
            <CatalogueSelect
              label={t('catalogue.state')}
              name="state"
              value={query.state}
              options={STATE_FILTERS.map((v) => ({ value: v, label: t(STATE_LABEL[v]) }))}
            />
            <CatalogueSelect
              label={t('catalogue.event')}
              name="event"
              value={query.event ?? ''}
              allLabel={t('catalogue.eventAll')}
              options={events.map((e) => ({
                value: e.slug,
                label: e.name,
              }))}
            />
            <CatalogueSelect
              label={t('catalogue.sort')}
              name="sort"
              value={query.sort}
              options={CATALOGUE_SORTS.map((v) => ({ value: v, label: t(SORT_LABEL[v]) }))}
            />
            <div className="flex items-end">
              <button
                type="submit"
                className="rounded border border-brand-700 px-4 py-1.5 text-sm font-medium text-brand-700 hover:bg-stone-100"
              >
                {t('challenges.filterSubmit')}
              </button>
            </div>
          </div>
        </fieldset>
      </form>

      <section aria-labelledby="catalogue-results">
        <div className="mb-3 flex flex-wrap items-baseline gap-x-4 gap-y-1">
          <h2 id="catalogue-results" className="sr-only">
            {t('catalogue.results')}
          </h2>
          <p className="text-sm text-stone-700" aria-live="polite" aria-atomic="true">
            {more
              ? t('catalogue.matchesMore', { count: total })
              : filtered
                ? t('catalogue.matches', { count: total })
                : t('catalogue.total', { count: total })}
          </p>
          {filtered ? (
            <Link to={catalogueHref(DEFAULT_QUERY)} className="text-sm">
              {t('catalogue.clearFilters')}
            </Link>
          ) : null}
          {total > 0 ? (
            // every match of these filters, not only this page (the cursor is not carried)
            <ExportLinks path="/challenges" search={location.search.replace(/^\?/, '')} />
          ) : null}
        </div>

        {total === 0 ? (
          <div className="rounded border border-dashed border-stone-300 p-8 text-center">
            <h3 className="text-lg font-semibold">{t('catalogue.noResultsTitle')}</h3>
            <p className="mt-2 text-stone-600">{t('catalogue.noResultsText')}</p>
            <p className="mt-4">
              <Link to={catalogueHref(DEFAULT_QUERY)}>{t('catalogue.clearFilters')}</Link>
            </p>
          </div>
        ) : items.length === 0 ? (
          <p className="rounded border border-dashed border-stone-300 p-8 text-center text-stone-600">
            {t('catalogue.pageGone')}{' '}
            <Link to={catalogueHref(query, { after: null })}>{t('catalogue.first')}</Link>
          </p>
        ) : (
          <ul className="divide-y divide-stone-200 rounded border border-stone-200 bg-white">
            {items.map((c) => (
              <li key={c.code} className="p-4">
                <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                  <span className="font-mono text-xs text-stone-600">{c.code}</span>
                  <h3 className="text-lg font-semibold">
                    <Link to={`/challenges/${c.code}`}>{c.title}</Link>
                  </h3>
                  <StatusBadge status={c.status} />
                </div>
                <p className="mt-1 flex flex-wrap gap-x-4 text-sm text-stone-600">
                  <span>{c.enterprise}</span>
                  <span>{`${fieldLabel}: ${fieldName(t, c.field)}`}</span>
                  <span>{`${bountyLabel}: ${wanText(t, locale, c.bountyFen)}`}</span>
                  <span>
                    {`${deadlineLabel}: `}
                    <DateText value={c.deadline} />
                  </span>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      {query.after || next ? (
        <nav aria-label={t('catalogue.pagination')} className="mt-4 flex gap-4">
          {query.after ? (
            <Link to={catalogueHref(query, { after: null })}>{t('catalogue.first')}</Link>
          ) : null}
          {next ? (
            <Link to={catalogueHref(query, { after: next })}>{t('catalogue.next')}</Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
