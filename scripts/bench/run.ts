// What the bench's parts share: databases made as the tests make them, the app and the limit
// servers as child processes, and the load itself (autocannon) with its figures.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { createDb, type Db } from '~/lib/db.server';
import { createSession } from '~/lib/session.server';
import { seed } from '~/services/programme/seed.server';
import {
  childEnv,
  childPids,
  createLauncher,
  freePort,
  startAppServer,
} from '../../tests/app-server';
import { createTestDatabase, type TestDatabase } from '../../tests/databases';

export const BUILD_DIR = process.env.JIEBANG_BUILD_DIR ?? 'build-bench';

export type Engine = 'sqlite' | 'postgresql';

export type Figures = {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** the failed requests by kind (a time-out, ECONNRESET, ...) */
  failures?: string;
  /** the requests answered */
  requests?: number;
  /** the server's CPU time per request answered, in ms (where the server's process is known) */
  cpuMs?: number;
};

/** A fresh database of this engine, migrated and seeded as `npm start` seeds it. */
export async function seededDatabase(engine: Engine) {
  const database = await createTestDatabase(engine);
  const db = createDb(database.url);
  await seed(db);
  return { database, db };
}

export async function dropDatabase({ database, db }: { database: TestDatabase; db: Db }) {
  await db.$disconnect();
  await database.drop();
}

/** A session cookie for the user, made directly in the database (as signing in would). */
export async function sessionCookie(db: Db, userId: string) {
  const { token } = await createSession(db, userId);
  return `jiebang_session=${token}`;
}

/**
 * A session cookie of the member of the team with the most applications: the signed-in pages'
 * heaviest ordinary reader.
 */
export async function busiestTeamMemberCookie(db: Db) {
  const members = await db.user.findMany({
    where: { role: 'TEAM' },
    select: {
      id: true,
      organization: { select: { _count: { select: { applications: true } } } },
    },
  });
  members.sort((x, y) => y.organization._count.applications - x.organization._count.applications);
  return sessionCookie(db, members[0]!.id);
}

export type Server = { origin: string; child: ChildProcess; stop(): Promise<void> };

/** Stops a server started here: SIGTERM, then SIGKILL if it has not exited within 10 s. */
export async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  // SIGTERM: the server closes and exits, writing its CPU profile when asked for one
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * The flags `npm start` gives node (package.json's "start"; docs/decisions/043), so that the
 * bench measures the server as it is run.
 */
export const START_FLAGS: string[] = (
  JSON.parse(readFileSync('package.json', 'utf8')).scripts.start as string
)
  .split(/\s+/)
  .filter((arg) => arg.startsWith('--'));

/** The production server (server.mjs on the build in BUILD_DIR) on `url`, as npm start runs it. */
export async function startApp(
  url: string,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<Server> {
  const launcher = createLauncher();
  const { child, origin } = await startAppServer(launcher, {
    buildDir: BUILD_DIR,
    env: { DATABASE_URL: url, ...env },
    nodeArgs: [...START_FLAGS, ...nodeArgs],
  });
  return { origin, child, stop: () => stopChild(child) };
}

/**
 * scripts/bench/limit-server.mjs in `mode` ('bare' or 'static'), reading `source`, in `workers`
 * processes sharing the port as the app's do (WEB_CONCURRENCY, docs/decisions/042).
 */
export async function startLimit(
  mode: 'bare' | 'static',
  source: string,
  workers = 1,
): Promise<Server> {
  const port = await freePort();
  const launcher = createLauncher();
  const { child } = await launcher.startChild(
    mode,
    ['scripts/bench/limit-server.mjs', mode, String(port), source],
    childEnv({ WORKERS: String(workers) }),
    /limit listening/,
  );
  return { origin: `http://127.0.0.1:${port}`, child, stop: () => stopChild(child) };
}

/**
 * The CPU time a process has used so far, user and system, in ms (from /proc: clock ticks of
 * 10 ms). Unlike req/s, it hardly moves with what else the machine runs meanwhile.
 */
export function cpuTimeMs(pid: number | undefined): number {
  try {
    // the fields after the command's closing parenthesis: utime and stime are the 12th and 13th
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const own = (Number(fields[11]) + Number(fields[12])) * 10;
    return own + sumOfChildren(pid, cpuTimeMs);
  } catch {
    return Number.NaN;
  }
}

/** A figure of the processes `pid` started (the workers under a primary). */
function sumOfChildren(pid: number | undefined, figure: (child: number) => number) {
  return childPids(pid!).reduce((n, id) => n + figure(id), 0);
}

/** The server's resident memory now (its workers' too), in MiB. */
export function rssMiB(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024 + sumOfChildren(pid, rssMiB);
  } catch {
    return 0;
  }
}

type Options = Omit<autocannon.Options, 'url'>;

/**
 * `connections` clients asking for `url` back to back for `seconds`. Errors are failures,
 * time-outs (10 s) and, unless the caller judges the answers itself, answers other than 2xx.
 */
export async function hammer(
  url: string,
  opts: Options,
  { non2xxIsError = true } = {},
): Promise<Figures> {
  // what went wrong, by kind, for the figures' notes
  const failures = new Map<string, number>();
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon({ url, ...opts }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
    run.on('reqError', (error: Error & { code?: string }) => {
      const kind = error.code ?? error.message;
      failures.set(kind, (failures.get(kind) ?? 0) + 1);
    });
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    // (autocannon's errors include its time-outs)
    errors: r.errors + (non2xxIsError ? r.non2xx : 0),
    failures: [...failures].map(([k, n]) => `${k} ×${n}`).join(', '),
    requests: r.requests.total,
  };
}

/** The median time of `n` requests made one after another, after two to warm up, in ms. */
export async function medianMs(url: string, headers: Record<string, string> = {}, n = 7) {
  const times: number[] = [];
  for (let i = 0; i < n + 2; i++) {
    const t = performance.now();
    const r = await fetch(url, { headers, redirect: 'manual' });
    await r.arrayBuffer();
    if (r.status >= 400) throw new Error(`${url}: ${r.status}`);
    if (i >= 2) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Asks for each URL a few times, so that what is measured is not the first render. */
export async function warm(origin: string, paths: string[], headers: Record<string, string> = {}) {
  for (let i = 0; i < 5; i++)
    for (const p of paths) await (await fetch(origin + p, { headers })).arrayBuffer();
}

/** A table in columns, right-aligned but for the first. */
export function printTable(header: string[], rows: (string | number)[][]) {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  for (const [k, row] of cells.entries()) {
    console.log(
      row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '),
    );
    if (k === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

export const fmt = {
  rps: (n: number) => n.toFixed(0),
  ms: (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1)),
  pct: (n: number) => `${(n * 100).toFixed(1)} %`,
  x: (n: number) => `${n.toFixed(2)}×`,
};
