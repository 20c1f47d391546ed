// The session read written out as one statement (app/lib/session.server.ts, ADR 037) and sent
// past Prisma's client (readRows, ADR 038): on each engine it answers what the Prisma query with
// its relations answered, with Date and boolean values where the columns hold them, and ends,
// slides and refuses sessions as before. The header's unread count goes the same way.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb, db, Prisma, readRows } from '~/lib/db.server';
import { unreadCount } from '~/services/accounts/inbox.server';
import { hashToken } from '~/lib/crypto/tokens.server';
import {
  createSession,
  SESSION_LIFETIME_MS,
  STAFF_IDLE_MS,
  validateSessionToken,
} from '~/lib/session.server';
import { makeStaff, makeUser } from './factories';

afterAll(() => db.$disconnect());

/** What the session read answered before: the same rows through Prisma's own query. */
async function throughPrisma(token: string) {
  const session = await db.session.findUniqueOrThrow({
    where: { id: hashToken(token) },
    include: {
      user: {
        include: { organization: { select: { id: true, kind: true, name: true, nameEn: true } } },
      },
    },
  });
  const { user } = session;
  return {
    sessionId: session.id,
    twoFactorVerified: session.twoFactorVerified,
    expiresAt: session.expiresAt,
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      locale: user.locale,
      organizationId: user.organizationId,
      organization: user.organization,
      totpEnabled: user.totpEnabledAt !== null,
    },
  };
}

describe(`the session read (${inject('databaseKind')})`, () => {
  it('answers what the Prisma query answered, with the same types', async () => {
    const user = await makeUser(db, { role: 'TEAM', name: '张三 O’Brien' });
    await db.organization.update({
      where: { id: user.organizationId },
      data: { nameEn: 'A "quoted" team' },
    });
    const { token } = await createSession(db, user.id);
    const auth = await validateSessionToken(db, token);
    expect(auth).toEqual(await throughPrisma(token));
    expect(auth!.expiresAt).toBeInstanceOf(Date);
    expect(auth!.twoFactorVerified).toBe(false);
    expect(auth!.user.totpEnabled).toBe(false);
    expect(auth!.user.organization.nameEn).toBe('A "quoted" team');
  });

  it('reads a verified second factor, a TOTP enrolment and a null English name', async () => {
    const staff = await makeStaff(db, 'ADMIN');
    await db.user.update({ where: { id: staff.id }, data: { totpEnabledAt: new Date() } });
    const { token } = await createSession(db, staff.id, { twoFactorVerified: true });
    const auth = await validateSessionToken(db, token);
    expect(auth).toEqual(await throughPrisma(token));
    expect(auth!.twoFactorVerified).toBe(true);
    expect(auth!.user.totpEnabled).toBe(true);
    expect(auth!.user.organization.kind).toBe('BUREAU');
    // a team made here has no English name
    const member = await makeUser(db, { role: 'TEAM' });
    const second = await createSession(db, member.id);
    const memberAuth = await validateSessionToken(db, second.token);
    expect(memberAuth).toEqual(await throughPrisma(second.token));
    expect(memberAuth!.user.organization.nameEn).toBeNull();
  });

  it('ends the session of a disabled user, an expired one and an idle staff one', async () => {
    const user = await makeUser(db, { role: 'ENTERPRISE' });
    const disabled = await createSession(db, user.id);
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await validateSessionToken(db, disabled.token)).toBeNull();
    expect(await db.session.count({ where: { id: hashToken(disabled.token) } })).toBe(0);

    const other = await makeUser(db, { role: 'TEAM' });
    const expired = await createSession(db, other.id);
    expect(
      await validateSessionToken(db, expired.token, new Date(expired.expiresAt.getTime() + 1)),
    ).toBeNull();

    const staff = await makeStaff(db, 'REVIEWER');
    const now = new Date();
    const idle = await createSession(db, staff.id, { now, twoFactorVerified: true });
    expect(
      await validateSessionToken(db, idle.token, new Date(now.getTime() + STAFF_IDLE_MS + 1000)),
    ).toBeNull();
    expect(await validateSessionToken(db, 'a'.repeat(40))).toBeNull();
  });

  it('slides: a session past half its life is renewed, and the renewal is read back', async () => {
    const user = await makeUser(db, { role: 'TEAM' });
    const start = new Date();
    const { token } = await createSession(db, user.id, { now: start });
    const later = new Date(start.getTime() + SESSION_LIFETIME_MS / 2 + 60_000);
    const renewed = await validateSessionToken(db, token, later);
    expect(renewed!.expiresAt.getTime()).toBe(later.getTime() + SESSION_LIFETIME_MS);
    const row = await db.session.findUniqueOrThrow({ where: { id: hashToken(token) } });
    expect(row.expiresAt.getTime()).toBe(later.getTime() + SESSION_LIFETIME_MS);
    expect(row.lastSeenAt.getTime()).toBe(later.getTime());
    expect((await validateSessionToken(db, token, later))!.expiresAt).toEqual(row.expiresAt);
  });

  it('counts the unread notices as a number, and a notice read leaves the count', async () => {
    const user = await makeUser(db, { role: 'TEAM' });
    expect(await unreadCount(db, user.id)).toBe(0);
    const notice = (n: number) => ({
      userId: user.id,
      kind: 'APPLICATION_SUBMITTED',
      payload: JSON.stringify({ n }),
    });
    const [first] = await Promise.all(
      [1, 2, 3].map((n) => db.notification.create({ data: notice(n) })),
    );
    expect(await unreadCount(db, user.id)).toBe(3);
    await db.notification.update({ where: { id: first.id }, data: { readAt: new Date() } });
    expect(await unreadCount(db, user.id)).toBe(2);
    // another member's notices are not counted
    expect(await unreadCount(db, (await makeUser(db, { role: 'TEAM' })).id)).toBe(0);
  });

  it('reads past the client on a client that has not connected yet, with its values typed', async () => {
    const fresh = createDb(process.env.DATABASE_URL!);
    try {
      const user = await makeUser(db, { role: 'TEAM' });
      const rows = await readRows<{ id: string; createdAt: Date; n: number }>(
        fresh,
        Prisma.sql`SELECT "id", "createdAt", 2 + 3 AS "n" FROM "User" WHERE "id" = ${user.id}`,
      );
      const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(rows).toHaveLength(1);
      expect(rows[0].id).toBe(user.id);
      expect(rows[0].createdAt).toEqual(row.createdAt);
      expect(rows[0].n).toBe(5);
      expect(
        await readRows(fresh, Prisma.sql`SELECT "id" FROM "User" WHERE "id" = ${'none'}`),
      ).toEqual([]);
    } finally {
      await fresh.$disconnect();
    }
  });
});
