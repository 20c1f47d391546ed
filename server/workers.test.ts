// The primary of WEB_CONCURRENCY (server/workers.mjs) with real processes: a small worker
// script stands in for the app server, so that what the primary does is seen on its own.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { childPids, freePort, waitFor } from '../tests/app-server';
import { MAX_WORKERS, shutdownTimeoutMs, workerCount } from './workers.mjs';

describe('workerCount', () => {
  it('reads WEB_CONCURRENCY', () => {
    expect(workerCount(undefined)).toBe(1);
    expect(workerCount('')).toBe(1);
    expect(workerCount(' 3 ')).toBe(3);
    expect(workerCount('1')).toBe(1);
    expect(workerCount(String(MAX_WORKERS))).toBe(MAX_WORKERS);
    expect(workerCount('auto', 6)).toBe(6);
    expect(workerCount('auto', 200)).toBe(MAX_WORKERS);
  });

  it('refuses anything else, saying what it takes', () => {
    for (const bad of ['0', '65', '-1', '2.5', 'two', '1e1', '0x2', '9999', 'auto,2'])
      expect(() => workerCount(bad)).toThrow(/WEB_CONCURRENCY must be a whole number from 1 to 64/);
  });
});

const workersModule = new URL('./workers.mjs', import.meta.url).pathname;
// the scripts live in a temporary folder, outside the project's node_modules
const promClient = createRequire(import.meta.url).resolve('prom-client');
const dir = mkdtempSync(path.join(os.tmpdir(), 'jiebang-workers-'));
// a worker: answers its pid and what it heard from the others, counts its requests in
// prom-client, tells the others of a "write", and dies or fails at start when told to
const workerScript = path.join(dir, 'worker.mjs');
writeFileSync(
  workerScript,
  `
import http from 'node:http';
import client from ${JSON.stringify(promClient)};
import { clusterMetrics, shareMetrics } from ${JSON.stringify(workersModule)};
if (process.env.FAIL_AT_START) process.exit(3);
const registry = new client.Registry();
const served = new client.Counter({ name: 'served_total', help: 'requests', registers: [registry] });
shareMetrics([registry]);
const heard = [];
process.on('message', (m) => { if (m?.type === 'jiebang:data') heard.push(m.tables); });
http.createServer(async (req, res) => {
  served.inc();
  if (req.url === '/write') process.send({ type: 'jiebang:data', tables: ['Challenge'] });
  if (req.url === '/crash') setImmediate(() => process.exit(9));
  const metrics = req.url === '/metrics' ? await clusterMetrics() : null;
  res.end(JSON.stringify({ pid: process.pid, heard, metrics }));
}).listen(Number(process.env.PORT));
process.on('SIGTERM', () => process.exit(0));
`,
);
const primaryScript = path.join(dir, 'primary.mjs');
writeFileSync(
  primaryScript,
  `
import { superviseWorkers } from ${JSON.stringify(workersModule)};
superviseWorkers({ count: Number(process.env.COUNT), exec: ${JSON.stringify(workerScript)} });
`,
);

let primary: ChildProcess | null = null;
let log = '';
const exitOf = (child: ChildProcess) =>
  child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
afterEach(() => {
  primary?.kill('SIGKILL');
  primary = null;
});

async function startPrimary(count: number, env: Record<string, string> = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [primaryScript], {
    env: { ...process.env, COUNT: String(count), PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  primary = child;
  log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const exited = exitOf(child);
  // a connection of its own each time (fetch would keep one alive, and so one worker)
  const get = (p: string) =>
    new Promise<{ pid: number; heard: string[][]; metrics: string | null }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: p, agent: false }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve(JSON.parse(body)));
        })
        .on('error', reject);
    });
  const p = { child, get, exited, log: () => log };
  // every worker listening, or the primary gone
  const ready = async () => {
    await waitFor('the workers', () => childPids(child.pid!).length === count, 10_000, p.log);
    await waitFor('an answer', () => get('/').catch(() => false), 10_000, p.log);
  };
  await Promise.race([
    ready(),
    exited.then((code) => Promise.reject(new Error(`the primary exited with ${code}`))),
  ]);
  return p;
}

describe('superviseWorkers', { timeout: 30_000 }, () => {
  it('serves from every worker and passes a write on to the others only', async () => {
    const p = await startPrimary(3);
    const pids = new Set<number>();
    await waitFor('every worker', async () => pids.add((await p.get('/')).pid).size === 3, 10_000);
    const writer = await p.get('/write');
    // every other worker hears of it once; the writer does not
    const heardBy = new Map<number, string[][]>();
    await waitFor(
      'every other worker to hear',
      async () => {
        const r = await p.get('/');
        heardBy.set(r.pid, r.heard);
        return (
          heardBy.size === 3 &&
          [...heardBy].every(([pid, h]) => pid === writer.pid || h.length === 1)
        );
      },
      10_000,
    );
    expect(heardBy.get(writer.pid)).toEqual([]);
    for (const [pid, heard] of heardBy)
      if (pid !== writer.pid) expect(heard).toEqual([['Challenge']]);
  });

  it('sums every worker’s metrics for the one that is scraped', async () => {
    const p = await startPrimary(2);
    const served = async () => {
      const { metrics } = await p.get('/metrics');
      return Number(/^served_total (\d+)$/m.exec(metrics ?? '')?.[1]);
    };
    const before = await served();
    for (let i = 0; i < 9; i++) await p.get('/');
    // nine requests and the first scrape, whichever worker answered which
    expect(await served()).toBe(before + 10);
  });

  it('replaces a worker that dies, and keeps serving meanwhile', async () => {
    const p = await startPrimary(2);
    const before = childPids(p.child.pid!);
    const crashed = await p.get('/crash');
    // once the primary knows (a connection handed to a worker as it dies is lost with it, as
    // in one process), the survivor answers everything
    await waitFor(
      'the primary to see the crash',
      () => /worker \d stopped \(code 9\); a new one in 1000 ms/.test(p.log()),
      10_000,
      p.log,
    );
    for (let i = 0; i < 4; i++) expect((await p.get('/')).pid).not.toBe(crashed.pid);
    const after = await waitFor(
      'a new worker',
      () => {
        const pids = childPids(p.child.pid!);
        return pids.length === 2 && pids.some((pid) => !before.includes(pid)) && pids;
      },
      10_000,
      p.log,
    );
    expect(after).toHaveLength(2);
  });

  it('stops every worker on SIGTERM and exits with 0', async () => {
    const p = await startPrimary(2);
    const pids = childPids(p.child.pid!);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });

  it('gives up, exiting with 1, when a worker fails before it ever served', async () => {
    const p = await startPrimary(2, { FAIL_AT_START: '1' }).catch(() => null);
    expect(p).toBeNull();
    expect(await exitOf(primary!)).toBe(1);
    expect(log).toMatch(/worker \d stopped before it served \(code 3\); stopping/);
  });
});

describe('shutdownTimeoutMs', () => {
  it('reads SHUTDOWN_TIMEOUT_MS, refusing what is not a number of milliseconds', () => {
    expect(shutdownTimeoutMs(undefined)).toBe(25_000);
    expect(shutdownTimeoutMs('')).toBe(25_000);
    expect(shutdownTimeoutMs('0')).toBe(0);
    expect(shutdownTimeoutMs('5000')).toBe(5_000);
    for (const bad of ['soon', '-1', '1.5', '3600001', '1e4'])
      expect(() => shutdownTimeoutMs(bad)).toThrow(/SHUTDOWN_TIMEOUT_MS must be a whole number/);
  });
});
