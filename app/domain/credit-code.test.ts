import { describe, expect, it } from 'vitest';
import {
  computeCheckChar,
  CREDIT_CODE_CHARSET,
  CREDIT_CODE_LENGTH,
  CREDIT_CODE_WEIGHTS,
  validateCreditCode,
} from './credit-code';

// Published codes: the example in GB 32100-2015 and the business licences of well-known companies.
const REAL_CODES = {
  'GB 32100-2015 example': '91350100M000100Y43',
  华为技术有限公司: '914403001922038216',
  深圳市腾讯计算机系统有限公司: '91440300708461136T',
  小米科技有限责任公司: '91110108551385082Q',
  '百度在线网络技术（北京）有限公司': '91110000802100433B',
};

describe('constants', () => {
  it('match the standard', () => {
    expect(CREDIT_CODE_CHARSET).toHaveLength(31);
    expect(CREDIT_CODE_CHARSET).not.toMatch(/[IOZSV]/);
    expect(CREDIT_CODE_LENGTH).toBe(18);
    // w_i = 3^i mod 31
    expect([...CREDIT_CODE_WEIGHTS]).toEqual(Array.from({ length: 17 }, (_, i) => 3 ** i % 31));
  });
});

describe('validateCreditCode', () => {
  it.each(Object.entries(REAL_CODES))('accepts %s (%s)', (_name, code) => {
    expect(validateCreditCode(code)).toEqual({ ok: true, code });
    expect(computeCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it('trims and uppercases before checking, returning the canonical code', () => {
    expect(validateCreditCode('  91350100m000100y43\n')).toEqual({
      ok: true,
      code: '91350100M000100Y43',
    });
    expect(validateCreditCode('\t91440300708461136t ')).toEqual({
      ok: true,
      code: '91440300708461136T',
    });
  });

  it('rejects wrong lengths', () => {
    for (const input of [
      '',
      '   ',
      '91350100M000100Y4',
      '91350100M000100Y433',
      '9135 0100M000100Y43',
      '91350100M000100Y43😀',
    ]) {
      expect(validateCreditCode(input), input).toEqual({ ok: false, error: 'length' });
    }
  });

  it('rejects characters outside the charset', () => {
    for (const bad of ['I', 'O', 'Z', 'S', 'V', '-', ' ', '中', '０']) {
      const input = `9135010${bad}M000100Y43`;
      expect(validateCreditCode(input), input).toEqual({ ok: false, error: 'charset' });
    }
  });

  it('rejects a wrong check character', () => {
    expect(validateCreditCode('91350100M000100Y44')).toEqual({ ok: false, error: 'check' });
    expect(validateCreditCode('914403001922038217')).toEqual({ ok: false, error: 'check' });
    expect(validateCreditCode('91440300708461136X')).toEqual({ ok: false, error: 'check' });
  });

  it('detects every single-character substitution in every real code', () => {
    for (const code of Object.values(REAL_CODES)) {
      for (let i = 0; i < code.length; i++) {
        for (const c of CREDIT_CODE_CHARSET) {
          if (c === code[i]) continue;
          const mutated = code.slice(0, i) + c + code.slice(i + 1);
          expect(validateCreditCode(mutated), mutated).toEqual({ ok: false, error: 'check' });
        }
      }
    }
  });

  it('detects every transposition of two different adjacent characters among the first 17', () => {
    for (const code of Object.values(REAL_CODES)) {
      for (let i = 0; i < 16; i++) {
        if (code[i] === code[i + 1]) continue;
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        expect(validateCreditCode(swapped), swapped).toEqual({ ok: false, error: 'check' });
      }
    }
  });

  it('rejects non-strings at runtime', () => {
    expect(validateCreditCode(91350100 as unknown as string)).toEqual({
      ok: false,
      error: 'length',
    });
  });
});

describe('computeCheckChar', () => {
  it('handles a sum that is a multiple of 31 (check character 0)', () => {
    expect(computeCheckChar('00000000000000000')).toBe('0');
    expect(validateCreditCode('000000000000000000')).toEqual({
      ok: true,
      code: '000000000000000000',
    });
  });

  it('can produce letters', () => {
    expect(computeCheckChar('91440300708461136')).toBe('T');
  });

  it('refuses input of the wrong length or charset', () => {
    expect(() => computeCheckChar('9135010')).toThrow(RangeError);
    expect(() => computeCheckChar('91350100M000100Y43')).toThrow(RangeError);
    expect(() => computeCheckChar('91350100M000100YI')).toThrow(RangeError);
    expect(() => computeCheckChar('91350100m000100y4')).toThrow(RangeError);
  });
});
