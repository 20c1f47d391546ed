// The staff's authenticator secrets are sealed with a key outside the database: what a dump of
// the User table shows cannot produce codes, and the sign-in still accepts them.
import { afterAll, afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { seal } from '~/lib/crypto/secret-box.server';
import { action as secondFactorAction, loader as secondFactorLoader } from '~/routes/login_.2fa';
import { demoSecondFactorCode, seedDemoSecondFactors } from '~/services/accounts/demo.server';
import {
  checkSecondFactor,
  currentTotp,
  enableTotp,
  newTotpSecret,
  totpStep,
  verifySecondFactor,
} from '~/services/accounts/totp.server';
import { createSession } from '~/lib/session.server';
import { makeUser } from './factories';
import { args, formPost, sessionCookie, TEST_ORIGIN } from './route-call';

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
    // the enrolling code's step counts as used; the next step's code signs in
    const next = new Date(Date.now() + 30_000);
    const nextCode = currentTotp(secret, totpStep(next.getTime()));
    expect(await verifySecondFactor(db, reviewer.id, currentTotp(secret))).toBe(false);
    expect(await verifySecondFactor(db, reviewer.id, '000000', next)).toBe(nextCode === '000000');
    expect(await verifySecondFactor(db, reviewer.id, nextCode, next)).toBe(nextCode !== '000000');
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
    // the next time step's code (each step is accepted once)
    const later = new Date(Date.now() + 30_000);
    expect(
      await verifySecondFactor(db, admin.id, currentTotp(secret, totpStep(later.getTime())), later),
    ).toBe(true);
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

async function enrolled() {
  const reviewer = await makeUser(db, { role: 'REVIEWER' });
  const secret = newTotpSecret();
  await db.user.update({
    where: { id: reviewer.id },
    data: { totpSecret: seal(secret, reviewer.id), totpEnabledAt: new Date() },
  });
  return { reviewer, secret };
}

describe(`second factor under attack (${inject('databaseKind')})`, () => {
  it('locks after 5 wrong codes: the 6th attempt is refused even with the right code', async () => {
    const { reviewer, secret } = await enrolled();
    const code = currentTotp(secret);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 5; i++)
      expect(await checkSecondFactor(db, reviewer.id, wrong)).toBe('invalid');
    expect(await checkSecondFactor(db, reviewer.id, code)).toBe('locked');
    // 15 minutes later the right code of that time works again, and clears the counter
    const later = new Date(Date.now() + 15 * 60_000 + 1000);
    const laterCode = currentTotp(secret, totpStep(later.getTime()));
    expect(await checkSecondFactor(db, reviewer.id, laterCode, later)).toBe('ok');
  });

  it('stops 1,000 guesses after 5 codes checked, even in parallel', async () => {
    const { reviewer } = await enrolled();
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        checkSecondFactor(db, reviewer.id, String(i).padStart(6, '0')),
      ),
    );
    expect(outcomes.filter((o) => o !== 'locked')).toHaveLength(5);
  });

  it('accepts a code once: a second session replaying it is refused', async () => {
    const { reviewer, secret } = await enrolled();
    const code = currentTotp(secret);
    expect(await checkSecondFactor(db, reviewer.id, code)).toBe('ok');
    expect(await checkSecondFactor(db, reviewer.id, code)).toBe('invalid');
    // through the page: a second pending session of the same user sends the same code
    const response = await secondFactorAction(
      args(
        new Request(new URL('/login/2fa', TEST_ORIGIN), {
          ...formPost({ code }),
          headers: { Cookie: await sessionCookie(db, reviewer, { twoFactorVerified: false }) },
        }),
      ),
    );
    expect(response).not.toBeInstanceOf(Response);
    expect(JSON.stringify(response)).toContain('auth.codeInvalid');
  });

  it('lets exactly one of 10 parallel uses of one code through', async () => {
    const { reviewer, secret } = await enrolled();
    const code = currentTotp(secret);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => checkSecondFactor(db, reviewer.id, code)),
    );
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
  });
});

describe(`demo authenticator (${inject('databaseKind')})`, () => {
  const saved = { DEMO: process.env.DEMO, NODE_ENV: process.env.NODE_ENV };
  const restore = () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  const demoStaff = () =>
    db.user.findMany({
      where: { email: { endsWith: '@kjj.zibo.example' } },
      select: { id: true, email: true, totpEnabledAt: true, totpSecret: true },
    });
  const unenrol = () =>
    db.user.updateMany({
      where: { email: { endsWith: '@kjj.zibo.example' } },
      data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null },
    });
  // the seeded staff are shared with other test files: put their enrolment back as it was
  let before: { id: string; totpSecret: string | null; totpEnabledAt: Date | null }[] = [];
  beforeEach(async () => {
    before = await db.user.findMany({
      where: { email: { endsWith: '@kjj.zibo.example' } },
      select: { id: true, totpSecret: true, totpEnabledAt: true },
    });
  });
  afterEach(async () => {
    restore();
    for (const u of before)
      await db.user.update({
        where: { id: u.id },
        data: { totpSecret: u.totpSecret, totpEnabledAt: u.totpEnabledAt, totpLastStep: null },
      });
  });

  it('is neither seeded nor shown outside demo mode', async () => {
    try {
      await unenrol();
      process.env.NODE_ENV = 'production';
      delete process.env.DEMO;
      expect(await seedDemoSecondFactors(db)).toBe(0);
      process.env.NODE_ENV = saved.NODE_ENV;
      process.env.DEMO = '0';
      expect(await seedDemoSecondFactors(db)).toBe(0);
      expect((await demoStaff()).every((u) => u.totpSecret === null)).toBe(true);
      // even for an account enrolled some other way, the page shows no code
      const staff = (await demoStaff())[0]!;
      const secret = newTotpSecret();
      await db.user.update({
        where: { id: staff.id },
        data: { totpSecret: seal(secret, staff.id), totpEnabledAt: new Date() },
      });
      expect(await demoSecondFactorCode(db, staff.id)).toBeNull();
      const { token } = await createSession(db, staff.id, { twoFactorVerified: false });
      const page = await secondFactorLoader(
        args(
          new Request(new URL('/login/2fa', TEST_ORIGIN), {
            headers: { Cookie: `jiebang_session=${token}` },
          }),
        ),
      );
      expect(page.demo).toBeNull();
      expect(JSON.stringify(page)).not.toContain(currentTotp(secret));
    } finally {
      restore();
    }
  });

  it('pre-enrols the demo staff sealed, and shows a code the second factor accepts', async () => {
    try {
      await unenrol();
      process.env.DEMO = '1';
      const staff = await demoStaff();
      expect(await seedDemoSecondFactors(db)).toBe(staff.length);
      expect(await seedDemoSecondFactors(db)).toBe(0);
      const reviewer = (await demoStaff()).find((u) => u.email === 'reviewer@kjj.zibo.example')!;
      expect(reviewer.totpSecret!.startsWith('v1:')).toBe(true);
      // one instant for the whole test: a half-minute boundary between the calls would make the
      // third a fresh step with its own code
      const now = Date.now();
      const first = await demoSecondFactorCode(db, reviewer.id, now);
      expect(first).toMatchObject({ code: expect.stringMatching(/^\d{6}$/) });
      expect(
        await checkSecondFactor(db, reviewer.id, (first as { code: string }).code, new Date(now)),
      ).toBe('ok');
      // the next sign-in in the same half-minute is shown the next step's code, also accepted
      const second = await demoSecondFactorCode(db, reviewer.id, now);
      expect(second).toMatchObject({ code: expect.stringMatching(/^\d{6}$/) });
      expect(
        await checkSecondFactor(db, reviewer.id, (second as { code: string }).code, new Date(now)),
      ).toBe('ok');
      // a third one must wait for the clock
      expect(await demoSecondFactorCode(db, reviewer.id, now)).toMatchObject({
        waitSeconds: expect.any(Number),
      });
    } finally {
      restore();
    }
  });
});
