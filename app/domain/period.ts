/**
 * The period the programme's figures and charts are restricted to (/stats, /stats.json, the
 * printable report): all of it, a calendar year or a quarter of one, in the bureau's time zone
 * (Asia/Shanghai). The URL says it as `?year=2021` or `?year=2021&quarter=3`; nothing or
 * `year=all` is the whole programme. Pure and shared by server and browser.
 *
 * Unlike the catalogue's query (where a value that does not fit falls back to its default), a
 * period that cannot be read is refused with a message: silently showing every year's figures
 * for `?year=202` would pass a wrong number off as the asked-for one.
 */
import { parseShanghaiDate } from './shanghai-date';

export type Quarter = 1 | 2 | 3 | 4;

export type Period =
  | { kind: 'all' }
  | { kind: 'year'; year: number }
  | { kind: 'quarter'; year: number; quarter: Quarter };

export const ALL_PERIOD: Period = Object.freeze({ kind: 'all' });

/** The years a period may name: wide enough for any record, narrow enough to bound a query. */
export const MIN_PERIOD_YEAR = 2000;
export const MAX_PERIOD_YEAR = 2100;

export const QUARTERS: readonly Quarter[] = [1, 2, 3, 4];

/** Translation keys of a refused period (namespace statsCharts). */
export type PeriodErrorKey =
  | 'statsCharts.period.yearInvalid'
  | 'statsCharts.period.quarterInvalid'
  | 'statsCharts.period.quarterNeedsYear';

export type PeriodParse =
  { ok: true; period: Period } | { ok: false; field: 'year' | 'quarter'; key: PeriodErrorKey };

const YEAR = /^\d{4}$/;
const QUARTER = /^[1-4]$/;

/** One value of a parameter: absent, blank, or given once; given twice it cannot be read. */
function single(params: URLSearchParams, name: string): string | null | false {
  const values = params.getAll(name);
  if (values.length === 0) return null;
  if (values.length > 1) return false;
  const v = values[0]!.trim();
  return v === '' ? null : v;
}

/** The period a URL's query names, or which parameter could not be read. */
export function parsePeriod(params: URLSearchParams): PeriodParse {
  const year = single(params, 'year');
  const quarter = single(params, 'quarter');
  if (year === false) return { ok: false, field: 'year', key: 'statsCharts.period.yearInvalid' };
  if (quarter === false) {
    return { ok: false, field: 'quarter', key: 'statsCharts.period.quarterInvalid' };
  }
  if (year === null || year === 'all') {
    if (quarter === null || quarter === 'all') return { ok: true, period: ALL_PERIOD };
    return { ok: false, field: 'quarter', key: 'statsCharts.period.quarterNeedsYear' };
  }
  const y = YEAR.test(year) ? Number(year) : NaN;
  if (!(y >= MIN_PERIOD_YEAR && y <= MAX_PERIOD_YEAR)) {
    return { ok: false, field: 'year', key: 'statsCharts.period.yearInvalid' };
  }
  if (quarter === null || quarter === 'all') return { ok: true, period: { kind: 'year', year: y } };
  if (!QUARTER.test(quarter)) {
    return { ok: false, field: 'quarter', key: 'statsCharts.period.quarterInvalid' };
  }
  return { ok: true, period: { kind: 'quarter', year: y, quarter: Number(quarter) as Quarter } };
}

function shanghaiMonthStart(year: number, month: number): Date {
  // month 13 is January of the next year
  const y = year + Math.floor((month - 1) / 12);
  const m = ((month - 1) % 12) + 1;
  return parseShanghaiDate(`${y}-${String(m).padStart(2, '0')}-01`)!;
}

/**
 * The instants a period covers: `from` inclusive, `to` exclusive, each 00:00 Asia/Shanghai;
 * none for the whole programme.
 */
export function periodBounds(period: Period): { from?: Date; to?: Date } {
  switch (period.kind) {
    case 'all':
      return {};
    case 'year':
      return { from: shanghaiMonthStart(period.year, 1), to: shanghaiMonthStart(period.year, 13) };
    case 'quarter': {
      const first = (period.quarter - 1) * 3 + 1;
      return {
        from: shanghaiMonthStart(period.year, first),
        to: shanghaiMonthStart(period.year, first + 3),
      };
    }
  }
}

/** Whether an instant falls in a period. */
export function inPeriod(period: Period, at: Date): boolean {
  const { from, to } = periodBounds(period);
  return (!from || at >= from) && (!to || at < to);
}

/** A short, stable name of a period for memo and cache keys: `all`, `2021`, `2021-Q3`. */
export function periodKey(period: Period): string {
  switch (period.kind) {
    case 'all':
      return 'all';
    case 'year':
      return String(period.year);
    case 'quarter':
      return `${period.year}-Q${period.quarter}`;
  }
}

/**
 * The query string that names a period, with its `?` (`?year=2021&quarter=3`), or '' for the
 * whole programme: `/stats${periodQuery(p)}` is a link to the period's page.
 */
export function periodQuery(period: Period): string {
  switch (period.kind) {
    case 'all':
      return '';
    case 'year':
      return `?year=${period.year}`;
    case 'quarter':
      return `?year=${period.year}&quarter=${period.quarter}`;
  }
}

/** Two periods are the same period. */
export function samePeriod(a: Period, b: Period): boolean {
  return periodKey(a) === periodKey(b);
}
