// Sign-in under attack (ADR 015), on SQLite and PostgreSQL: parallel guesses cannot overtake the
// lock, the lock holds against the right password, the owner gets back in through the mailed
// unlock link however often an attacker re-locks, every refusal costs one argon2 verification,
// sign-up does not tell who is registered, and mail links never come from the Host header.
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { requestOrigin } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { action as forgotAction } from '~/routes/password.forgot';
import { signIn, signInWithUnlock } from '~/services/accounts/sign-in.server';
import { signUp } from '~/services/accounts/sign-up.server';
import { hashPassword, verificationCounts } from '~/lib/crypto/password.server';
import { bureau, creditCode, uid } from './factories';
import { args } from './route-call';

afterAll(() => db.$disconnect());

const PASSWORD = 'a fine long passphrase';
const POLICY_LIMIT = 5;

async function newUser() {
  const org = await bureau(db);
  return db.user.create({
    data: {
      email: `abuse-${uid()}@example.com`,
      name: '测试',
      role: 'ENTERPRISE',
      organizationId: org.id,
      passwordHash: await hashPassword(PASSWORD),
    },
  });
}

const mailsTo = (to: string) =>
  db.mailMessage.findMany({ where: { to }, orderBy: { createdAt: 'asc' } });
const unlockToken = (text: string) => /\/login\/unlock\/([a-z2-7]+)/.exec(text)?.[1];

function delta(before: ReturnType<typeof verificationCounts>) {
  const after = verificationCounts();
  return { account: after.account - before.account, standIn: after.standIn - before.standIn };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe(`atomic lockout (${inject('databaseKind')})`, () => {
  it('checks at most the policy’s number of passwords out of 60 parallel guesses', async () => {
    const user = await newUser();
    const before = verificationCounts();
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => signIn(db, user.email, `wrong guess ${i}`)),
    );
    const d = delta(before);
    console.log(
      `60 parallel wrong guesses (${inject('databaseKind')}): ${d.account} passwords checked, ${d.standIn} refused unchecked`,
    );
    // checked or refused by the lock, every guess gets the same answer
    const invalid = { ok: false, error: 'invalid', key: 'auth.invalid' };
    expect(results).toEqual(results.map(() => invalid));
    expect(d.account).toBe(POLICY_LIMIT);
    // every refusal still cost one verification: the lock is not visible in the timing
    expect(d.account + d.standIn).toBe(60);
  });

  it('refuses the right password during a lock, also when sent among 40 wrong ones', async () => {
    const user = await newUser();
    for (let i = 0; i < POLICY_LIMIT; i++) await signIn(db, user.email, `wrong ${i}`);
    expect((await signIn(db, user.email, PASSWORD)).ok).toBe(false);
    const burst = await Promise.all(
      Array.from({ length: 41 }, (_, i) =>
        signIn(db, user.email, i === 20 ? PASSWORD : `wrong ${i}`),
      ),
    );
    expect(burst.some((r) => r.ok)).toBe(false);
  });

  it('mails one unlock link that lets the owner in once, however often the attacker re-locks', async () => {
    const user = await newUser();
    const t0 = new Date();
    for (let i = 0; i < POLICY_LIMIT; i++) await signIn(db, user.email, `wrong ${i}`, { now: t0 });
    const mails = await mailsTo(user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('http://localhost:3000/login/unlock/');
    const token = unlockToken(mails[0]!.text)!;

    // the attacker keeps at it, also after the lock ends: the account stays locked …
    const t1 = new Date(t0.getTime() + 61_000);
    await signIn(db, user.email, 'again wrong', { now: t1 });
    expect((await signIn(db, user.email, PASSWORD, { now: t1 })).ok).toBe(false);
    // … and while the link lives, no second mail floods the owner
    expect(await mailsTo(user.email)).toHaveLength(1);
    // without the mail, the unlock path is closed to the attacker
    expect((await signInWithUnlock(db, 'a'.repeat(32), PASSWORD, t1)).ok).toBe(false);
    // the owner's link works despite the lock, once
    const unlocked = await signInWithUnlock(db, token, PASSWORD, t1);
    expect(unlocked).toMatchObject({ ok: true, userId: user.id });
    expect((await signInWithUnlock(db, token, PASSWORD, t1)).ok).toBe(false);
    // and the account's counter is cleared
    expect((await signIn(db, user.email, PASSWORD, { now: t1 })).ok).toBe(true);
  });

  it('lets an unlock link check only 3 passwords, and expires it after 30 minutes', async () => {
    const user = await newUser();
    const t0 = new Date();
    for (let i = 0; i < POLICY_LIMIT; i++) await signIn(db, user.email, `wrong ${i}`, { now: t0 });
    const token = unlockToken((await mailsTo(user.email))[0]!.text)!;
    const late = new Date(t0.getTime() + 31 * 60_000);
    expect((await signInWithUnlock(db, token, PASSWORD, late)).ok).toBe(false);
    for (let i = 0; i < 3; i++) await signInWithUnlock(db, token, `guess ${i}`, t0);
    expect((await signInWithUnlock(db, token, PASSWORD, t0)).ok).toBe(false);
  });

  it('throttles one address across accounts, and gives successes back', async () => {
    const address = `203.0.113.${Math.floor(Math.random() * 250)}`;
    const owner = await newUser();
    for (let i = 0; i < 20; i++)
      expect((await signIn(db, owner.email, PASSWORD, { address })).ok).toBe(true);
    await Promise.all(
      Array.from({ length: 50 }, () =>
        signIn(db, `nobody-${uid()}@example.com`, 'guess', { address }),
      ),
    );
    expect((await signIn(db, owner.email, PASSWORD, { address })).ok).toBe(false);
    expect((await signIn(db, owner.email, PASSWORD, { address: '198.51.100.7' })).ok).toBe(true);
  });

  it('refuses known and unknown accounts with one verification each, in about the same time', async () => {
    const user = await newUser();
    const known: number[] = [];
    const unknown: number[] = [];
    let verifications = 0;
    for (let i = 0; i < 12; i++) {
      for (const [email, into] of [
        [user.email, known],
        [`nobody-${uid()}@example.com`, unknown],
      ] as const) {
        const before = verificationCounts();
        const start = performance.now();
        expect((await signIn(db, email, 'a wrong password')).ok).toBe(false);
        into.push(performance.now() - start);
        const d = delta(before);
        verifications += d.account + d.standIn;
        expect(d.account + d.standIn).toBe(1);
      }
    }
    console.log(
      `refusal medians (${inject('databaseKind')}): known ${median(known).toFixed(1)} ms (includes the locked path after 5), unknown ${median(unknown).toFixed(1)} ms`,
    );
    expect(verifications).toBe(24);
  });
});

describe(`sign-up tells nobody who is registered (${inject('databaseKind')})`, () => {
  it('answers an existing address as a new one, and mails its owner instead', async () => {
    const owner = await newUser();
    const usersBefore = await db.user.count();
    const orgName = `重复注册${uid()}`;
    const result = await signUp(db, {
      kind: 'ENTERPRISE',
      orgName,
      creditCode: creditCode(),
      contactPhone: '0533-1',
      name: '冒名者',
      email: owner.email,
      password: 'another long passphrase',
    });
    expect(result).toEqual({ ok: true, userId: null });
    expect(await db.user.count()).toBe(usersBefore);
    expect(await db.organization.count({ where: { name: orgName } })).toBe(0);
    const mails = await mailsTo(owner.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('/password/forgot');

    const fresh = `new-${uid()}@example.com`;
    const created = await signUp(db, {
      kind: 'ENTERPRISE',
      orgName: `新企业${uid()}`,
      creditCode: creditCode(),
      contactPhone: '0533-1',
      name: '新人',
      email: fresh,
      password: 'another long passphrase',
    });
    expect(created.ok && created.userId).toBeTruthy();
    expect(await mailsTo(fresh)).toHaveLength(1);
  });
});

describe(`links in mail come from the trusted origin (${inject('databaseKind')})`, () => {
  const saved = process.env.APP_ORIGIN;
  afterEach(() => {
    if (saved === undefined) delete process.env.APP_ORIGIN;
    else process.env.APP_ORIGIN = saved;
  });

  async function forgot(host: string, email: string) {
    await forgotAction(
      args(
        new Request(`http://${host}/password/forgot`, {
          method: 'POST',
          body: new URLSearchParams({ email }),
        }),
      ),
    );
    return (await mailsTo(email)).at(-1)!.text;
  }

  it('ignores a foreign Host header: the reset link names the configured default', async () => {
    delete process.env.APP_ORIGIN;
    const user = await newUser();
    const text = await forgot('evil.example', user.email);
    expect(text).not.toContain('evil.example');
    expect(text).toContain('http://localhost:3000/password/reset/');
    process.env.APP_ORIGIN = 'https://jiebang.example.gov.cn';
    expect(await forgot('evil.example', user.email)).toContain(
      'https://jiebang.example.gov.cn/password/reset/',
    );
  });

  it('uses the request’s own origin outside production only for a loopback name', () => {
    delete process.env.APP_ORIGIN;
    expect(requestOrigin(new Request('http://127.0.0.1:3130/x'))).toBe('http://127.0.0.1:3130');
    expect(requestOrigin(new Request('http://localhost:3130/x'))).toBe('http://localhost:3130');
    expect(requestOrigin(new Request('http://evil.example/x'))).toBe('http://localhost:3000');
  });

  it('refuses to start in production without APP_ORIGIN, and says why', () => {
    const check = (extra: Record<string, string>) => {
      const env: Record<string, string> = { PATH: process.env.PATH!, ...extra };
      return spawnSync(
        process.execPath,
        ['node_modules/tsx/dist/cli.mjs', 'app/lib/env.server.ts'],
        { env: env as NodeJS.ProcessEnv, encoding: 'utf8' },
      );
    };
    const refused = check({ NODE_ENV: 'production' });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('APP_ORIGIN');
    expect(refused.stderr).toContain('required with NODE_ENV=production');
    const started = check({ NODE_ENV: 'production', APP_ORIGIN: 'https://jiebang.example.gov.cn' });
    expect(started.stderr).toBe('');
    expect(started.status).toBe(0);
  });
});
