// The pieces every back-office list shares: a GET search form that keeps the chosen language,
// a table with an empty state, and numbered paging that keeps the other query parameters.
import { Form, Link, useSearchParams } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useI18n } from '~/i18n/i18n';

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
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The dashed box a list shows when it has nothing in it. */
export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <p className="rounded border border-dashed border-stone-300 p-8 text-center text-stone-600">
      {children}
    </p>
  );
}

/** A table of rows, or the empty state when there are none. */
export function ListTable({
  empty,
  emptyText,
  headings,
  children,
}: {
  empty: boolean;
  emptyText: string;
  /** column headings; a heading given as [text, 'right'] is right-aligned (numbers) */
  headings: readonly (string | readonly [string, 'right'])[];
  children: ReactNode;
}) {
  if (empty) return <EmptyState>{emptyText}</EmptyState>;
  return (
    <div className="overflow-x-auto rounded border border-stone-200 bg-white">
      <table className="w-full text-sm">
        <HeadRow columns={headings} shaded />
        <tbody>{children}</tbody>
      </table>
    </div>
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

/** A table's head row; a column given as [text, 'right'] is right-aligned (numbers). */
export function HeadRow({
  columns,
  shaded = false,
}: {
  columns: readonly (string | readonly [string, 'right'])[];
  /** the back-office lists' grey head instead of a rule under it */
  shaded?: boolean;
}) {
  return (
    <thead className={shaded ? 'bg-stone-50 text-left' : undefined}>
      <tr className={shaded ? undefined : 'border-b border-stone-300 text-left'}>
        {columns.map((c) => {
          const [text, align] = typeof c === 'string' ? [c, null] : c;
          return (
            <th key={text} scope="col" className={align ? 'p-2 text-right' : 'p-2'}>
              {text}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
