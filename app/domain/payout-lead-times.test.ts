import { describe, expect, it } from 'vitest';
import { payoutBreach, payoutClockFigures, summarise } from './payout-lead-times';
import { leadTimeDistribution } from './programme-charts';

const day = (d: string, time = '10:00') => new Date(`${d}T${time}:00+08:00`);
const ent = (id: string, name = id) => ({ id, name, nameEn: `${name} Ltd` });
const paid = (accepted: string, paidOn: string, e = ent('a')) => ({
  acceptedAt: day(accepted),
  paidAt: day(paidOn),
  enterprise: e,
});

describe('summarise', () => {
  it('has no median or percentile without payments', () => {
    expect(summarise([])).toEqual({ count: 0, medianDays: null, p90Days: null });
  });

  it('takes the nearest-rank median and 90th percentile: observed values', () => {
    expect(summarise([10, 1, 5, 3])).toEqual({ count: 4, medianDays: 3, p90Days: 10 });
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(summarise(ten)).toEqual({ count: 10, medianDays: 5, p90Days: 9 });
    expect(summarise([...ten, 11])).toEqual({ count: 11, medianDays: 6, p90Days: 10 });
  });

  it('agrees with the lead-time chart of /stats', () => {
    const days = [0, 4, 19, 30, 31, 75, 8];
    const chart = leadTimeDistribution(days);
    expect(summarise(days)).toEqual({
      count: chart.count,
      medianDays: chart.medianDays,
      p90Days: chart.p90Days,
    });
  });
});

describe('payoutClockFigures', () => {
  it('counts Shanghai calendar days from acceptance to payment', () => {
    // 23:30 on the 8th to 00:30 on the 9th, Shanghai: one calendar day
    const f = payoutClockFigures([
      {
        acceptedAt: new Date('2021-10-08T15:30:00Z'),
        paidAt: new Date('2021-10-08T16:30:00Z'),
        enterprise: ent('a'),
      },
    ]);
    expect(f.programme).toEqual({ count: 1, medianDays: 1, p90Days: 1 });
  });

  it('gives the programme and each enterprise, most payments first', () => {
    const b = ent('b', '乙公司');
    const f = payoutClockFigures([
      paid('2021-10-08', '2021-10-27'), // 19
      paid('2021-10-01', '2021-10-03', b), // 2
      paid('2021-10-01', '2021-11-10', b), // 40
      paid('2021-10-01', '2021-10-11', b), // 10
    ]);
    expect(f.programme).toEqual({ count: 4, medianDays: 10, p90Days: 40 });
    expect(f.enterprises).toEqual([
      { id: 'b', name: '乙公司', nameEn: '乙公司 Ltd', count: 3, medianDays: 10, p90Days: 40 },
      { id: 'a', name: 'a', nameEn: 'a Ltd', count: 1, medianDays: 19, p90Days: 19 },
    ]);
  });

  it('counts a payment recorded before its acceptance as 0 days', () => {
    expect(payoutClockFigures([paid('2021-10-08', '2021-10-01')]).programme.medianDays).toBe(0);
  });

  it('is empty without payments', () => {
    expect(payoutClockFigures([])).toEqual({
      programme: { count: 0, medianDays: null, p90Days: null },
      enterprises: [],
    });
  });
});

describe('payoutBreach', () => {
  const accepted = day('2021-10-01', '23:50');

  it('runs the clock to now while unpaid, and breaches only past the limit', () => {
    expect(payoutBreach(accepted, null, day('2021-10-31', '00:10'), 30)).toBeNull();
    expect(payoutBreach(accepted, null, day('2021-11-01', '00:10'), 30)).toEqual({
      kind: 'unpaid',
      days: 31,
    });
  });

  it('flags a payment made after the limit as paid late, whenever it is looked at', () => {
    const later = day('2022-06-01');
    expect(payoutBreach(accepted, day('2021-10-31'), later, 30)).toBeNull();
    expect(payoutBreach(accepted, day('2021-11-01'), later, 30)).toEqual({
      kind: 'paidLate',
      days: 31,
    });
  });

  it('has no clock before acceptance', () => {
    expect(payoutBreach(null, null, day('2022-06-01'), 30)).toBeNull();
  });
});
