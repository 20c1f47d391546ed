// Numbers that people read and quote (need refs N-2026-001, challenge codes ZB-2026-001,
// contract codes HT-2026-001) come from one Counter row per series, moved up by one atomic
// statement inside the transaction that uses the number (docs/decisions/017).
import type { Tx } from '~/lib/db.server';

/**
 * The next number of `series`, taken inside `tx`: the row's value goes up by one and comes
 * back, in one statement. The row stays locked until `tx` ends (PostgreSQL's row lock; the
 * database's write lock on SQLite), so parallel writers queue here instead of reading the
 * same "max + 1"; a transaction that rolls back gives its number back with it, so the series
 * has no gaps.
 *
 * The first use of a series creates its row from `highest()`, the largest number already
 * used (records made before the counter existed, or loaded by the seed). Two first uses at
 * once both read the same highest; one inserts it + 1, the other's insert meets that row and
 * moves it up by one instead.
 */
export async function nextInSeries(
  tx: Tx,
  series: string,
  highest: () => Promise<number>,
): Promise<number> {
  const moved = await tx.$queryRaw<{ value: number | bigint }[]>`
    UPDATE "Counter" SET "value" = "value" + 1 WHERE "name" = ${series} RETURNING "value"`;
  if (moved[0]) return Number(moved[0].value);
  const start = (await highest()) + 1;
  const [row] = await tx.$queryRaw<{ value: number | bigint }[]>`
    INSERT INTO "Counter" ("name", "value") VALUES (${series}, ${start})
    ON CONFLICT ("name") DO UPDATE SET "value" = "Counter"."value" + 1
    RETURNING "value"`;
  return Number(row!.value);
}
