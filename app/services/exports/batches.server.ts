// What the exports share: reading a list's rows in batches by keyset (never OFFSET, so the
// last batch costs what the first does), and the file a request asks for.
import type { TFunction } from 'i18next';
import { getT, tKey, type Locale } from '~/i18n/i18n';
import { resolveLocale } from '~/i18n/locale.server';
import type { Dictionary } from '~/i18n/zh';
import { PRIVATE_CACHE } from '~/lib/cache.server';
import { exportFormatOf, exportResponse } from '~/lib/exports/stream.server';
import type { Column } from '~/lib/exports/table';

/** Rows read per query. */
export const EXPORT_BATCH = 1000;

/**
 * The rows of a list, batch by batch: `page(last)` reads up to `size` rows after the row
 * `last` (from the start when null) in the list's order; `map` turns a batch into the rows
 * the file shows. Ends after a short batch.
 */
export async function* keysetBatches<D, R>(
  page: (last: D | null, size: number) => Promise<D[]>,
  map: (batch: D[]) => R[] | Promise<R[]>,
  size = EXPORT_BATCH,
): AsyncGenerator<R[]> {
  let last: D | null = null;
  for (;;) {
    const rows = await page(last, size);
    if (rows.length > 0) yield await map(rows);
    if (rows.length < size) return;
    last = rows[rows.length - 1];
  }
}

export type ExportedList = keyof Dictionary['exports']['sheet'];

/**
 * A list as the file `request` asks for (the format its path's extension names, the headers in
 * its language): the columns `columns` makes, the rows `rows` reads for the request's query.
 */
export async function listExport<R>(
  request: Request,
  list: {
    /** which list: names the sheet, and the file unless `file` does */
    sheet: ExportedList;
    file?: string;
    columns: (t: TFunction, locale: Locale) => readonly Column<R>[];
    rows: (
      params: URLSearchParams,
    ) => AsyncIterable<readonly R[]> | Promise<AsyncIterable<readonly R[]>>;
    /** by default kept by no cache, as a staff list's file must be */
    cacheControl?: string;
  },
): Promise<Response> {
  const { locale } = resolveLocale(request);
  const t = getT(locale);
  return exportResponse({
    format: exportFormatOf(request),
    locale,
    name: list.file ?? list.sheet,
    sheet: tKey(t, `exports.sheet.${list.sheet}`),
    columns: list.columns(t, locale),
    batches: await list.rows(new URL(request.url).searchParams),
    cacheControl: list.cacheControl ?? PRIVATE_CACHE,
  });
}

/**
 * The rows after the one at (`value`, `tie`) in the order (`column`, `tieColumn`) both `dir`:
 * a range on the first column that an index on it serves, then the tie broken by a unique one.
 */
export function keysetAfter(
  dir: 'asc' | 'desc',
  column: string,
  value: unknown,
  tieColumn: string,
  tie: unknown,
) {
  const [from, past] = dir === 'asc' ? ['gte', 'gt'] : ['lte', 'lt'];
  return {
    [column]: { [from]: value },
    OR: [{ [column]: { [past]: value } }, { [tieColumn]: { [past]: tie } }],
  };
}

/**
 * One batch's `where` and `orderBy` for findMany (with `take`): the rows of `where` in the order
 * (`column`, `tieColumn`) both `dir`, after the row `last` (from the start when null).
 */
export function keysetPage<W extends object, C extends string, K extends string>(
  where: W,
  dir: 'asc' | 'desc',
  column: C,
  tieColumn: K,
  last: Record<C | K, unknown> | null,
) {
  return {
    where: last
      ? { AND: [where, keysetAfter(dir, column, last[column], tieColumn, last[tieColumn])] }
      : where,
    orderBy: [{ [column]: dir }, { [tieColumn]: dir }],
  };
}
