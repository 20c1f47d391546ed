import { describe, expect, it } from 'vitest';
import { csvCell, sheetCell, sheetWidth } from './table';

// 2021-08-31 09:30:05 in Shanghai
const moment = new Date('2021-08-31T01:30:05Z');

describe('export cells', () => {
  it('writes amounts in 万元 for reading and exactly in fen', () => {
    expect(csvCell('wan', 37_850_000_000, 'zh')).toBe('37,850');
    expect(csvCell('wan', 1_234_567, 'en')).toBe('1.23');
    expect(csvCell('fen', 1_234_567, 'zh')).toBe('1234567');
    expect(sheetCell('wan', 1_234_567)).toBeCloseTo(1.234567, 9);
    expect(sheetCell('fen', 1_234_567)).toBe(1_234_567);
    expect(csvCell('wan', null, 'zh')).toBe('');
    expect(sheetCell('fen', null)).toBeNull();
  });

  it('writes days and moments on Shanghai time', () => {
    expect(csvCell('date', moment, 'zh')).toBe('2021-08-31');
    // 23:30 UTC is the next morning in Shanghai
    expect(csvCell('date', new Date('2021-08-31T23:30:00Z'), 'en')).toBe('2021-09-01');
    expect(csvCell('datetime', moment, 'zh')).toBe('2021-08-31 09:30:05');
    expect(csvCell('date', '2021-08-31T01:30:05.000Z', 'zh')).toBe('2021-08-31');
    // a sheet's date is the wall-clock reading (Excel dates have no time zone)
    expect((sheetCell('date', moment) as Date).toISOString()).toBe('2021-08-31T00:00:00.000Z');
    expect((sheetCell('datetime', moment) as Date).toISOString()).toBe('2021-08-31T09:30:05.000Z');
    expect(csvCell('date', 'not a date', 'zh')).toBe('');
  });

  it('neutralises text in CSV and keeps it a plain string in a sheet', () => {
    expect(csvCell('text', '=1+1', 'zh')).toBe("'=1+1");
    expect(sheetCell('text', '=1+1')).toBe('=1+1');
    // numbers are not text: a count is never prefixed
    expect(csvCell('number', 3, 'zh')).toBe('3');
  });

  it('sizes a column to its header, Chinese characters counting double', () => {
    expect(sheetWidth({ header: '榜额（万元）', kind: 'wan' })).toBe(14);
    expect(sheetWidth({ header: 'Code', kind: 'text' })).toBe(24);
  });
});
