// The app served by two worker processes on one port (WEB_CONCURRENCY=2, docs/decisions/042),
// on both engines: a write served by one worker shows on every worker's cached public pages
// within a second (on SQLite through the primary, on PostgreSQL through NOTIFY), the metrics a
// scrape reads are every worker's, approved instalments are paid once each while both workers'
// outbox jobs run, and SIGTERM stops them all. On SQLite, a transaction that reads before it
// writes is not broken by another process's write meanwhile (BEGIN IMMEDIATE).
import { spawn } from 'node:child_process';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readDataMessage } from '~/lib/shared-version.server';
import { db } from '~/lib/db.server';
// registers the Stripe rail in this process, which approves the instalments
import '~/services/payments/stripe-rail.server';
import {
  childEnv,
  childPids,
  createLauncher,
  startAppServer,
  TEST_BUILD_DIR,
  waitFor,
} from './app-server';
import { makeUser } from './factories';
import { expectPaidOnceEachByTheServers, needFields } from './servers-helpers';
import { sessionCookie } from './route-call';
import { pointStripeAt, standInSettings, startStandIn, type StandIn } from './stripe-standin';

const sqlite = inject('databaseKind') === 'sqlite';
const launcher = createLauncher();
let origin = '';
let primaryPid = 0;
let standIn: StandIn | undefined;
let restoreStripeSettings = () => {};

const workerPids = () => new Set(childPids(primaryPid));

const logs = () => launcher.logs.join('');
// the console line each worker prints (its JSON log says the same, but late: buffered)
const listeningLines = () => (logs().match(/^(\[server\] )?Jiebang listening on/gm) ?? []).length;
const until = (what: string, ok: () => boolean) => waitFor(what, ok, 30_000, logs);

beforeAll(async () => {
  standIn = await startStandIn();
  const stripeSettings = standInSettings(standIn);
  restoreStripeSettings = pointStripeAt(stripeSettings);
  // a minute of page cache, so that only the workers' shared version explains a fresh page;
  // the outbox jobs look often, so that both workers compete for every job
  const server = await startAppServer(launcher, {
    buildDir: TEST_BUILD_DIR,
    env: {
      DATABASE_URL: inject('databaseUrl'),
      WEB_CONCURRENCY: '2',
      PAGE_CACHE_TTL_MS: '60000',
      OUTBOX_POLL_MS: '50',
      ...stripeSettings,
    },
  });
  origin = server.origin;
  primaryPid = server.child.pid!;
  // the second worker's line too
  await until('the second worker', () => listeningLines() >= 2);
}, 300_000);

afterAll(async () => {
  launcher.killAll();
  restoreStripeSettings();
  await standIn?.close();
  await db.$disconnect();
});

/** A GET on a connection of its own: the primary hands each connection to a worker in turn. */
function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string; cache: string | null }>((resolve, reject) => {
    const url = new URL(origin + path);
    http
      .get(
        { host: url.hostname, port: url.port, path, headers, agent: false, timeout: 10_000 },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (body += d));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body,
              cache: (res.headers['x-page-cache'] as string | undefined) ?? null,
            }),
          );
        },
      )
      .on('timeout', () => reject(new Error(`GET ${path}: no answer in 10 s`)))
      .on('error', reject);
  });
}

// one kept-alive connection, so one worker: the others see the writes only through the primary
const writer = new http.Agent({ keepAlive: true, maxSockets: 1 });

function post(path: string, cookie: string, fields: Record<string, string>) {
  const body = new URLSearchParams(fields).toString();
  const url = new URL(origin + path);
  return new Promise<{ status: number; location: string; connection: string }>(
    (resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path,
          method: 'POST',
          agent: writer,
          timeout: 10_000,
          headers: {
            Cookie: cookie,
            Origin: origin,
            'Content-Type': 'application/x-www-form-urlencoded',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              location: String(res.headers.location ?? ''),
              connection: `${res.socket?.localPort}`,
            }),
          );
        },
      );
      req.on('error', reject).end(body);
    },
  );
}

const collected = async () => {
  const r = await get('/stats.json');
  return { n: (JSON.parse(r.body) as { needsCollected: number }).needsCollected, cache: r.cache };
};

describe('two worker processes on one port', () => {
  it('are both there, and a scrape reads every worker’s requests', async () => {
    expect(workerPids().size).toBe(2);
    const served = async () => {
      const r = await get('/metrics');
      expect(r.status).toBe(200);
      return [...r.body.matchAll(/^jiebang_http_request_duration_seconds_count\{[^}]*\} (\d+)$/gm)]
        .map((m) => Number(m[1]))
        .reduce((x, y) => x + y, 0);
    };
    const before = await served();
    for (let i = 0; i < 10; i++)
      expect((await get(`/challenges?page-probe=${i}`)).status).toBe(200);
    // ten pages and the first scrape, each counted once, whichever worker served it
    expect(await served()).toBe(before + 11);
  });

  it('a need submitted through one worker is counted on every worker’s cached statistics within a second', async () => {
    // both workers keep the page: four answers from the cache in a row
    let before = await collected();
    for (let hits = 0, i = 0; hits < 4 && i < 40; i++) {
      before = await collected();
      hits = before.cache === 'hit' ? hits + 1 : 0;
    }
    expect(before.cache).toBe('hit');

    const owner = await makeUser(db, { role: 'ENTERPRISE' });
    const cookie = await sessionCookie(db, owner);
    const created = await post(
      '/needs/new',
      cookie,
      needFields('多进程缓存一致性验证需求', '验证同一服务的两个进程之间的缓存失效。'),
    );
    expect(created.status).toBe(302);
    const id = /\/needs\/([^?]+)/.exec(created.location)![1]!;
    const submitted = await post(`/needs/${id}?index`, cookie, { intent: 'submit' });
    expect(submitted.status).toBe(302);
    // both on one connection
    expect(submitted.connection).toBe(created.connection);

    await new Promise((r) => setTimeout(r, 1_000));
    // every answer now, from either worker, counts it
    for (let i = 0; i < 6; i++) expect((await collected()).n).toBe(before.n + 1);
  });

  it('pays each approved instalment once while both workers run the outbox', async () => {
    await expectPaidOnceEachByTheServers(standIn!);
  }, 120_000);

  it('replaces a worker that dies, the other serving meanwhile', async () => {
    const before = workerPids();
    const listening = listeningLines();
    process.kill([...before][0]!, 'SIGKILL');
    await until('the primary to see the crash', () =>
      /worker \d stopped \(SIGKILL\); a new one in 1000 ms/.test(logs()),
    );
    for (let i = 0; i < 5; i++) expect((await get('/challenges')).status).toBe(200);
    // a new worker, serving
    await until('a new worker', () => listeningLines() === listening + 1);
    const after = workerPids();
    expect(after.size).toBe(2);
    expect([...after].filter((p) => !before.has(p))).toHaveLength(1);
    for (let i = 0; i < 4; i++) expect((await get('/challenges')).status).toBe(200);
  });

  it('stops every worker on SIGTERM, and the primary exits with 0', async () => {
    const pids = [...workerPids()];
    const server = launcher.children[0]!;
    const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });
});

describe('the primary’s messages', () => {
  it('are read strictly: another message is ignored, a garbled list counts as every table', () => {
    expect(readDataMessage({ type: 'jiebang:data', tables: ['Challenge'] })).toEqual(['Challenge']);
    expect(readDataMessage({ type: 'jiebang:data', tables: null })).toBeNull();
    expect(readDataMessage({ type: 'jiebang:data', tables: [1, {}] })).toBeNull();
    expect(readDataMessage({ type: 'prom-client:getMetricsReq' })).toBeUndefined();
    expect(readDataMessage('jiebang:data')).toBeUndefined();
    expect(readDataMessage(null)).toBeUndefined();
  });
});

describe.skipIf(!sqlite)('SQLite: a transaction beside another process', () => {
  it('reads, lets another process write meanwhile, then writes: both commit', async () => {
    const user = await makeUser(db, { role: 'TEAM' });
    const file = inject('databaseUrl').replace(/^file:/, '');
    const other = async () => {
      // another process's write of the same table, while this one's transaction is open
      const child = spawn(
        process.execPath,
        [
          '-e',
          `const D = require('better-sqlite3'); const d = new D(${JSON.stringify(file)}, { timeout: 10000 });
           d.prepare('UPDATE "User" SET "name" = ? WHERE "id" = ?').run('另一进程', ${JSON.stringify(user.id)});
           console.log('written');`,
        ],
        { env: childEnv({}), stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      await new Promise((r) => child.once('exit', r));
      return out.trim();
    };
    let otherDone: Promise<string> | null = null;
    await db.$transaction(async (tx) => {
      await tx.user.findUniqueOrThrow({ where: { id: user.id } });
      otherDone = other();
      // the other process is under way (with BEGIN IMMEDIATE it waits for this commit)
      await new Promise((r) => setTimeout(r, 500));
      await tx.user.update({ where: { id: user.id }, data: { name: '本事务' } });
    });
    expect(await otherDone).toBe('written');
    // the other process waited for this commit, so its write came last
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe('另一进程');
  }, 30_000);
});
