// The shared attempt counters (ADR 015): one statement checks the lock and raises the count, so
// parallel attempts cannot overtake it, on SQLite and PostgreSQL alike.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { clearAttempts, reserveAttempt, type ThrottlePolicy } from '~/lib/throttle.server';
import { uid } from './factories';

afterAll(() => db.$disconnect());

const MINUTE = 60_000;
const policy: ThrottlePolicy = {
  limit: 5,
  windowMs: 15 * MINUTE,
  lockMs: (n) => 2 ** n * MINUTE,
};

describe(`attempt counters (${inject('databaseKind')})`, () => {
  it('lets exactly the limit through out of 60 parallel attempts, then locks', async () => {
    const key = `t:${uid()}`;
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 60 }, () => reserveAttempt(db, key, policy, now)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    const row = await db.throttle.findUniqueOrThrow({ where: { key } });
    expect(row.count).toBe(5);
    expect(row.lockedUntil!.getTime()).toBe(now.getTime() + MINUTE);
  });

  it('allows one attempt after the lock ends and doubles the next lock', async () => {
    const key = `t:${uid()}`;
    const t0 = new Date();
    for (let i = 0; i < 5; i++)
      expect((await reserveAttempt(db, key, policy, t0)).allowed).toBe(true);
    expect((await reserveAttempt(db, key, policy, new Date(t0.getTime() + 30_000))).allowed).toBe(
      false,
    );
    const t1 = new Date(t0.getTime() + MINUTE);
    const after = await reserveAttempt(db, key, policy, t1);
    expect(after).toMatchObject({ allowed: true, count: 6 });
    expect(after.lockedUntil!.getTime()).toBe(t1.getTime() + 2 * MINUTE);
    expect((await reserveAttempt(db, key, policy, new Date(t1.getTime() + 1000))).allowed).toBe(
      false,
    );
  });

  it('starts over once the window has passed, and forgets on success', async () => {
    const key = `t:${uid()}`;
    const t0 = new Date();
    for (let i = 0; i < 3; i++) await reserveAttempt(db, key, policy, t0);
    const later = await reserveAttempt(db, key, policy, new Date(t0.getTime() + 16 * MINUTE));
    expect(later).toMatchObject({ allowed: true, count: 1, lockedUntil: null });
    await clearAttempts(db, key);
    expect(await db.throttle.findUnique({ where: { key } })).toBeNull();
  });
});
