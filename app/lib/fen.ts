// Money columns are BIGINT in the database (sums pass 2^31 fen) and plain integer numbers
// of fen in code; this is the one crossing point, and it refuses anything not exact.
export function toFen(value: bigint | number | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (!Number.isSafeInteger(n)) throw new RangeError(`not an exact fen amount: ${String(value)}`);
  return n;
}

export function toFenOrNull(value: bigint | number | null | undefined): number | null {
  return value === null || value === undefined ? null : toFen(value);
}
