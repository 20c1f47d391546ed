/**
 * The numbers behind the charts of /stats (and the printable report): the programme's funnel,
 * fixed bounties by field, reward money paid by month and how long a payment takes after its
 * milestone was accepted. Pure: the service reads the records, these rules shape them
 * (docs/decisions/026-figures-by-period.md).
 */
import { INDUSTRIES } from './industry';
import { calendarDays } from './payout-clock';
import { type Period, periodBounds } from './period';

/** The funnel's stages, in order: each a count of the period's records of one kind. */
export const FUNNEL_STAGES = [
  'needs',
  'published',
  'applications',
  'teamsMatched',
  'contracts',
  'paidContracts',
] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/** Days from a milestone's acceptance to its payment, in buckets (upper bound inclusive). */
export const LEAD_TIME_BUCKETS = [
  { id: 'd0_7', min: 0, max: 7 },
  { id: 'd8_14', min: 8, max: 14 },
  { id: 'd15_21', min: 15, max: 21 },
  { id: 'd22_30', min: 22, max: 30 },
  { id: 'd31_60', min: 31, max: 60 },
  { id: 'd61plus', min: 61, max: null },
] as const;
export type LeadTimeBucketId = (typeof LEAD_TIME_BUCKETS)[number]['id'];

export type ChartData = {
  funnel: { stage: FunnelStage; count: number }[];
  /** fixed bounties of the challenges published in the period, per field, in fen */
  bountyByField: { field: string; count: number; fen: number }[];
  /** reward money paid, per Shanghai calendar month (YYYY-MM), in fen */
  disbursementsByMonth: { month: string; count: number; fen: number }[];
  leadTimes: {
    buckets: { id: LeadTimeBucketId; min: number; max: number | null; count: number }[];
    /** payments counted (those whose milestone has an acceptance date) */
    count: number;
    medianDays: number | null;
    p90Days: number | null;
  };
};

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The Shanghai calendar month of an instant, YYYY-MM. */
export function shanghaiMonth(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 7);
}

/** The month after a YYYY-MM month. */
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Every month from `first` to `last`, both included (none when `last` comes first). */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  for (let m = first; m <= last; m = nextMonth(m)) months.push(m);
  return months;
}

/**
 * The months a chart of the period shows: every month of a year or quarter; for the whole
 * programme, the months from the first to the last of `seen` (none when nothing was seen).
 */
export function monthsOfPeriod(period: Period, seen: string[]): string[] {
  const { from, to } = periodBounds(period);
  if (from && to)
    return monthsBetween(shanghaiMonth(from), shanghaiMonth(new Date(to.getTime() - 1)));
  if (seen.length === 0) return [];
  const sorted = [...seen].sort();
  return monthsBetween(sorted[0]!, sorted[sorted.length - 1]!);
}

/** Money paid per month of the period, every month present (0 when nothing was paid). */
export function disbursementsByMonth(
  period: Period,
  payments: { paidAt: Date; amountFen: number }[],
): ChartData['disbursementsByMonth'] {
  const byMonth = new Map<string, { count: number; fen: number }>();
  for (const p of payments) {
    const month = shanghaiMonth(p.paidAt);
    const m = byMonth.get(month) ?? { count: 0, fen: 0 };
    m.count += 1;
    m.fen += p.amountFen;
    byMonth.set(month, m);
  }
  return monthsOfPeriod(period, [...byMonth.keys()]).map((month) => ({
    month,
    ...(byMonth.get(month) ?? { count: 0, fen: 0 }),
  }));
}

/**
 * Calendar days in Shanghai from a milestone's acceptance to its payment: accepted on the 8th
 * and paid on the 27th is 19 days, whatever the hours. A payment recorded before its acceptance
 * (a data error) counts as 0 days.
 */
export function leadTimeDays(acceptedAt: Date, paidAt: Date): number {
  return calendarDays(acceptedAt, paidAt);
}

/** The q-quantile (0 < q ≤ 1) of sorted values by the nearest-rank method: an observed value. */
function nearestRank(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

/** The distribution of lead times (in days): bucket counts, median and 90th percentile. */
export function leadTimeDistribution(days: number[]): ChartData['leadTimes'] {
  const sorted = [...days].sort((a, b) => a - b);
  return {
    buckets: LEAD_TIME_BUCKETS.map((b) => ({
      id: b.id,
      min: b.min,
      max: b.max,
      count: sorted.filter((d) => d >= b.min && (b.max === null || d <= b.max)).length,
    })),
    count: sorted.length,
    medianDays: nearestRank(sorted, 0.5),
    p90Days: nearestRank(sorted, 0.9),
  };
}

/**
 * Fixed bounties per field: every industry in display order (0 when none was published), then
 * any other stored field value after them.
 */
export function bountyByField(
  rows: { field: string; count: number; fen: number }[],
): ChartData['bountyByField'] {
  const byField = new Map<string, { count: number; fen: number }>();
  for (const r of rows) {
    const f = byField.get(r.field) ?? { count: 0, fen: 0 };
    f.count += r.count;
    f.fen += r.fen;
    byField.set(r.field, f);
  }
  const known: string[] = [...INDUSTRIES];
  const others = [...byField.keys()].filter((f) => !known.includes(f)).sort();
  return [...known, ...others].map((field) => ({
    field,
    ...(byField.get(field) ?? { count: 0, fen: 0 }),
  }));
}
