// The pieces every back-office list shares: a GET search form that keeps the chosen language,
// its framed table, and numbered paging that keeps the other query
// parameters.
import { Form, Link, useSearchParams } from '@remix-run/react';
import type { ReactNode } from 'react';
import { MANAGED_ROLES, ORGANIZATION_KINDS } from '~/domain/roles';
import { tKey, useI18n } from '~/i18n/i18n';
import { DataTable, type Column } from './data-table';
import { Options } from './form';

/** A search form (GET, so that results can be linked); `children` are its fields. */
export function SearchForm({
  children,
  submitLabel,
  total,
}: {
  children: ReactNode;
  submitLabel: string;
  /** the number of results, shown at the end of the row */
  total?: number;
}) {
  const [params] = useSearchParams();
  const { t } = useI18n();
  const lang = params.get('lang');
  return (
    <Form method="get" role="search" className="flex flex-wrap items-end gap-3">
      {children}
      {lang ? <input type="hidden" name="lang" value={lang} /> : null}
      <button
        type="submit"
        className="rounded bg-brand-700 px-3 py-1.5 text-sm font-medium text-white"
      >
        {submitLabel}
      </button>
      {total === undefined ? null : (
        <p className="ml-auto text-sm text-stone-600" aria-live="polite">
          {t('admin.total', { count: total })}
        </p>
      )}
    </Form>
  );
}

const FIELD = 'mt-1 max-w-full min-w-0 rounded border border-stone-300 bg-white px-2 py-1';

/** The free-text box of a search form. */
export function SearchInput({
  label,
  placeholder,
  defaultValue,
}: {
  label: string;
  placeholder?: string;
  defaultValue?: string;
}) {
  return (
    <label className="flex max-w-full min-w-0 flex-col text-sm">
      {label}
      <input
        type="search"
        name="q"
        defaultValue={defaultValue}
        placeholder={placeholder}
        maxLength={100}
        className={`${FIELD} w-72`}
      />
    </label>
  );
}

/** A filter of a search form: one of `options`, or all (the empty value). */
export function FilterSelect({
  label,
  name,
  defaultValue,
  allLabel,
  options,
}: {
  label: string;
  name: string;
  defaultValue?: string | null;
  allLabel: string;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <label className="flex max-w-full min-w-0 flex-col text-sm">
      {label}
      <select name={name} defaultValue={defaultValue ?? ''} className={FIELD}>
        <option value="">{allLabel}</option>
        <Options options={options} />
      </select>
    </label>
  );
}

/** The two directories of the back office and how each is searched: its text, its one filter. */
const DIRECTORIES = {
  users: {
    placeholder: 'admin.searchPlaceholder',
    filter: { name: 'role', label: 'admin.role', all: 'admin.allRoles', of: 'roles' },
    values: MANAGED_ROLES,
  },
  organizations: {
    placeholder: 'admin.orgSearchPlaceholder',
    filter: { name: 'kind', label: 'admin.kind', all: 'admin.allKinds', of: 'kinds' },
    values: ORGANIZATION_KINDS,
  },
} as const;

/** A directory's search form: the free text, its filter (all when empty) and the total found. */
export function DirectorySearch({
  directory,
  q,
  filter,
  total,
}: {
  directory: keyof typeof DIRECTORIES;
  q: string;
  filter: string | null;
  total: number;
}) {
  const { t } = useI18n();
  const d = DIRECTORIES[directory];
  return (
    <SearchForm submitLabel={t('admin.search')} total={total}>
      <SearchInput label={t('admin.search')} placeholder={t(d.placeholder)} defaultValue={q} />
      <FilterSelect
        label={t(d.filter.label)}
        name={d.filter.name}
        defaultValue={filter}
        allLabel={t(d.filter.all)}
        options={d.values.map((v) => ({ value: v, label: tKey(t, `${d.filter.of}.${v}`) }))}
      />
    </SearchForm>
  );
}

/** A back-office list's table: framed, saying so when the search found nothing. */
export function ListTable<R extends { id: string }>({
  rows,
  columns,
}: {
  rows: readonly R[];
  columns: readonly Column<R>[];
}) {
  const { t } = useI18n();
  return (
    <DataTable
      look="framed"
      rows={rows}
      rowKey={(r) => r.id}
      columns={columns}
      empty={t('admin.noResults')}
    />
  );
}

/** Previous / "page n of m" / next, keeping every other query parameter. */
export function Pager({ page, pages }: { page: number; pages: number }) {
  const [params] = useSearchParams();
  const { t } = useI18n();
  if (pages <= 1) return null;
  const link = (n: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(n));
    return `?${next}`;
  };
  return (
    <nav aria-label={t('admin.pagination')} className="flex items-center gap-4 text-sm">
      {page > 1 ? <Link to={link(page - 1)}>{t('admin.prevPage')}</Link> : null}
      <span>{t('admin.pageOf', { page, pages })}</span>
      {page < pages ? <Link to={link(page + 1)}>{t('admin.nextPage')}</Link> : null}
    </nav>
  );
}
