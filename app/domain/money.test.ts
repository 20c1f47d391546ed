import { describe, expect, it } from 'vitest';
import {
  assertFen,
  FEN_PER_WAN,
  FEN_PER_YUAN,
  formatWan,
  formatYuan,
  isFen,
  parseWanToFen,
  parseYuanToFen,
  sumFen,
  wanInputValue,
} from './money';

const MAX = Number.MAX_SAFE_INTEGER;

describe('units', () => {
  it('1 元 = 100 fen, 1 万元 = 1,000,000 fen', () => {
    expect(FEN_PER_YUAN).toBe(100);
    expect(FEN_PER_WAN).toBe(1_000_000);
  });
});

describe('assertFen / isFen', () => {
  it('accepts non-negative safe integers', () => {
    for (const n of [0, 1, 100, MAX]) {
      expect(isFen(n)).toBe(true);
      expect(() => assertFen(n)).not.toThrow();
    }
  });

  it('rejects fractions, negatives, unsafe integers and non-numbers', () => {
    for (const n of [
      0.5,
      -1,
      MAX + 1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '100',
      null,
      undefined,
      10n,
    ]) {
      expect(isFen(n), String(n)).toBe(false);
      expect(() => assertFen(n), String(n)).toThrow(RangeError);
    }
  });

  it('names the offending field', () => {
    expect(() => assertFen(-5, 'rewardFen')).toThrow(/rewardFen/);
  });
});

describe('sumFen', () => {
  it('adds exactly', () => {
    expect(sumFen([])).toBe(0);
    expect(sumFen([1, 2, 3])).toBe(6);
    expect(sumFen([MAX - 1, 1])).toBe(MAX);
  });

  it('refuses overflow and bad members', () => {
    expect(() => sumFen([MAX, 1])).toThrow(RangeError);
    expect(() => sumFen([1, 0.5])).toThrow(RangeError);
    expect(() => sumFen([1, -1])).toThrow(RangeError);
  });
});

describe('parseYuanToFen', () => {
  it.each([
    ['0', 0],
    ['12', 1200],
    ['12.3', 1230],
    ['12.34', 1234],
    ['12.340', 1234],
    ['12.00', 1200],
    ['0.01', 1],
    ['0.1', 10],
    ['0.29', 29],
    ['007.50', 750],
    ['  42.5 ', 4250],
    ['1,234.56', 123456],
    ['1,234,567', 123456700],
    ['90071992547409.91', MAX],
  ] as const)('%s 元 → %i fen', (input, fen) => {
    expect(parseYuanToFen(input)).toEqual({ ok: true, fen });
  });

  it('does exactly what float arithmetic gets wrong', () => {
    // 1.15 * 100 = 114.99999999999999 and 4.35 * 100 = 434.99999999999994 in IEEE doubles.
    expect(parseYuanToFen('1.15')).toEqual({ ok: true, fen: 115 });
    expect(parseYuanToFen('4.35')).toEqual({ ok: true, fen: 435 });
    expect(parseYuanToFen('0.07')).toEqual({ ok: true, fen: 7 });
  });

  it.each(['0.001', '12.345', '1.005', '1.005000', '0.0000001'])('%s is too precise', (input) => {
    expect(parseYuanToFen(input)).toEqual({ ok: false, error: 'too_precise' });
  });

  it.each(['-1', '-0.01', '-0', '-1,234.5'])('%s is negative', (input) => {
    expect(parseYuanToFen(input)).toEqual({ ok: false, error: 'negative' });
  });

  it.each([
    '',
    '   ',
    'abc',
    '12a',
    '1e3',
    '1E3',
    '+1',
    '.5',
    '5.',
    '1.2.3',
    '1 000',
    '1,23',
    '12,34.5',
    ',123',
    '1,2345',
    '--1',
    '-',
    '-abc',
    'Infinity',
    'NaN',
    '0x10',
    '１２',
    '12元',
    '¥12',
  ])('%j is invalid', (input) => {
    expect(parseYuanToFen(input)).toEqual({ ok: false, error: 'invalid' });
  });

  it('rejects non-strings at runtime', () => {
    expect(parseYuanToFen(12 as unknown as string)).toEqual({ ok: false, error: 'invalid' });
  });

  it('rejects amounts beyond the safe integer range', () => {
    expect(parseYuanToFen('90071992547409.92')).toEqual({ ok: false, error: 'too_large' });
    expect(parseYuanToFen('9'.repeat(40))).toEqual({ ok: false, error: 'too_large' });
  });
});

describe('parseWanToFen', () => {
  it.each([
    ['120.5', 120_500_000],
    ['1', 1_000_000],
    ['0.000001', 1],
    ['0.01', 10_000],
    ['3,785', 3_785_000_000],
    ['37.85', 37_850_000],
    ['16607', 16_607_000_000],
    ['912', 912_000_000],
    ['0.1234560', 123_456],
  ] as const)('%s 万元 → %i fen', (input, fen) => {
    expect(parseWanToFen(input)).toEqual({ ok: true, fen });
  });

  it('rejects sub-fen precision, negatives and junk', () => {
    expect(parseWanToFen('0.0000001')).toEqual({ ok: false, error: 'too_precise' });
    expect(parseWanToFen('1.2345678')).toEqual({ ok: false, error: 'too_precise' });
    expect(parseWanToFen('-120.5')).toEqual({ ok: false, error: 'negative' });
    expect(parseWanToFen('120,5')).toEqual({ ok: false, error: 'invalid' });
    expect(parseWanToFen('万')).toEqual({ ok: false, error: 'invalid' });
  });

  it('rejects amounts beyond the safe integer range', () => {
    expect(parseWanToFen('9007199254.740991')).toEqual({ ok: true, fen: MAX });
    expect(parseWanToFen('9007199254.740992')).toEqual({ ok: false, error: 'too_large' });
  });
});

describe('formatWan', () => {
  it.each([
    [3_785_000_000, '3,785'],
    [37_850_000, '37.85'],
    [37_500_000, '37.5'],
    [10_000, '0.01'],
    [0, '0'],
    [1_000_000, '1'],
    [16_607_000_000, '16,607'],
    [912_000_000, '912'],
    [123_456_789_000_000, '123,456,789'],
    [1_000_000_000_000, '1,000,000'],
    [100_000_000, '100'],
    [120_500_000, '120.5'],
  ] as const)('%i fen → %s 万元', (fen, text) => {
    expect(formatWan(fen, 'zh')).toBe(text);
    expect(formatWan(fen, 'en')).toBe(text);
  });

  it('rounds half-up to 0.01 万元 (10,000 fen)', () => {
    expect(formatWan(4_999, 'zh')).toBe('0');
    expect(formatWan(5_000, 'zh')).toBe('0.01');
    expect(formatWan(1, 'zh')).toBe('0');
    expect(formatWan(14_999, 'zh')).toBe('0.01');
    expect(formatWan(15_000, 'zh')).toBe('0.02');
    expect(formatWan(999_4999, 'zh')).toBe('9.99');
    expect(formatWan(999_5000, 'zh')).toBe('10');
    expect(formatWan(999_995_000, 'zh')).toBe('1,000');
    expect(formatWan(1_234_565_000, 'en')).toBe('1,234.57');
  });

  it('stays exact at the top of the safe range', () => {
    // 9,007,199,254,740,991 fen = 9,007,199,254.740991 万元 → .74 after rounding.
    expect(formatWan(MAX, 'zh')).toBe('9,007,199,254.74');
    expect(formatWan(9_007_199_254_735_000, 'zh')).toBe('9,007,199,254.74');
  });

  it('round-trips through parseWanToFen for whole hundredths', () => {
    for (const fen of [0, 10_000, 37_850_000, 3_785_000_000, 123_456_780_000]) {
      expect(parseWanToFen(formatWan(fen, 'zh'))).toEqual({ ok: true, fen });
    }
  });

  it('refuses non-fen input and unknown locales', () => {
    expect(() => formatWan(-1, 'zh')).toThrow(RangeError);
    expect(() => formatWan(1.5, 'en')).toThrow(RangeError);
    expect(() => formatWan(1, 'fr' as 'en')).toThrow(RangeError);
  });
});

describe('formatYuan', () => {
  it.each([
    [0, '0.00'],
    [1, '0.01'],
    [123_456, '1,234.56'],
    [912_000_000, '9,120,000.00'],
    [MAX, '90,071,992,547,409.91'],
  ] as const)('prints %i fen as exact yuan with two decimals: %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });
});

describe('wanInputValue', () => {
  it.each([
    [12_345_000_000, '12345'],
    [1, '0.000001'],
    [0, '0'],
    [120_500_000, '120.5'],
  ] as const)('writes %i fen as %s 万元 exactly', (fen, text) => {
    expect(wanInputValue(fen)).toBe(text);
  });

  it('is read back by parseWanToFen, and refuses what is not fen', () => {
    for (const fen of [0, 1, 99, 1_000_000, 1_234_567, 37_850_000_000, MAX])
      expect(parseWanToFen(wanInputValue(fen))).toEqual({ ok: true, fen });
    expect(() => wanInputValue(-1)).toThrow(RangeError);
    expect(() => wanInputValue(1.5)).toThrow(RangeError);
  });
});
