/**
 * The payout clock made public (issue #16): how many days pass from a milestone's acceptance to
 * the payment of its instalment, for the whole programme and per enterprise, and which
 * instalments went past the configured limit (PAYOUT_ALERT_DAYS). Days are whole calendar days
 * in Asia/Shanghai (accepted on the 8th, paid on the 27th: 19 days), the same count as the
 * lead-time chart of /stats; median and 90th percentile by the nearest-rank method, so each is a
 * number of days some payment really took (docs/decisions/036-payout-clock-public.md).
 */
import { leadTimeDays, leadTimeDistribution } from './programme-charts';

export type LeadTimeRecord = {
  acceptedAt: Date;
  paidAt: Date;
  /** `creditCode` (统一社会信用代码) names the enterprise in the open data */
  enterprise: { id: string; name: string; nameEn: string | null; creditCode?: string | null };
};

export type LeadTimeSummary = { count: number; medianDays: number | null; p90Days: number | null };

export type EnterpriseLeadTimes = LeadTimeSummary & LeadTimeRecord['enterprise'];

export type PayoutClockFigures = {
  programme: LeadTimeSummary;
  /** most payments first, then by name; only enterprises with a payment counted */
  enterprises: EnterpriseLeadTimes[];
};

/** Count, median and 90th percentile of lead times in days (the chart's own quantiles). */
export function summarise(days: number[]): LeadTimeSummary {
  const { count, medianDays, p90Days } = leadTimeDistribution(days);
  return { count, medianDays, p90Days };
}

/** The programme's and each enterprise's payout lead times from paid instalments. */
export function payoutClockFigures(records: readonly LeadTimeRecord[]): PayoutClockFigures {
  const all: number[] = [];
  const byEnterprise = new Map<string, { e: LeadTimeRecord['enterprise']; days: number[] }>();
  for (const r of records) {
    const days = leadTimeDays(r.acceptedAt, r.paidAt);
    all.push(days);
    const entry = byEnterprise.get(r.enterprise.id) ?? { e: r.enterprise, days: [] };
    entry.days.push(days);
    byEnterprise.set(r.enterprise.id, entry);
  }
  const enterprises = [...byEnterprise.values()]
    .map(({ e, days }) => ({ ...e, ...summarise(days) }))
    .sort(
      (a, b) => b.count - a.count || a.name.localeCompare(b.name, 'zh') || (a.id < b.id ? -1 : 1),
    );
  return { programme: summarise(all), enterprises };
}

export type PayoutBreach = { kind: 'unpaid' | 'paidLate'; days: number };

/**
 * Whether an accepted instalment is past the limit: unpaid with more than `limitDays` calendar
 * days since acceptance (`paidAt` null: the clock runs to `now`), or paid after more than that.
 * Exactly `limitDays` is within the limit. Null when within it or not accepted.
 */
export function payoutBreach(
  acceptedAt: Date | null,
  paidAt: Date | null,
  now: Date,
  limitDays: number,
): PayoutBreach | null {
  if (!acceptedAt) return null;
  const days = leadTimeDays(acceptedAt, paidAt ?? now);
  if (days <= limitDays) return null;
  return { kind: paidAt ? 'paidLate' : 'unpaid', days };
}
