/**
 * The platform's record numbers: a prefix, the year and a per-year sequence of at least three
 * digits, e.g. ZB-2021-056 (a challenge) or HT-2026-001 (a contract; docs/decisions/017).
 */
export function yearCode(prefix: string) {
  const pattern = new RegExp(`^${prefix}-(\\d{4})-(\\d{3,})$`);

  function format(year: number, seq: number): string {
    if (!Number.isInteger(year) || year < 1000 || year > 9999) {
      throw new RangeError(`year must be a four-digit integer, got ${year}`);
    }
    if (!Number.isSafeInteger(seq) || seq < 1) {
      throw new RangeError(`seq must be a positive integer, got ${seq}`);
    }
    return `${prefix}-${year}-${String(seq).padStart(3, '0')}`;
  }

  function parse(code: string): { year: number; seq: number } | null {
    const match = pattern.exec(code.trim().toUpperCase());
    if (!match) return null;
    const year = Number(match[1]);
    const seq = Number(match[2]);
    if (year < 1000 || !Number.isSafeInteger(seq) || seq < 1) return null;
    // Only the canonical spelling round-trips, so "ZB-2021-0056" cannot alias ZB-2021-056.
    return format(year, seq) === match[0] ? { year, seq } : null;
  }

  return { format, parse };
}
