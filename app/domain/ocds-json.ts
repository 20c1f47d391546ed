/**
 * JSON for the open data (docs/decisions/022-open-data-ocds.md). OCDS writes an amount as a
 * decimal number of yuan; the platform keeps integer fen. Dividing by 100 in floating point
 * could print 0.30000000000000004 or lose the last fen of a large amount, so the yuan are
 * worked out on the digits (BigInt) and written into the JSON text as they are.
 */

/** A JSON number written exactly as its decimal text, e.g. 1234.5. */
export class JsonDecimal {
  constructor(readonly text: string) {
    if (!/^-?(0|[1-9]\d*)(\.\d*[1-9])?$/.test(text)) {
      throw new RangeError(`not a canonical decimal number: ${text}`);
    }
  }

  /** Only for JSON.stringify outside the open data (a log line): the nearest double. */
  toJSON(): number {
    return Number(this.text);
  }
}

/** Integer fen as a decimal number of yuan, exactly: 123456 → "1234.56", 10 → "0.1", 0 → "0". */
export function fenToYuan(fen: bigint | number): string {
  if (typeof fen === 'number' && !Number.isSafeInteger(fen)) {
    throw new RangeError(`not an exact fen amount: ${String(fen)}`);
  }
  const value = BigInt(fen);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const yuan = abs / 100n;
  const cents = (abs % 100n).toString().padStart(2, '0').replace(/0+$/, '');
  return cents === '' ? `${sign}${yuan}` : `${sign}${yuan}.${cents}`;
}

/** An OCDS Value: `{ amount, currency: 'CNY' }`, the amount in yuan from integer fen. */
export function cnyValue(fen: bigint | number) {
  return { amount: new JsonDecimal(fenToYuan(fen)), currency: 'CNY' as const };
}

/**
 * JSON text of plain data, as JSON.stringify writes it (keys in insertion order, `undefined`
 * members left out), except that a JsonDecimal is written as its own digits.
 */
export function writeJson(value: unknown): string {
  if (value instanceof JsonDecimal) return value.text;
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`not a JSON number: ${value}`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`cannot write ${typeof value} as JSON`);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : writeJson(item))).join(',')}]`;
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const members: string[] = [];
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    if (member !== undefined) members.push(`${JSON.stringify(key)}:${writeJson(member)}`);
  }
  return `{${members.join(',')}}`;
}
