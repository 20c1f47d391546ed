import { describe, expect, it } from 'vitest';
import {
  parseShanghaiDate,
  shanghaiDateString,
  startOfNextShanghaiDay,
  startOfShanghaiDay,
} from './shanghai-date';

describe('Shanghai calendar days', () => {
  it('finds the start and end of the day in UTC+8', () => {
    const t = new Date('2021-08-31T12:34:56+08:00');
    expect(startOfShanghaiDay(t).toISOString()).toBe('2021-08-30T16:00:00.000Z');
    expect(startOfNextShanghaiDay(t).toISOString()).toBe('2021-08-31T16:00:00.000Z');
  });

  it('puts UTC evening in the next Shanghai day', () => {
    const t = new Date('2021-12-31T16:00:00Z');
    expect(shanghaiDateString(t)).toBe('2022-01-01');
    expect(shanghaiDateString(new Date('2021-12-31T15:59:59.999Z'))).toBe('2021-12-31');
  });

  it('handles dates before 1970', () => {
    expect(startOfShanghaiDay(new Date('1969-12-31T20:00:00+08:00')).toISOString()).toBe(
      '1969-12-30T16:00:00.000Z',
    );
  });

  it('parses form dates as the start of the Shanghai day and round-trips', () => {
    const d = parseShanghaiDate('2021-08-31');
    expect(d?.toISOString()).toBe('2021-08-30T16:00:00.000Z');
    expect(shanghaiDateString(d as Date)).toBe('2021-08-31');
    expect(parseShanghaiDate(' 2024-02-29 ')?.toISOString()).toBe('2024-02-28T16:00:00.000Z');
  });

  it('rejects impossible or malformed dates', () => {
    for (const bad of [
      '2021-02-30',
      '2021-13-01',
      '2023-02-29',
      '2021-8-31',
      '31/08/2021',
      '',
      '2021-08-31T00:00',
    ]) {
      expect(parseShanghaiDate(bad), bad).toBeNull();
    }
  });

  it('refuses invalid Date objects', () => {
    expect(() => startOfShanghaiDay(new Date(Number.NaN))).toThrow(RangeError);
  });
});
