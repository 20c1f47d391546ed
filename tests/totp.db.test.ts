// The staff's authenticator secrets are sealed with a key outside the database: what a dump of
// the User table shows cannot produce codes, and the sign-in still accepts them.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { seal } from '~/services/secret-box.server';
import { currentTotp, enableTotp, newTotpSecret, verifySecondFactor } from '~/services/totp.server';
import { makeUser } from './auth-helpers';

afterAll(() => db.$disconnect());

const stored = async (id: string) =>
  (await db.user.findUniqueOrThrow({ where: { id }, select: { totpSecret: true } })).totpSecret!;

describe(`staff second factor at rest (${inject('databaseKind')})`, () => {
  it('stores the secret sealed, and accepts the authenticator’s codes', async () => {
    const reviewer = await makeUser(db, { role: 'REVIEWER' });
    const secret = newTotpSecret();
    expect(await enableTotp(db, reviewer.id, secret, currentTotp(secret))).toHaveLength(8);
    const row = await stored(reviewer.id);
    expect(row.startsWith('v1:')).toBe(true);
    expect(row).not.toContain(secret);
    expect(await verifySecondFactor(db, reviewer.id, currentTotp(secret))).toBe(true);
    expect(await verifySecondFactor(db, reviewer.id, '000000')).toBe(
      currentTotp(secret) === '000000',
    );
  });

  it('seals a secret an earlier version stored in the clear at its next use', async () => {
    const admin = await makeUser(db, { role: 'ADMIN' });
    const secret = newTotpSecret();
    await db.user.update({
      where: { id: admin.id },
      data: { totpSecret: secret, totpEnabledAt: new Date() },
    });
    expect(await verifySecondFactor(db, admin.id, currentTotp(secret))).toBe(true);
    const row = await stored(admin.id);
    expect(row.startsWith('v1:')).toBe(true);
    expect(await verifySecondFactor(db, admin.id, currentTotp(secret))).toBe(true);
  });

  it('does not accept a sealed secret copied from another user', async () => {
    const [victim, attacker] = await Promise.all([
      makeUser(db, { role: 'ADMIN' }),
      makeUser(db, { role: 'REVIEWER' }),
    ]);
    const secret = newTotpSecret();
    await db.user.update({
      where: { id: attacker.id },
      data: { totpSecret: seal(secret, victim.id), totpEnabledAt: new Date() },
    });
    expect(await verifySecondFactor(db, attacker.id, currentTotp(secret))).toBe(false);
  });
});
