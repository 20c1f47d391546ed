/**
 * Money is an integer number of fen (分): 1 元 = 100 fen, 1 万元 = 1,000,000 fen. Amounts are
 * plain `number`s kept within Number.MAX_SAFE_INTEGER (≈ 90 billion 元, far beyond any
 * bounty), so they stay exact, serialise to JSON as numbers and map to Prisma Int/BigInt
 * columns without a decimal library. Nothing here multiplies a float by 100.
 */

export const FEN_PER_YUAN = 100;
export const FEN_PER_WAN = 1_000_000;

/** Non-negative safe integer: amounts are never negative; reversals are a status, not a sign. */
export function isFen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function assertFen(value: unknown, name = 'amount'): asserts value is number {
  if (!isFen(value)) {
    throw new RangeError(
      `${name} must be a non-negative safe integer number of fen, got ${String(value)}`,
    );
  }
}

/** Sum that fails loudly instead of silently losing precision past 2^53. */
export function sumFen(amounts: readonly number[]): number {
  let total = 0;
  for (const amount of amounts) {
    assertFen(amount);
    total += amount;
    if (!Number.isSafeInteger(total))
      throw new RangeError('sum of fen amounts exceeds the safe integer range');
  }
  return total;
}

export type ParseMoneyError = 'invalid' | 'negative' | 'too_precise' | 'too_large';
export type ParseMoneyResult = { ok: true; fen: number } | { ok: false; error: ParseMoneyError };

// Plain digits, or digits grouped by commas in threes (what formatWan prints), then an
// optional fraction. No exponent, no sign, no bare "." on either side.
const DECIMAL = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Parses a decimal string into fen given how many decimal places one fen is in that unit
 * (2 for 元, 6 for 万元). Works on the digits as text, so "0.1" is exactly 10 fen.
 * Trailing zeros past the precision are accepted ("12.340" 元) because the value is still exact.
 */
function parseDecimalToFen(input: string, fenDigits: number): ParseMoneyResult {
  if (typeof input !== 'string') return { ok: false, error: 'invalid' };
  const text = input.trim();
  if (text.startsWith('-')) {
    return DECIMAL.test(text.slice(1))
      ? { ok: false, error: 'negative' }
      : { ok: false, error: 'invalid' };
  }
  const match = DECIMAL.exec(text);
  if (!match) return { ok: false, error: 'invalid' };
  const integerDigits = (match[1] as string).replaceAll(',', '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > fenDigits) return { ok: false, error: 'too_precise' };
  const fen = BigInt(integerDigits + fraction.padEnd(fenDigits, '0'));
  if (fen > MAX_SAFE) return { ok: false, error: 'too_large' };
  return { ok: true, fen: Number(fen) };
}

/** "12.34" 元 → 1234 fen. */
export function parseYuanToFen(input: string): ParseMoneyResult {
  return parseDecimalToFen(input, 2);
}

/** "120.5" 万元 → 120,500,000 fen; up to six decimals (one fen) are exact. */
export function parseWanToFen(input: string): ParseMoneyResult {
  return parseDecimalToFen(input, 6);
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export type MoneyLocale = 'zh' | 'en';

/**
 * An amount in 万元 as the bureau writes it: thousands separators, at most two decimals,
 * trailing zeros dropped (3,785 / 37.85 / 37.5 / 0.01), rounded half-up to 0.01 万元 (100 元).
 * zh-CN and en both group with "," and use "." for decimals (CLDR agrees), so the digits are
 * the same in both locales; the unit label (万元 / "10k yuan") belongs to the message catalogue.
 * The locale stays in the signature so call sites need no change if that ever differs.
 */
export function formatWan(fen: number, locale: MoneyLocale): string {
  assertFen(fen);
  if (locale !== 'zh' && locale !== 'en')
    throw new RangeError(`unsupported locale ${String(locale)}`);
  const unitFen = BigInt(FEN_PER_WAN / 100);
  // BigInt because fen + half a unit can step past 2^53 for the largest safe amounts.
  const hundredths = (BigInt(fen) + unitFen / 2n) / unitFen;
  const whole = groupThousands((hundredths / 100n).toString());
  const cents = (hundredths % 100n).toString().padStart(2, '0').replace(/0+$/, '');
  return cents === '' ? whole : `${whole}.${cents}`;
}

/** An exact amount in 元 with two decimals (12,345.60), for contracts and payment records. */
export function formatYuan(fen: number): string {
  assertFen(fen);
  const whole = groupThousands(Math.floor(fen / FEN_PER_YUAN).toString());
  return `${whole}.${(fen % FEN_PER_YUAN).toString().padStart(2, '0')}`;
}

/**
 * An amount in 万元 exactly, as a form's input shows it for editing: no grouping, up to six
 * decimals, trailing zeros dropped (12,345,000,000 → "12345", 1 → "0.000001"); parseWanToFen
 * reads it back to the same fen.
 */
export function wanInputValue(fen: number): string {
  assertFen(fen);
  const whole = Math.floor(fen / FEN_PER_WAN);
  const fraction = String(fen % FEN_PER_WAN)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}
