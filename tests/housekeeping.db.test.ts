// Housekeeping (app/services/housekeeping): spent attempt counters and ended sessions are
// deleted, and nothing that still counts, locks or signs somebody in is — on both engines.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { createSession, STAFF_IDLE_MS, validateSessionToken } from '~/lib/session.server';
import { hashToken } from '~/lib/crypto/tokens.server';
import { POLICIES, reserveAttempt, throttleKey } from '~/lib/throttle.server';
import {
  PRUNE_BATCH,
  pruneExpired,
  THROTTLE_RETENTION_MS,
} from '~/services/housekeeping/prune.server';
import { makeStaff, makeUser, uid } from './factories';

afterAll(() => db.$disconnect());

const HOUR = 3_600_000;
const exists = async (key: string) => (await db.throttle.count({ where: { key } })) === 1;

describe(`housekeeping (${inject('databaseKind')})`, () => {
  it('deletes counters past every window, keeps those that still count or lock', async () => {
    const now = new Date();
    const longAgo = new Date(now.getTime() - THROTTLE_RETENTION_MS - HOUR);
    const spent = throttleKey.address(`198.51.100.${uid()}`);
    await reserveAttempt(db, spent, POLICIES.address, longAgo);
    // an account's window is a day: a failure an hour ago still counts
    const counting = throttleKey.account(uid());
    await reserveAttempt(db, counting, POLICIES.account, new Date(now.getTime() - HOUR));
    // an account locked the longest a policy locks, its last attempt just before the lock
    const locked = throttleKey.account(uid());
    const lockedAt = new Date(now.getTime() - THROTTLE_RETENTION_MS + 30 * 60_000);
    for (let i = 0; i < 5 + 8; i++) await reserveAttempt(db, locked, POLICIES.account, lockedAt);
    await db.throttle.update({
      where: { key: locked },
      data: { lockedUntil: new Date(now.getTime() + HOUR), updatedAt: longAgo },
    });

    const pruned = await pruneExpired(db, now);

    expect(pruned.throttles).toBeGreaterThanOrEqual(1);
    expect(await exists(spent)).toBe(false);
    expect(await exists(counting)).toBe(true);
    expect(await exists(locked)).toBe(true);
    // what was kept still counts: the next attempt is the second of its window
    expect(await reserveAttempt(db, counting, POLICIES.account, now)).toMatchObject({ count: 2 });
  });

  it('clears a flood of one-off addresses in batches, however many there were', async () => {
    const longAgo = new Date(Date.now() - THROTTLE_RETENTION_MS - HOUR);
    const run = throttleKey.address(`2001:db8:${uid()}::`);
    const flood = Array.from({ length: PRUNE_BATCH * 2 + 37 }, (_, i) => `${run}${i.toString(16)}`);
    await db.throttle.createMany({
      data: flood.map((key) => ({ key, count: 1, windowStart: longAgo, updatedAt: longAgo })),
    });
    // @updatedAt is set by Prisma on create: put the rows back in the past
    const mine = { key: { startsWith: run } };
    await db.throttle.updateMany({ where: mine, data: { updatedAt: longAgo } });

    const pruned = await pruneExpired(db);

    expect(pruned.throttles).toBeGreaterThanOrEqual(flood.length);
    expect(await db.throttle.count({ where: mine })).toBe(0);
  });

  it('stops between batches when the server shuts down', async () => {
    const longAgo = new Date(Date.now() - THROTTLE_RETENTION_MS - HOUR);
    const run = `t:stop:${uid()}:`;
    const keys = Array.from({ length: PRUNE_BATCH * 3 }, (_, i) => `${run}${i}`);
    const mine = { key: { startsWith: run } };
    await db.throttle.createMany({
      data: keys.map((key) => ({ key, count: 1, windowStart: longAgo, updatedAt: longAgo })),
    });
    await db.throttle.updateMany({ where: mine, data: { updatedAt: longAgo } });

    await pruneExpired(db, new Date(), () => true);

    // one batch went (of these or of rows another test left), the rest waits for the next run
    expect(await db.throttle.count({ where: mine })).toBeGreaterThan(PRUNE_BATCH);
    await pruneExpired(db);
    expect(await db.throttle.count({ where: mine })).toBe(0);
  });

  it('deletes expired and idle staff sessions, keeps live ones and idle members', async () => {
    const now = new Date();
    const member = await makeUser(db, { role: 'TEAM' });
    const staff = await makeStaff(db, 'REVIEWER');
    const expired = await createSession(db, member.id, {
      now: new Date(now.getTime() - 31 * 24 * HOUR),
    });
    const idleMember = await createSession(db, member.id, { now: new Date(now.getTime() - HOUR) });
    const idleStaff = await createSession(db, staff.id, {
      now: new Date(now.getTime() - STAFF_IDLE_MS - 60_000),
    });
    const liveStaff = await createSession(db, staff.id, { now });

    const pruned = await pruneExpired(db, now);

    expect(pruned.sessions).toBeGreaterThanOrEqual(2);
    const left = async (s: { token: string }) =>
      db.session.count({ where: { id: hashToken(s.token) } });
    expect(await left(expired)).toBe(0);
    expect(await left(idleStaff)).toBe(0);
    expect(await left(idleMember)).toBe(1);
    expect(await left(liveStaff)).toBe(1);
    // the sessions kept still sign their owners in
    expect((await validateSessionToken(db, idleMember.token, now))?.user.id).toBe(member.id);
    expect((await validateSessionToken(db, liveStaff.token, now))?.user.id).toBe(staff.id);
  });
});
