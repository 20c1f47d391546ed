import { describe, expect, it } from 'vitest';
import {
  ALL_PERIOD,
  inPeriod,
  parsePeriod,
  type Period,
  periodBounds,
  periodKey,
  periodQuery,
} from './period';

const parse = (query: string) => parsePeriod(new URLSearchParams(query));

describe('parsePeriod', () => {
  it('reads nothing, a blank or "all" as the whole programme', () => {
    for (const q of ['', 'year=', 'year=all', 'year=%20', 'year=all&quarter=', 'other=1']) {
      expect(parse(q)).toEqual({ ok: true, period: ALL_PERIOD });
    }
  });

  it('reads a year and a quarter of one', () => {
    expect(parse('year=2021')).toEqual({ ok: true, period: { kind: 'year', year: 2021 } });
    expect(parse('year=2021&quarter=all')).toEqual({
      ok: true,
      period: { kind: 'year', year: 2021 },
    });
    expect(parse('year=2000&quarter=4')).toEqual({
      ok: true,
      period: { kind: 'quarter', year: 2000, quarter: 4 },
    });
    expect(parse('year=2100&quarter=1')).toEqual({
      ok: true,
      period: { kind: 'quarter', year: 2100, quarter: 1 },
    });
  });

  it('refuses a year it cannot read, naming the field', () => {
    for (const q of [
      'year=abc',
      'year=-1',
      'year=99999',
      'year=1999',
      'year=2101',
      'year=2021.5',
      'year=2e3',
      'year=0x7e5',
      'year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%91', // full-width digits
      `year=${'2'.repeat(10_000)}`,
      'year=2021&year=2022',
    ]) {
      expect(parse(q), q.slice(0, 40)).toEqual({
        ok: false,
        field: 'year',
        key: 'statsCharts.period.yearInvalid',
      });
    }
  });

  it('refuses a quarter it cannot read or without a year', () => {
    for (const q of ['year=2021&quarter=5', 'year=2021&quarter=0', 'year=2021&quarter=Q1']) {
      expect(parse(q)).toEqual({
        ok: false,
        field: 'quarter',
        key: 'statsCharts.period.quarterInvalid',
      });
    }
    expect(parse('year=2021&quarter=1&quarter=2')).toMatchObject({ ok: false, field: 'quarter' });
    expect(parse('quarter=2')).toEqual({
      ok: false,
      field: 'quarter',
      key: 'statsCharts.period.quarterNeedsYear',
    });
  });

  it('ignores parameters with other names (year[]=)', () => {
    expect(parse('year[]=2021&quarter[]=9')).toEqual({ ok: true, period: ALL_PERIOD });
  });
});

describe('periodBounds', () => {
  it('has no bounds for the whole programme', () => {
    expect(periodBounds(ALL_PERIOD)).toEqual({});
  });

  it('bounds a year by 00:00 Shanghai of 1 January and of the next 1 January', () => {
    const { from, to } = periodBounds({ kind: 'year', year: 2021 });
    expect(from?.toISOString()).toBe('2020-12-31T16:00:00.000Z');
    expect(to?.toISOString()).toBe('2021-12-31T16:00:00.000Z');
  });

  it('bounds each quarter, the fourth ending where the next year starts', () => {
    const q = (quarter: 1 | 2 | 3 | 4) => periodBounds({ kind: 'quarter', year: 2021, quarter });
    expect(q(1).from?.toISOString()).toBe('2020-12-31T16:00:00.000Z');
    expect(q(1).to?.toISOString()).toBe('2021-03-31T16:00:00.000Z');
    expect(q(2).to?.toISOString()).toBe('2021-06-30T16:00:00.000Z');
    expect(q(3).from).toEqual(q(2).to);
    expect(q(4).to).toEqual(periodBounds({ kind: 'year', year: 2021 }).to);
  });

  it('puts an instant in the Shanghai period it falls in', () => {
    const y2021: Period = { kind: 'year', year: 2021 };
    // 31 December 2021 at 23:30 in Shanghai is still 2021; 00:00 on 1 January is not
    expect(inPeriod(y2021, new Date('2021-12-31T23:30:00+08:00'))).toBe(true);
    expect(inPeriod(y2021, new Date('2022-01-01T00:00:00+08:00'))).toBe(false);
    expect(inPeriod(y2021, new Date('2020-12-31T20:00:00Z'))).toBe(true);
    expect(inPeriod(ALL_PERIOD, new Date(0))).toBe(true);
  });
});

describe('periodKey and periodQuery', () => {
  const periods: Period[] = [
    ALL_PERIOD,
    { kind: 'year', year: 2021 },
    { kind: 'quarter', year: 2021, quarter: 3 },
  ];

  it('name each period differently', () => {
    expect(periods.map(periodKey)).toEqual(['all', '2021', '2021-Q3']);
    expect(periods.map(periodQuery)).toEqual(['', '?year=2021', '?year=2021&quarter=3']);
  });

  it('round-trip through the URL', () => {
    for (const p of periods) {
      expect(parsePeriod(new URLSearchParams(periodQuery(p)))).toEqual({ ok: true, period: p });
    }
  });
});
