// Two app instances on one PostgreSQL database (docs/decisions/025), as a province runs them
// behind a proxy: a write on one shows on the other's cached public pages within a second
// (NOTIFY after commit moves the other's data version), and a sign-in lockout earned on one
// holds on the other. SQLite serves one machine and one process: nothing to share there.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashPassword } from '~/lib/crypto/password.server';
import { db } from '~/lib/db.server';
import { createLauncher, startAppServer, TEST_BUILD_DIR } from './app-server';
import { inDays, makeUser } from './factories';
import { sessionCookie } from './route-call';

const postgres = inject('databaseKind') === 'postgresql';
const PASSWORD = 'Instances-Test-2026!';
const launcher = createLauncher();
let a = '';
let b = '';

beforeAll(async () => {
  if (!postgres) return;
  // a minute of page cache, so that only the shared version can explain a fresh page
  const env = { DATABASE_URL: inject('databaseUrl'), PAGE_CACHE_TTL_MS: '60000' };
  a = (await startAppServer(launcher, { buildDir: TEST_BUILD_DIR, env })).origin;
  b = (await startAppServer(launcher, { buildDir: TEST_BUILD_DIR, env })).origin;
}, 300_000);

afterAll(async () => {
  launcher.killAll();
  await db.$disconnect();
});

const collected = async (origin: string) => {
  const r = await fetch(`${origin}/stats.json`);
  const figures = (await r.json()) as { needsCollected: number };
  return { n: figures.needsCollected, cache: r.headers.get('X-Page-Cache') };
};

function post(origin: string, path: string, cookie: string, fields: Record<string, string>) {
  return fetch(origin + path, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      Cookie: cookie,
      Origin: origin,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(fields),
  });
}

describe.skipIf(!postgres)('two instances on one PostgreSQL', () => {
  it('a need submitted on A is counted on B’s cached statistics within a second', async () => {
    const owner = await makeUser(db, { role: 'ENTERPRISE' });
    const cookie = await sessionCookie(db, owner);
    await collected(b);
    const before = await collected(b);
    expect(before.cache).toBe('hit');

    const created = await post(a, '/needs/new', cookie, {
      title: '多实例缓存一致性验证需求',
      field: '高端装备',
      background: '验证两个实例之间的缓存失效。',
      'targets[0]': '失效时间≤1秒',
      bountyType: 'FIXED',
      bountyWan: '100',
      applicationDeadline: inDays(30),
      implementationMonths: '12',
      contactName: '王工',
      contactPhone: '0533-2345678',
    });
    expect(created.status).toBe(302);
    const id = /\/needs\/([^?]+)/.exec(created.headers.get('Location')!)![1]!;
    const submitted = await post(a, `/needs/${id}?index`, cookie, { intent: 'submit' });
    expect(submitted.status).toBeLessThan(400);
    expect((await db.challenge.findUniqueOrThrow({ where: { id } })).status).toBe('SUBMITTED');

    await new Promise((r) => setTimeout(r, 1_000));
    const after = await collected(b);
    expect(after.cache).toBe('miss');
    expect(after.n).toBe(before.n + 1);
  });

  it('a lockout earned on A holds on B: the right password is refused there too', async () => {
    const passwordHash = await hashPassword(PASSWORD);
    const withPassword = async () => {
      const u = await makeUser(db, { role: 'TEAM' });
      await db.user.update({ where: { id: u.id }, data: { passwordHash } });
      return u;
    };
    const user = await withPassword();
    const login = (origin: string, email: string, password: string) =>
      post(origin, '/login', '', { email, password });
    for (let i = 0; i < 6; i++) await login(a, user.email, `wrong-${i}`);
    const right = await login(b, user.email, PASSWORD);
    expect(right.headers.get('Set-Cookie') ?? '').not.toMatch(/jiebang_session=[^;]+/);
    // the password is right: another user, never locked, signs in with it on B
    const other = await withPassword();
    const ok = await login(b, other.email, PASSWORD);
    expect(ok.headers.get('Set-Cookie') ?? '').toMatch(/jiebang_session=[^;]+/);
  });
});
