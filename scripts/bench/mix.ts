// Part "mix": 50 signed-in team members on an application deadline day, each reading the
// catalogue, a challenge, their applications and notifications and saving their draft, back
// to back, on SQLite and on PostgreSQL (issue 13). A request counts as an error when it fails,
// times out, answers 4xx/5xx, or when a save does not answer with its redirect.
import type { Db } from '~/lib/db.server';
import { applicationForm, makeApplication, makeChallenge, makeUser } from '../../tests/factories';
import {
  dropDatabase,
  fmt,
  hammer,
  printTable,
  rssMiB,
  seededDatabase,
  sessionCookie,
  startApp,
  warm,
  type Engine,
  type Figures,
  type Server,
} from './run';

type User = { cookie: string; applicationId: string };

/** One in five requests saves the draft; the rest read what a team reads that day. */
const STEPS: { weight: number; path: (u: User, code: string) => string; write?: true }[] = [
  { weight: 20, path: () => '/challenges' },
  { weight: 15, path: (_u, code) => `/challenges/${code}` },
  { weight: 15, path: () => '/applications' },
  { weight: 15, path: (u) => `/applications/${u.applicationId}` },
  { weight: 10, path: () => '/notifications' },
  { weight: 5, path: () => '/stats' },
  { weight: 20, path: (u) => `/applications/${u.applicationId}/edit`, write: true },
];
const TOTAL_WEIGHT = STEPS.reduce((n, s) => n + s.weight, 0);

function pick() {
  let r = Math.random() * TOTAL_WEIGHT;
  for (const step of STEPS) {
    r -= step.weight;
    if (r < 0) return step;
  }
  return STEPS[0];
}

async function teamMembers(db: Db, challengeId: string, n: number) {
  const users: User[] = [];
  for (let i = 0; i < n; i++) {
    const user = await makeUser(db, { role: 'TEAM' });
    const application = await makeApplication(db, {
      challengeId,
      teamId: user.organizationId,
      status: 'DRAFT',
    });
    users.push({ cookie: await sessionCookie(db, user.id), applicationId: application.id });
  }
  return users;
}

/**
 * The mix on `engine` served by `instances` app servers on one database, the members split
 * between them as a proxy would spread connections (issue 15's two-instance figure).
 */
async function mixOn(
  engine: Engine,
  users: number,
  seconds: number,
  { instances = 1, workers = 1 } = {},
) {
  const data = await seededDatabase(engine);
  const servers: Server[] = [];
  try {
    for (let i = 0; i < instances; i++)
      servers.push(await startApp(data.database.url, { WEB_CONCURRENCY: String(workers) }));
    const challenge = await makeChallenge(data.db, { status: 'PUBLISHED', published: true });
    const code = challenge.code!;
    const members = await teamMembers(data.db, challenge.id, users);
    const body = new URLSearchParams(applicationForm()).toString();
    for (const server of servers)
      await warm(server.origin, ['/challenges', `/challenges/${code}`, '/stats'], {
        Cookie: members[0].cookie,
      });
    let next = 0;
    let writes = 0;
    // the wrong answers by request and status, to say what the errors were
    const wrong = new Map<string, number>();
    const load = (origin: string, connections: number) =>
      hammer(
        origin,
        {
          connections,
          duration: seconds,
          // one connection is one member, asking again as soon as answered
          initialContext: {},
          requests: [
            {
              setupRequest(req, context) {
                const ctx = context as { user?: User; write?: boolean };
                ctx.user ??= members[next++ % members.length];
                const step = pick();
                ctx.write = Boolean(step.write);
                const headers = { Cookie: ctx.user.cookie };
                return step.write
                  ? {
                      ...req,
                      method: 'POST',
                      path: step.path(ctx.user, code),
                      headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
                      body,
                    }
                  : { ...req, method: 'GET', path: step.path(ctx.user, code), headers };
              },
              onResponse(status, _body, context) {
                const ctx = context as { write?: boolean };
                if (ctx.write) writes += 1;
                // a save answers with the redirect to the application; a read with its page
                const ok = ctx.write ? status >= 300 && status < 400 : status === 200;
                if (!ok) {
                  const key = `${ctx.write ? 'save' : 'read'} ${status}`;
                  wrong.set(key, (wrong.get(key) ?? 0) + 1);
                }
              },
            },
          ],
        },
        // the saves' redirects are what they should be: answers are judged in onResponse
        { non2xxIsError: false },
      );
    const parts = await Promise.all(
      servers.map((server, i) =>
        load(server.origin, Math.floor(users / instances) + (i < users % instances ? 1 : 0)),
      ),
    );
    const figures = combined(parts);
    const byRoute = instances === 1 ? await serverTimes(servers[0]!.origin) : [];
    return {
      byRoute,
      ...figures,
      failed: figures.errors,
      wrong: [...wrong].map(([k, n]) => `${k} ×${n}`).join(', '),
      errors: figures.errors + [...wrong.values()].reduce((a, b) => a + b, 0),
      writes,
      rss: servers.reduce((n, server) => n + rssMiB(server.child.pid), 0),
    };
  } finally {
    for (const server of servers) await server.stop();
    await dropDatabase(data);
  }
}

type RouteTime = { route: string; requests: number; meanMs: number; p99Ms: number };

/**
 * Where the time went, by route and method, from the server's own request histogram
 * (`/metrics`, open to this machine): the share of requests, the mean, and the bucket holding
 * the 99th percentile (an upper bound). The load's own p99 mixes them all.
 */
async function serverTimes(origin: string): Promise<RouteTime[]> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  const series = new Map<string, { buckets: [number, number][]; sum: number; count: number }>();
  const line = /^jiebang_http_request_duration_seconds_(bucket|sum|count)\{([^}]*)\} (\S+)$/;
  for (const row of text.split('\n')) {
    const m = line.exec(row);
    if (!m) continue;
    const labels = Object.fromEntries(
      [...m[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1]!, l[2]!]),
    );
    if (labels.route === '/metrics') continue;
    const key = `${labels.method} ${labels.route}`;
    const s = series.get(key) ?? { buckets: [], sum: 0, count: 0 };
    series.set(key, s);
    const value = Number(m[3]);
    // buckets and counts add up across the status classes
    if (m[1] === 'bucket') {
      const le = labels.le === '+Inf' ? Infinity : Number(labels.le);
      const b = s.buckets.find(([bound]) => bound === le);
      if (b) b[1] += value;
      else s.buckets.push([le, value]);
    } else if (m[1] === 'sum') s.sum += value;
    else s.count += value;
  }
  return [...series]
    .filter(([, s]) => s.count > 0)
    .map(([route, s]) => {
      const sorted = s.buckets.sort((a, b) => a[0] - b[0]);
      const p99 = sorted.find(([, n]) => n >= 0.99 * s.count)?.[0] ?? Infinity;
      return { route, requests: s.count, meanMs: (1000 * s.sum) / s.count, p99Ms: 1000 * p99 };
    })
    .sort((a, b) => b.requests * b.meanMs - a.requests * a.meanMs);
}

/**
 * Simultaneous loads as one: requests per second add up; a percentile is the worse of the
 * parts' (autocannon gives percentiles, not its histogram), so it errs on the slow side.
 */
function combined(parts: Figures[]): Figures {
  if (parts.length === 1) return parts[0]!;
  return {
    rps: parts.reduce((n, p) => n + p.rps, 0),
    p50: Math.max(...parts.map((p) => p.p50)),
    p99: Math.max(...parts.map((p) => p.p99)),
    errors: parts.reduce((n, p) => n + p.errors, 0),
    failures: parts
      .map((p) => p.failures)
      .filter(Boolean)
      .join(', '),
  };
}

/**
 * `npm run bench -- --instances 2`: the mix on PostgreSQL served by one instance, then by
 * `instances` on the same database, with the same members split between them. On a machine
 * whose cores the load generator shares, the second figure shows what the shared database and
 * its data version (docs/decisions/025) cost more than what more machines would gain.
 */
export async function benchInstances({
  users,
  seconds,
  instances,
}: {
  users: number;
  seconds: number;
  instances: number;
}) {
  console.log(
    `\n== instances: the signed-in mix on PostgreSQL, ${users} members, ${seconds} s, one instance vs ${instances} ==`,
  );
  const rows: (string | number)[][] = [];
  for (const n of [1, instances]) {
    const r = await mixOn('postgresql', users, seconds, { instances: n });
    rows.push([
      String(n),
      fmt.rps(r.rps),
      fmt.ms(r.p50),
      fmt.ms(r.p99),
      String(r.errors),
      String(r.writes),
      `${r.rss.toFixed(0)} MiB`,
    ]);
  }
  printTable(['instances', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'saves', 'servers RSS'], rows);
  console.log(
    `(connections split evenly between the instances, one load generator; with several, p50 and p99 are the worse instance's)`,
  );
}

export async function benchMix({
  users,
  seconds,
  engines,
  workers = 1,
}: {
  users: number;
  seconds: number;
  engines: Engine[];
  /** the app's worker processes (WEB_CONCURRENCY) */
  workers?: number;
}) {
  const processes = workers > 1 ? `, ${workers} worker processes` : '';
  console.log(
    `\n== signed-in mix: ${users} team members, ${seconds} s, reads and saves${processes} ==`,
  );
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  const byEngine: [Engine, RouteTime[]][] = [];
  for (const engine of engines) {
    const r = await mixOn(engine, users, seconds, { workers });
    byEngine.push([engine, r.byRoute]);
    rows.push([
      engine,
      fmt.rps(r.rps),
      fmt.ms(r.p50),
      fmt.ms(r.p99),
      String(r.errors),
      String(r.writes),
      `${r.rss.toFixed(0)} MiB`,
    ]);
    if (r.errors > 0)
      notes.push(
        `${engine}: ${r.failed} failed or timed out${r.failures ? ` (${r.failures})` : ''}${r.wrong ? `; answered wrongly: ${r.wrong}` : ''}`,
      );
  }
  printTable(['engine', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'saves', 'server RSS'], rows);
  for (const note of notes) console.log(note);
  for (const [engine, times] of byEngine) {
    console.log(`\n${engine}, by route (the server's own times, from its /metrics):`);
    const total = times.reduce((n, t) => n + t.requests, 0);
    printTable(
      ['route', 'requests', 'mean ms', 'p99 ms ≤'],
      times.map((t) => [
        t.route,
        fmt.pct(t.requests / total),
        fmt.ms(t.meanMs),
        Number.isFinite(t.p99Ms) ? String(t.p99Ms) : '∞',
      ]),
    );
  }
}
