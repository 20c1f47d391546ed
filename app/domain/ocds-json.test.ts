import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseYuanToFen } from './money';
import { cnyValue, fenToYuan, JsonDecimal, writeJson } from './ocds-json';

describe('fenToYuan', () => {
  it.each([
    [0, '0'],
    [1, '0.01'],
    [10, '0.1'],
    [30, '0.3'],
    [100, '1'],
    [123_456, '1234.56'],
    [300_000_000n, '3000000'],
    [-250, '-2.5'],
  ] as const)('writes %s fen as %s yuan, with no more decimals than needed', (fen, yuan) => {
    expect(fenToYuan(fen)).toBe(yuan);
  });

  it('is exact where dividing a double by 100 is not', () => {
    // the largest safe amount's last fen, and an amount past the safe range given as BigInt
    expect(fenToYuan(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91');
    expect(String(Number.MAX_SAFE_INTEGER / 100)).not.toBe('90071992547409.91');
    expect(fenToYuan(12_345_678_901_234_567_891n)).toBe('123456789012345678.91');
  });

  it('refuses an amount that is not a whole number of fen', () => {
    expect(() => fenToYuan(1.5)).toThrow(RangeError);
    expect(() => fenToYuan(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
    expect(() => fenToYuan(Number.NaN)).toThrow(RangeError);
  });

  it('round-trips through the platform parser for every safe amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (fen) => {
        expect(parseYuanToFen(fenToYuan(fen))).toEqual({ ok: true, fen });
      }),
    );
  });
});

describe('writeJson', () => {
  it('writes plain data as JSON.stringify does', () => {
    const value = {
      a: 'text "quoted" 中文\u0000',
      b: [1, null, true, { c: -0.5 }],
      skipped: undefined,
      d: new Date('2021-10-27T00:00:00Z'),
    };
    expect(writeJson(value)).toBe(JSON.stringify(value));
  });

  it('writes an amount as its exact digits', () => {
    const text = writeJson({ value: cnyValue(Number.MAX_SAFE_INTEGER) });
    expect(text).toBe('{"value":{"amount":90071992547409.91,"currency":"CNY"}}');
    expect(writeJson(cnyValue(10))).toBe('{"amount":0.1,"currency":"CNY"}');
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => writeJson(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => writeJson({ f: () => 1 })).toThrow(TypeError);
    expect(() => writeJson(1n)).toThrow(TypeError);
  });

  it('takes only canonical decimals as raw numbers', () => {
    for (const bad of ['01', '1.', '1.50', '+1', '1e3', '', ' 1', 'NaN']) {
      expect(() => new JsonDecimal(bad), bad).toThrow(RangeError);
    }
    expect(new JsonDecimal('-0.5').toJSON()).toBe(-0.5);
  });
});
