import { describe, expect, it } from 'vitest';
import { INDUSTRIES } from './industry';
import { ALL_PERIOD } from './period';
import {
  bountyByField,
  disbursementsByMonth,
  leadTimeDays,
  leadTimeDistribution,
  monthsOfPeriod,
  shanghaiMonth,
} from './programme-charts';

const at = (iso: string) => new Date(iso);

describe('months', () => {
  it('reads the month in Shanghai, not in UTC', () => {
    expect(shanghaiMonth(at('2021-09-30T16:00:00Z'))).toBe('2021-10');
    expect(shanghaiMonth(at('2021-09-30T15:59:59Z'))).toBe('2021-09');
    expect(shanghaiMonth(at('2021-12-31T16:30:00Z'))).toBe('2022-01');
  });

  it('lists every month of a year or quarter, and the span seen for the whole programme', () => {
    expect(monthsOfPeriod({ kind: 'year', year: 2021 }, [])).toHaveLength(12);
    expect(monthsOfPeriod({ kind: 'quarter', year: 2021, quarter: 4 }, [])).toEqual([
      '2021-10',
      '2021-11',
      '2021-12',
    ]);
    expect(monthsOfPeriod(ALL_PERIOD, ['2022-02', '2021-11'])).toEqual([
      '2021-11',
      '2021-12',
      '2022-01',
      '2022-02',
    ]);
    expect(monthsOfPeriod(ALL_PERIOD, [])).toEqual([]);
  });

  it('sums payments per month, with 0 for months without any', () => {
    const q4 = { kind: 'quarter', year: 2021, quarter: 4 } as const;
    expect(
      disbursementsByMonth(q4, [
        { paidAt: at('2021-10-27T00:00:00+08:00'), amountFen: 90_000_000 },
        { paidAt: at('2021-12-24T00:00:00+08:00'), amountFen: 120_000_000 },
        { paidAt: at('2021-12-28T00:00:00+08:00'), amountFen: 1 },
      ]),
    ).toEqual([
      { month: '2021-10', count: 1, fen: 90_000_000 },
      { month: '2021-11', count: 0, fen: 0 },
      { month: '2021-12', count: 2, fen: 120_000_001 },
    ]);
  });
});

describe('payment lead times', () => {
  it('counts Shanghai calendar days from acceptance to payment', () => {
    expect(leadTimeDays(at('2021-10-08T00:00:00+08:00'), at('2021-10-27T00:00:00+08:00'))).toBe(19);
    // late on the 8th to early on the 9th is one day
    expect(leadTimeDays(at('2021-10-08T23:30:00+08:00'), at('2021-10-09T00:10:00+08:00'))).toBe(1);
    // a payment dated before its acceptance (a data error) is not negative
    expect(leadTimeDays(at('2021-10-08T00:00:00+08:00'), at('2021-10-01T00:00:00+08:00'))).toBe(0);
  });

  it('buckets the days and gives the median and 90th percentile by nearest rank', () => {
    const d = leadTimeDistribution([19, 10, 16, 12, 17, 16, 14, 17, 14, 14, 13, 12]);
    expect(d.count).toBe(12);
    expect(d.buckets.map((b) => [b.id, b.count])).toEqual([
      ['d0_7', 0],
      ['d8_14', 7],
      ['d15_21', 5],
      ['d22_30', 0],
      ['d31_60', 0],
      ['d61plus', 0],
    ]);
    expect([d.medianDays, d.p90Days]).toEqual([14, 17]);
    expect(leadTimeDistribution([0, 61, 400]).buckets.map((b) => b.count)).toEqual([
      1, 0, 0, 0, 0, 2,
    ]);
  });

  it('has no median of nothing', () => {
    expect(leadTimeDistribution([])).toMatchObject({ count: 0, medianDays: null, p90Days: null });
  });
});

describe('bounty by field', () => {
  it('lists every industry in display order, then other stored values', () => {
    const rows = bountyByField([
      { field: '氢能', count: 2, fen: 500 },
      { field: '其他', count: 1, fen: 7 },
      { field: '新材料', count: 1, fen: 100 },
    ]);
    expect(rows.map((r) => r.field)).toEqual([...INDUSTRIES, '其他']);
    expect(rows[4]).toEqual({ field: '氢能', count: 2, fen: 500 });
    expect(rows[1]).toEqual({ field: '高端装备', count: 0, fen: 0 });
  });
});
