// Rows that only ever accumulate unless something deletes them: attempt counters (one per
// account and per address that ever failed a sign-in — an attacker with many addresses makes
// one each) and sessions that ended without being read again (expired, or a staff member's
// idle ones). Each is read only by its own key, so nobody sees them, but the tables and their
// indexes grow without bound. Deleted in batches, so that on SQLite no single statement holds
// the one writer long (docs/decisions/015-sign-in-abuse-policy.md, "Housekeeping").
import { STAFF_ROLES } from '~/domain/roles';
import type { Db } from '~/lib/db.server';
import { STAFF_IDLE_MS } from '~/lib/session.server';
import { POLICIES } from '~/lib/throttle.server';

export const PRUNE_BATCH = 500;

/** A counter whose window and lock both ended this long ago counts nothing any more. */
export const THROTTLE_RETENTION_MS = Math.max(...Object.values(POLICIES).map((p) => p.windowMs));

export type Pruned = { throttles: number; sessions: number };

/** Deletes what `next` finds, `PRUNE_BATCH` at a time, until it finds nothing or `stop()`. */
async function inBatches(
  next: () => Promise<string[]>,
  remove: (ids: string[]) => Promise<number>,
  stop: () => boolean,
): Promise<number> {
  let removed = 0;
  for (;;) {
    const ids = await next();
    if (ids.length > 0) removed += await remove(ids);
    if (ids.length < PRUNE_BATCH || stop()) return removed;
  }
}

/**
 * Deletes the attempt counters that can no longer count or lock (last touched before the
 * longest window, lock ended as long ago) and the sessions that can no longer be used.
 */
export async function pruneExpired(
  db: Db,
  now = new Date(),
  stop: () => boolean = () => false,
): Promise<Pruned> {
  const olderThan = new Date(now.getTime() - THROTTLE_RETENTION_MS);
  // a row updated since it was found (a new attempt) keeps counting: the delete re-checks
  const spent = {
    updatedAt: { lt: olderThan },
    OR: [{ lockedUntil: null }, { lockedUntil: { lt: olderThan } }],
  };
  const throttles = await inBatches(
    async () =>
      (await db.throttle.findMany({ where: spent, select: { key: true }, take: PRUNE_BATCH })).map(
        (t) => t.key,
      ),
    async (keys) =>
      (await db.throttle.deleteMany({ where: { key: { in: keys }, ...spent } })).count,
    stop,
  );
  const ended = {
    OR: [
      { expiresAt: { lte: now } },
      {
        lastSeenAt: { lt: new Date(now.getTime() - STAFF_IDLE_MS) },
        user: { role: { in: [...STAFF_ROLES] } },
      },
    ],
  };
  const sessions = await inBatches(
    async () =>
      (await db.session.findMany({ where: ended, select: { id: true }, take: PRUNE_BATCH })).map(
        (s) => s.id,
      ),
    async (ids) => (await db.session.deleteMany({ where: { id: { in: ids }, ...ended } })).count,
    stop,
  );
  return { throttles, sessions };
}
