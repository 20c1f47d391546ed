// Attempt counters shared by every app instance, kept in the Throttle table
// (docs/decisions/015-sign-in-abuse-policy.md). An attempt is *reserved* before the costly or
// secret-revealing check runs, in one statement that checks the lock and raises the counter
// together, so that parallel requests cannot all slip past a lock read earlier: of 60 parallel
// guesses, exactly the policy's number get through.
import { Prisma, type Db } from '~/lib/db.server';

export type ThrottlePolicy = {
  /** Attempts allowed before the key is locked. */
  limit: number;
  /** A counter whose window started longer ago than this (and is not locked) starts over. */
  windowMs: number;
  /** How long the key is locked once the count reaches `limit` + n (n = 0, 1, 2, …). */
  lockMs: (n: number) => number;
};

/** Up to this many distinct lock lengths are passed to the statement; beyond, the last holds. */
const LOCK_STEPS = 8;

export type Reservation =
  | { allowed: true; count: number; lockedUntil: Date | null }
  | { allowed: false; lockedUntil: Date | null };

const toDate = (v: unknown): Date | null =>
  v === null || v === undefined ? null : v instanceof Date ? v : new Date(v as string | number);

/**
 * Takes one attempt for `key`, or refuses it while the key is locked. The INSERT … ON CONFLICT
 * DO UPDATE … WHERE not-locked … RETURNING is a single statement on both engines: PostgreSQL
 * holds the row lock and re-checks the WHERE on the newest row version; SQLite has one writer.
 * No row returned means the update's WHERE failed, i.e. the key was locked.
 */
export async function reserveAttempt(
  db: Db,
  key: string,
  policy: ThrottlePolicy,
  now = new Date(),
): Promise<Reservation> {
  // PostgreSQL types a bare parameter inside CASE as text; SQLite has no timestamp type to cast to
  const ts = postgres(db)
    ? (d: Date | null) => Prisma.sql`CAST(${d} AS timestamp(3))`
    : (d: Date | null) => Prisma.sql`${d}`;
  const cutoff = new Date(now.getTime() - policy.windowMs);
  const locks = Array.from(
    { length: LOCK_STEPS },
    (_, n) => new Date(now.getTime() + policy.lockMs(n)),
  );
  // the count after this attempt, as the SET clauses see the old row
  const fresh = Prisma.sql`("Throttle"."windowStart" < ${ts(cutoff)})`;
  const next = Prisma.sql`(CASE WHEN ${fresh} THEN 1 ELSE "Throttle"."count" + 1 END)`;
  const lockCase = Prisma.join(
    locks
      .slice(0, -1)
      .map((at, n) => Prisma.sql`WHEN ${next} - ${policy.limit} = ${n} THEN ${ts(at)}`),
    ' ',
  );
  const firstLock = policy.limit <= 1 ? locks[0]! : null;
  const rows = await db.$queryRaw<{ count: number | bigint; lockedUntil: unknown }[]>`
    INSERT INTO "Throttle" ("key", "count", "windowStart", "lockedUntil", "updatedAt")
    VALUES (${key}, 1, ${ts(now)}, ${ts(firstLock)}, ${ts(now)})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = ${next},
      "windowStart" = CASE WHEN ${fresh} THEN ${ts(now)} ELSE "Throttle"."windowStart" END,
      "lockedUntil" = CASE WHEN ${next} < ${policy.limit} THEN NULL ${lockCase} ELSE ${ts(locks.at(-1)!)} END,
      "updatedAt" = ${ts(now)}
    WHERE "Throttle"."lockedUntil" IS NULL OR "Throttle"."lockedUntil" <= ${ts(now)}
    RETURNING "count", "lockedUntil"`;
  const row = rows[0];
  if (row) return { allowed: true, count: Number(row.count), lockedUntil: toDate(row.lockedUntil) };
  return { allowed: false, lockedUntil: await lockedUntil(db, key) };
}

function postgres(db: Db) {
  return (db as unknown as { _activeProvider?: string })._activeProvider === 'postgresql';
}

export async function lockedUntil(db: Db, key: string): Promise<Date | null> {
  const row = await db.throttle.findUnique({ where: { key }, select: { lockedUntil: true } });
  return row?.lockedUntil ?? null;
}

/** Whether `key` is locked at `now` (a read only, for display; never a gate). */
export async function isLocked(db: Db, key: string, now = new Date()) {
  const until = await lockedUntil(db, key);
  return until !== null && until > now;
}

/** Forgets the key: a success (right password, right code) or an unlock link. */
export async function clearAttempts(db: Db, ...keys: string[]) {
  await db.throttle.deleteMany({ where: { key: { in: keys } } });
}

/**
 * Gives back a reserved attempt that turned out not to be abuse (a successful sign-in from an
 * address), unless the key has been locked meanwhile.
 */
export async function refundAttempt(db: Db, key: string) {
  await db.throttle.updateMany({
    where: { key, count: { gt: 0 }, lockedUntil: null },
    data: { count: { decrement: 1 } },
  });
}

const MINUTE = 60_000;

/**
 * The policies of ADR 015. Accounts: 5 password checks, then 1, 2, 4 … (at most 60) minutes
 * between single further checks; the count starts over a day after its first failure. Second
 * factor: 5 codes per 15 minutes, then the same back-off. Addresses: 50 failed sign-ins per 15
 * minutes, then 15 minutes off; a success is given back so an office behind one NAT is fine.
 */
export const POLICIES = {
  account: { limit: 5, windowMs: 24 * 60 * MINUTE, lockMs: (n) => Math.min(60, 2 ** n) * MINUTE },
  secondFactor: {
    limit: 5,
    windowMs: 15 * MINUTE,
    lockMs: (n) => Math.min(60, 15 * 2 ** n) * MINUTE,
  },
  address: { limit: 50, windowMs: 15 * MINUTE, lockMs: () => 15 * MINUTE },
  unlockLink: { limit: 3, windowMs: 60 * MINUTE, lockMs: () => 60 * MINUTE },
} satisfies Record<string, ThrottlePolicy>;

export const throttleKey = {
  account: (userId: string) => `signin:user:${userId}`,
  address: (address: string) => `signin:addr:${address}`,
  secondFactor: (userId: string) => `2fa:user:${userId}`,
  unlockLink: (tokenId: string) => `unlock:${tokenId}`,
};
