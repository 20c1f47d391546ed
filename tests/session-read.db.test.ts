// The session read written out as one statement (app/lib/session.server.ts, ADR 037): on each
// engine it answers what the Prisma query with its relations answered, with Date and boolean
// values where the columns hold them, and ends, slides and refuses sessions as before.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
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
});
