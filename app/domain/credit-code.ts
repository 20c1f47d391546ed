/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters, the last a
 * check character over the first 17 (mod 31). Only the structure and check are verified;
 * whether the organisation exists is for the registry, not for us.
 */

/** The 31 characters the standard allows: digits and capitals without I, O, Z, S, V. */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export const CREDIT_CODE_WEIGHTS = [
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
] as const;

export const CREDIT_CODE_LENGTH = 18;

export type CreditCodeResult =
  { ok: true; code: string } | { ok: false; error: 'length' | 'charset' | 'check' };

function charValue(char: string): number {
  return CREDIT_CODE_CHARSET.indexOf(char);
}

/** The check character for the first 17 characters (already uppercase). */
export function computeCheckChar(first17: string): string {
  if (first17.length !== CREDIT_CODE_LENGTH - 1) {
    throw new RangeError(`expected ${CREDIT_CODE_LENGTH - 1} characters, got ${first17.length}`);
  }
  let sum = 0;
  for (let i = 0; i < first17.length; i++) {
    const value = charValue(first17[i] as string);
    if (value < 0)
      throw new RangeError(`character "${first17[i]}" is not allowed in a credit code`);
    sum += value * (CREDIT_CODE_WEIGHTS[i] as number);
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31] as string;
}

/**
 * Validates what a user typed. Trims and uppercases first because codes are copied from
 * licences and PDFs with stray spaces and lowercase letters; the normalised code is returned
 * so that what gets stored is canonical.
 */
export function validateCreditCode(input: string): CreditCodeResult {
  const code = typeof input === 'string' ? input.trim().toUpperCase() : '';
  // Length by code points, so an emoji or CJK character is one wrong character, not two.
  if ([...code].length !== CREDIT_CODE_LENGTH) return { ok: false, error: 'length' };
  for (const char of code) {
    if (charValue(char) < 0) return { ok: false, error: 'charset' };
  }
  if (computeCheckChar(code.slice(0, CREDIT_CODE_LENGTH - 1)) !== code[CREDIT_CODE_LENGTH - 1]) {
    return { ok: false, error: 'check' };
  }
  return { ok: true, code };
}
