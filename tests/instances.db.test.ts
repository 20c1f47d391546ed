// Two app instances on one PostgreSQL database (docs/decisions/025), as a province runs them
// behind a proxy: a write on one (a need submitted, a need published) shows on the other's
// cached public pages (statistics, catalogue) within a second
// (NOTIFY after commit moves the other's data version), a file uploaded on one downloads from
// the other (attachments in the database, docs/decisions/029), approved instalments on the
// Stripe rail are paid once each while both instances' outbox workers run, and a sign-in
// lockout earned on one holds on the other. SQLite serves one machine and one process: nothing
// to share there.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashPassword } from '~/lib/crypto/password.server';
import { db } from '~/lib/db.server';
// registers the Stripe rail in this process, as the server's entry does in each instance
import '~/services/payments/stripe-rail.server';
import { createLauncher, startAppServer, TEST_BUILD_DIR } from './app-server';
import { fundChallenge, makeUser } from './factories';
import { expectPaidOnceEachByTheServers, needFields } from './servers-helpers';
import { sessionCookie } from './route-call';
import { pointStripeAt, standInSettings, startStandIn, type StandIn } from './stripe-standin';

const postgres = inject('databaseKind') === 'postgresql';
const PASSWORD = 'Instances-Test-2026!';
const launcher = createLauncher();
let a = '';
let b = '';
let standIn: StandIn | undefined;
let restoreStripeSettings = () => {};

beforeAll(async () => {
  if (!postgres) return;
  // both instances and this process (which approves) on the same local Stripe stand-in
  standIn = await startStandIn();
  const stripeSettings = standInSettings(standIn);
  restoreStripeSettings = pointStripeAt(stripeSettings);
  // a minute of page cache, so that only the shared version can explain a fresh page; the
  // outbox workers look often, so that both compete for every job
  const env = {
    DATABASE_URL: inject('databaseUrl'),
    PAGE_CACHE_TTL_MS: '60000',
    OUTBOX_POLL_MS: '50',
    ...stripeSettings,
  };
  a = (await startAppServer(launcher, { buildDir: TEST_BUILD_DIR, env })).origin;
  b = (await startAppServer(launcher, { buildDir: TEST_BUILD_DIR, env })).origin;
}, 300_000);

afterAll(async () => {
  launcher.killAll();
  restoreStripeSettings();
  await standIn?.close();
  await db.$disconnect();
});

const collected = async (origin: string) => {
  const r = await fetch(`${origin}/stats.json`);
  const figures = (await r.json()) as { needsCollected: number };
  return { n: figures.needsCollected, cache: r.headers.get('X-Page-Cache') };
};

/**
 * Fetches until the instance answers from its cache (at most ten times). The users this test
 * writes move the data version too, and on a loaded machine their notice can reach B after the
 * first fetch has filled the cache, emptying it again.
 */
async function cachedOn<T extends { cache: string | null }>(fetchIt: () => Promise<T>) {
  let r = await fetchIt();
  for (let i = 0; i < 10 && r.cache !== 'hit'; i++) r = await fetchIt();
  return r;
}

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

/** A draft need made through `origin`'s form; its id. */
async function draftNeed(origin: string, cookie: string, title = '多实例缓存一致性验证需求') {
  const created = await post(
    origin,
    '/needs/new',
    cookie,
    needFields(title, '验证两个实例之间的缓存失效。'),
  );
  expect(created.status).toBe(302);
  return /\/needs\/([^?]+)/.exec(created.headers.get('Location')!)![1]!;
}

describe.skipIf(!postgres)('two instances on one PostgreSQL', () => {
  it('a need submitted on A is counted on B’s cached statistics within a second', async () => {
    const owner = await makeUser(db, { role: 'ENTERPRISE' });
    const cookie = await sessionCookie(db, owner);
    const before = await cachedOn(() => collected(b));
    expect(before.cache).toBe('hit');

    const id = await draftNeed(a, cookie);
    const submitted = await post(a, `/needs/${id}?index`, cookie, { intent: 'submit' });
    expect(submitted.status).toBeLessThan(400);
    expect((await db.challenge.findUniqueOrThrow({ where: { id } })).status).toBe('SUBMITTED');

    await new Promise((r) => setTimeout(r, 1_000));
    const after = await collected(b);
    expect(after.cache).toBe('miss');
    expect(after.n).toBe(before.n + 1);
  });

  it('a need published on A is in B’s cached anonymous catalogue within a second', async () => {
    const owner = await makeUser(db, { role: 'ENTERPRISE' });
    const cookie = await sessionCookie(db, owner);
    const term = `Xinst${randomBytes(4).toString('hex')}`;
    // the page repeats the query: the title is what only a result shows
    const title = `多实例目录验证 ${term}`;
    const id = await draftNeed(a, cookie, title);
    expect((await post(a, `/needs/${id}?index`, cookie, { intent: 'submit' })).status).toBe(302);
    await fundChallenge(db, id);
    const search = async () => {
      const r = await fetch(`${b}/challenges?q=${term}`);
      return { html: await r.text(), cache: r.headers.get('X-Page-Cache') };
    };
    const before = await cachedOn(search);
    expect(before.cache).toBe('hit');
    expect(before.html).not.toContain(title);

    const reviewer = await makeUser(db, { role: 'REVIEWER' });
    const staff = await sessionCookie(db, reviewer, { twoFactorVerified: true });
    const published = await post(a, `/review/needs/${id}`, staff, { intent: 'publish' });
    expect(published.status).toBe(302);
    expect((await db.challenge.findUniqueOrThrow({ where: { id } })).status).toBe('PUBLISHED');

    await new Promise((r) => setTimeout(r, 1_000));
    const after = await search();
    expect(after.cache).toBe('miss');
    expect(after.html).toContain(title);
  });

  it('a file uploaded on A downloads from B byte for byte', async () => {
    const owner = await makeUser(db, { role: 'ENTERPRISE' });
    const cookie = await sessionCookie(db, owner);
    const id = await draftNeed(a, cookie);
    // several chunks of the database store
    const pdf = Buffer.concat([
      Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% '),
      randomBytes(600 * 1024),
      Buffer.from('\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
    ]);
    const form = new FormData();
    form.set('file', new File([pdf], '两实例.pdf', { type: 'application/pdf' }));
    const uploaded = await fetch(`${a}/needs/${id}?index`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, Origin: a },
      body: form,
    });
    expect(uploaded.status).toBe(302);
    const row = await db.attachment.findFirstOrThrow({ where: { ownerId: id } });

    const downloaded = await fetch(`${b}/attachments/${row.id}`, { headers: { Cookie: cookie } });
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers.get('Content-Length')).toBe(String(pdf.length));
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('approved instalments on the Stripe rail are paid once each with both workers running', async () => {
    await expectPaidOnceEachByTheServers(standIn!);
  }, 120_000);

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
