// Accounts and sessions against the real database (SQLite and PostgreSQL).
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { acceptInvitation, invite } from '~/services/accounts/invitations.server';
import {
  changePassword,
  requestPasswordReset,
  resetPassword,
} from '~/services/accounts/passwords.server';
import { signIn } from '~/services/accounts/sign-in.server';
import { signUp } from '~/services/accounts/sign-up.server';
import { setUserDisabled } from '~/services/accounts/users-admin.server';
import { hashPassword } from '~/lib/crypto/password.server';
import { createSession, STAFF_IDLE_MS, validateSessionToken } from '~/lib/session.server';
import { hashToken } from '~/lib/crypto/tokens.server';
import { creditCode, uid } from './factories';

afterAll(() => db.$disconnect());

const PASSWORD = 'a fine long passphrase';

async function newUser(role: 'ENTERPRISE' | 'REVIEWER' = 'ENTERPRISE') {
  const email = `u-${uid()}@example.com`;
  if (role === 'REVIEWER') {
    const bureau = await db.organization.findFirstOrThrow({ where: { kind: 'BUREAU' } });
    return db.user.create({
      data: {
        email,
        name: '审核员',
        role,
        organizationId: bureau.id,
        passwordHash: await hashPassword(PASSWORD),
      },
    });
  }
  const result = await signUp(db, {
    kind: 'ENTERPRISE',
    orgName: `测试企业${uid()}`,
    creditCode: creditCode(),
    contactPhone: '0533-1',
    name: '测试',
    email,
    password: PASSWORD,
  });
  if (!result.ok) throw new Error(JSON.stringify(result));
  return db.user.findUniqueOrThrow({ where: { id: result.userId! } });
}

describe(`sessions (${inject('databaseKind')})`, () => {
  it('stores only the token’s hash, and finds the session by the token', async () => {
    const user = await newUser();
    const { token } = await createSession(db, user.id);
    expect(await db.session.findUnique({ where: { id: token } })).toBeNull();
    expect(await db.session.findUnique({ where: { id: hashToken(token) } })).not.toBeNull();
    expect((await validateSessionToken(db, token))?.user.id).toBe(user.id);
  });

  it('ends a session at its expiry and deletes it', async () => {
    const user = await newUser();
    const { token, expiresAt } = await createSession(db, user.id);
    expect(await validateSessionToken(db, token, new Date(expiresAt.getTime() + 1))).toBeNull();
    expect(await db.session.count({ where: { id: hashToken(token) } })).toBe(0);
  });

  it('slides the expiry forward when less than half the lifetime is left', async () => {
    const user = await newUser();
    const now = new Date();
    const { token, expiresAt } = await createSession(db, user.id, { now });
    const later = new Date(now.getTime() + 20 * 24 * 3600 * 1000);
    const auth = await validateSessionToken(db, token, later);
    expect(auth!.expiresAt.getTime()).toBeGreaterThan(expiresAt.getTime());
  });

  it('ends a staff session after 30 idle minutes, but not an enterprise one', async () => {
    const staff = await newUser('REVIEWER');
    const member = await newUser();
    const now = new Date();
    const s = await createSession(db, staff.id, { now, twoFactorVerified: true });
    const m = await createSession(db, member.id, { now });
    const idle = new Date(now.getTime() + STAFF_IDLE_MS + 1000);
    expect(await validateSessionToken(db, s.token, idle)).toBeNull();
    expect(await validateSessionToken(db, m.token, idle)).not.toBeNull();
  });

  it('ends every session of a disabled user at once', async () => {
    const user = await newUser();
    const admin = await db.user.findFirstOrThrow({ where: { role: 'ADMIN' } });
    const a = await createSession(db, user.id);
    const b = await createSession(db, user.id);
    await setUserDisabled(db, admin.id, user.id, true);
    expect(await validateSessionToken(db, a.token)).toBeNull();
    expect(await validateSessionToken(db, b.token)).toBeNull();
    expect(
      await db.auditEvent.count({ where: { entityId: user.id, action: 'user.disabled' } }),
    ).toBe(1);
  });
});

describe(`sign-in (${inject('databaseKind')})`, () => {
  it('gives one answer for an unknown account and a wrong password', async () => {
    const user = await newUser();
    const invalid = { ok: false, error: 'invalid', key: 'auth.invalid' };
    expect(await signIn(db, 'nobody-' + uid() + '@example.com', PASSWORD)).toEqual(invalid);
    expect(await signIn(db, user.email, 'wrong password')).toEqual(invalid);
    expect((await signIn(db, user.email.toUpperCase(), PASSWORD)).ok).toBe(true);
  });

  it('throttles an account after 5 failures, even for the right password', async () => {
    const user = await newUser();
    const now = new Date();
    for (let i = 0; i < 5; i++) await signIn(db, user.email, 'wrong', { now });
    expect(
      (await db.throttle.findUniqueOrThrow({ where: { key: `signin:user:${user.id}` } }))
        .lockedUntil,
    ).not.toBeNull();
    expect((await signIn(db, user.email, PASSWORD, { now })).ok).toBe(false);
    // after the wait, the right password works and the counter resets
    const later = new Date(now.getTime() + 61 * 60_000);
    expect((await signIn(db, user.email, PASSWORD, { now: later })).ok).toBe(true);
    expect(await db.throttle.count({ where: { key: `signin:user:${user.id}` } })).toBe(0);
  });

  it('refuses a common password at sign-up and saves nothing', async () => {
    const email = `c-${uid()}@example.com`;
    const result = await signUp(db, {
      kind: 'ENTERPRISE',
      orgName: '常见密码公司',
      creditCode: creditCode(),
      contactPhone: '1',
      name: 'x',
      email,
      password: 'password123',
    });
    expect(result).toEqual({
      ok: false,
      error: 'weakPassword',
      key: 'validation.passwordCommon',
      field: 'password',
    });
    expect(await db.user.count({ where: { email } })).toBe(0);
    expect(await db.organization.count({ where: { name: '常见密码公司' } })).toBe(0);
  });

  it('refuses a second registration of the same credit code', async () => {
    const code = creditCode();
    const first = await signUp(db, {
      kind: 'ENTERPRISE',
      orgName: 'A',
      creditCode: code,
      contactPhone: '1',
      name: 'a',
      email: `a-${uid()}@example.com`,
      password: PASSWORD,
    });
    expect(first.ok).toBe(true);
    const second = await signUp(db, {
      kind: 'ENTERPRISE',
      orgName: 'B',
      creditCode: code,
      contactPhone: '1',
      name: 'b',
      email: `b-${uid()}@example.com`,
      password: PASSWORD,
    });
    expect(second).toEqual({
      ok: false,
      error: 'creditCodeTaken',
      key: 'auth.creditCodeTaken',
      field: 'creditCode',
    });
  });
});

describe(`passwords (${inject('databaseKind')})`, () => {
  it('a password change ends every session', async () => {
    const user = await newUser();
    const a = await createSession(db, user.id);
    expect((await changePassword(db, user.id, 'wrong', 'another fine passphrase')).ok).toBe(false);
    expect(await validateSessionToken(db, a.token)).not.toBeNull();
    expect((await changePassword(db, user.id, PASSWORD, 'another fine passphrase')).ok).toBe(true);
    expect(await validateSessionToken(db, a.token)).toBeNull();
    expect((await signIn(db, user.email, 'another fine passphrase')).ok).toBe(true);
  });

  it('a reset link works once, within 30 minutes, and ends every session', async () => {
    const user = await newUser();
    const session = await createSession(db, user.id);
    const now = new Date();
    await requestPasswordReset(db, user.email, 'http://localhost', now);
    const mail = await db.mailMessage.findFirstOrThrow({
      where: { to: user.email },
      orderBy: { createdAt: 'desc' },
    });
    const token = /\/password\/reset\/([a-z2-7]+)/.exec(mail.text)![1]!;

    const late = new Date(now.getTime() + 31 * 60_000);
    expect(await resetPassword(db, token, 'a brand new passphrase', late)).toEqual({
      ok: false,
      error: 'resetInvalid',
      key: 'auth.resetInvalid',
    });
    const results = await Promise.all(
      [0, 1, 2].map(() => resetPassword(db, token, 'a brand new passphrase', now)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await validateSessionToken(db, session.token)).toBeNull();
    expect((await signIn(db, user.email, 'a brand new passphrase')).ok).toBe(true);
  });

  it('says nothing about unknown addresses when asked for a reset', async () => {
    const before = await db.mailMessage.count();
    await requestPasswordReset(db, `nobody-${uid()}@example.com`, 'http://localhost');
    expect(await db.mailMessage.count()).toBe(before);
  });
});

describe(`invitations (${inject('databaseKind')})`, () => {
  it('lets the first member bring a colleague into the organisation, once', async () => {
    const first = await newUser();
    const email = `colleague-${uid()}@example.com`;
    const sent = await invite(db, {
      inviterId: first.id,
      organizationId: first.organizationId,
      role: 'ENTERPRISE',
      name: '同事',
      email,
      origin: 'http://localhost',
    });
    expect(sent.ok).toBe(true);
    const mail = await db.mailMessage.findFirstOrThrow({ where: { to: email } });
    const token = /\/invite\/([a-z2-7]+)/.exec(mail.text)![1]!;
    const accepted = await acceptInvitation(db, token, 'colleague passphrase');
    expect(accepted.ok).toBe(true);
    const colleague = await db.user.findUniqueOrThrow({ where: { email } });
    expect(colleague.organizationId).toBe(first.organizationId);
    expect(colleague.role).toBe('ENTERPRISE');
    expect(await acceptInvitation(db, token, 'colleague passphrase')).toEqual({
      ok: false,
      error: 'inviteInvalid',
      key: 'auth.inviteInvalid',
    });
  });
});
