// Running the server (docs/decisions/021), over HTTP against the real server.mjs: liveness and
// readiness for the proxy, a request id and one JSON log line per request (no secret in it),
// Prometheus metrics only for their scraper, with figures read from the records, and SIGTERM:
// the listener closes, the request under way is answered, the log is flushed, exit 0.
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { readiness, shippedMigrations } from '~/services/operations/readiness.server';
import { queueFigures } from '~/services/operations/metrics.server';
import { createLauncher, startAppServer, TEST_BUILD_DIR } from './app-server';
import { makeChallenge, makeContractParties, makePayableContract } from './factories';

const TOKEN = `metrics-${Math.random().toString(36).slice(2)}`;
const launcher = createLauncher();
let server: { child: ChildProcess; port: number; origin: string };
let challengeCode = '';

beforeAll(async () => {
  // written before the server starts: its first background runs write to the same SQLite file,
  // and on a loaded CI machine this write once waited out the busy timeout behind them
  challengeCode = (await makeChallenge(db, { status: 'PUBLISHED', published: true })).code!;
  server = await startAppServer(launcher, {
    buildDir: TEST_BUILD_DIR,
    env: { DATABASE_URL: inject('databaseUrl'), METRICS_TOKEN: TOKEN, LOG_LEVEL: 'info' },
  });
}, 300_000);

afterAll(async () => {
  launcher.killAll();
  await db.$disconnect();
});

type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string };

function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(server.origin + path, { headers, agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      })
      .on('error', reject);
  });
}

const metric = (text: string, name: string, labels = '') =>
  Number(
    new RegExp(`^${name}${labels.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN,
  );

describe(`health and readiness (${inject('databaseKind')})`, () => {
  it('/healthz answers that the process is up, and is never cached', async () => {
    const r = await get('/healthz');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ status: 'ok' });
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('/readyz answers ready with the database up and every shipped migration applied', async () => {
    const r = await get('/readyz');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject({
      ready: true,
      database: 'ok',
      pendingMigrations: [],
    });
  });

  it('a release whose migration is not applied yet is not ready, and says which', async () => {
    const shipped = [...shippedMigrations(inject('databaseUrl')), '29991231000000_next_release'];
    expect(await readiness(db, shipped)).toEqual({
      ready: false,
      database: 'ok',
      pendingMigrations: ['29991231000000_next_release'],
    });
  });
});

describe(`request ids (${inject('databaseKind')})`, () => {
  it('every answer carries its own id; one a client sends is not taken without a trusted proxy', async () => {
    const a = await get('/stats.json');
    const b = await get('/stats.json', { 'X-Request-Id': 'forged-by-client' });
    expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });
});

describe(`metrics (${inject('databaseKind')})`, () => {
  it('are refused without the token, with a wrong one, or under another scheme', async () => {
    expect((await get('/metrics')).status).toBe(404);
    expect((await get('/metrics', { Authorization: 'Bearer wrong' })).status).toBe(404);
    expect(
      (await get('/metrics', { Authorization: `Token ${TOKEN}`, 'X-Forwarded-For': '1.2.3.4' }))
        .status,
    ).toBe(404);
  });

  it('count requests by route pattern and page-cache outcome, and read the queue from the records', async () => {
    await get(`/challenges/${challengeCode}`);
    await get(`/challenges/${challengeCode}`);
    const parties = await makeContractParties(db);
    const before = await get('/metrics', { Authorization: `Bearer ${TOKEN}` });
    expect(before.status).toBe(200);
    expect(before.headers['content-type']).toMatch(/^text\/plain/);
    expect(
      metric(
        before.text,
        'jiebang_http_request_duration_seconds_count',
        '{route="/challenges/:code",method="GET",status="2xx"}',
      ),
    ).toBeGreaterThanOrEqual(2);
    // no path of a record becomes a label
    expect(before.text).not.toContain(challengeCode);
    expect(
      metric(before.text, 'jiebang_page_cache_requests_total', '{outcome="hit"}'),
    ).toBeGreaterThanOrEqual(1);
    const breaches = metric(before.text, 'jiebang_payout_clock_breaches');
    expect(breaches).toBe((await queueFigures(db)).payoutBreaches);

    // an instalment confirmed 40 days ago and still unpaid is one breach more
    const contract = await makePayableContract(db, {
      rewardFen: 1_000_000,
      milestones: [{ amountFen: 1_000_000 }],
      parties,
    });
    await db.milestone.update({
      where: { id: contract.milestones[0]!.id },
      data: { confirmedAt: new Date(Date.now() - 40 * 86_400_000) },
    });
    await db.outboxJob.create({
      data: {
        kind: 'test.metrics',
        payload: '{}',
        idempotencyKey: `metrics-${contract.id}`,
        runAfter: new Date(Date.now() - 90_000),
      },
    });
    const after = await get('/metrics', { Authorization: `Bearer ${TOKEN}` });
    expect(metric(after.text, 'jiebang_payout_clock_breaches')).toBe(breaches + 1);
    expect(metric(after.text, 'jiebang_outbox_oldest_due_seconds')).toBeGreaterThanOrEqual(90);
    expect(metric(after.text, 'jiebang_outbox_jobs', '{status="PENDING"}')).toBeGreaterThanOrEqual(
      1,
    );
    await db.outboxJob.deleteMany({ where: { idempotencyKey: `metrics-${contract.id}` } });
  });
});

/** A POST whose body is sent in two parts, the second when `release` is called. */
function slowPost(path: string) {
  const socket = net.connect(server.port, '127.0.0.1');
  const body = 'email=a%40b.example&password=x';
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => (received += d));
  const ended = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  socket.on('error', () => undefined);
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: ${server.origin}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n${body.slice(0, 5)}`,
  );
  return { release: () => socket.write(body.slice(5)), ended };
}

describe(`SIGTERM (${inject('databaseKind')})`, () => {
  it('stops taking requests, answers the one under way, flushes the log and exits 0', async () => {
    const token = 'kq3Z8c1vVxw0rT5yHn2bLm9pQa7sDf4g';
    await get(`/password/reset/${token}?secret=1`);
    const inFlight = slowPost('/login');
    // the request has reached the server before the signal
    await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    // the listener closes: a new connection is refused
    await expect
      .poll(
        () =>
          get('/healthz').then(
            () => 'open',
            (e: NodeJS.ErrnoException) => e.code,
          ),
        {
          timeout: 20_000,
        },
      )
      .toBe('ECONNREFUSED');
    inFlight.release();
    const answer = await inFlight.ended;
    expect(answer).toMatch(/^HTTP\/1\.1 (200|303|400|403|429) /);
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
    expect(await exited).toBe(0);

    const out = launcher.logs
      .filter((l) => l.startsWith('[server] '))
      .map((l) => l.slice(9))
      .join('');
    const lines = out.split('\n').filter((l) => l.startsWith('{'));
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = entries.filter((e) => e.msg === 'request');
    // one line per request, each with its id; none holds the token or a query
    expect(requests.length).toBeGreaterThanOrEqual(8);
    for (const e of requests) expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out).not.toContain(token);
    expect(out).not.toContain('secret=1');
    expect(requests.some((e) => e.path === '/password/reset/:token')).toBe(true);
    // the request answered during the shutdown was logged, and the log ends with the stop
    expect(requests.some((e) => e.path === '/login' && e.method === 'POST')).toBe(true);
    expect(entries.at(-1)?.msg).toBe('stopped');
  });
});
