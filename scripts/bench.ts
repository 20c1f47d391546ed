// npm run bench — throughput and memory of the public pages, on a fresh seeded SQLite
// database served by the production build (`npm start`'s path). Prints figures; asserts nothing.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const port = Number(process.env.BENCH_PORT ?? 3200);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const base = `http://localhost:${port}`;

// Two passes: as served (anonymous public pages from the short-lived page cache,
// docs/decisions/013), and with that cache off, i.e. what every page costs to render.
const passes: { label: string; env: Record<string, string> }[] = [
  { label: 'page cache on (as served)', env: {} },
  { label: 'page cache off (every request rendered)', env: { PAGE_CACHE_TTL_MS: '0' } },
];

function startServer(env: Record<string, string>) {
  return spawn(process.execPath, ['scripts/e2e-server.mjs'], {
    env: {
      ...process.env,
      ...env,
      E2E_PORT: String(port),
      DATABASE_URL: `file:${path.join(os.tmpdir(), 'jiebang-bench.db')}`,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function waitForServer() {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/stats.json`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not start');
}

function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

async function stop(server: ReturnType<typeof startServer>) {
  if (server.exitCode !== null) return;
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  await exited;
}

console.log(
  `bench: ${seconds} s per page, ${connections} connections, Node ${process.version}, ${os.cpus().length} cores`,
);
for (const pass of passes) {
  const server = startServer(pass.env);
  try {
    await waitForServer();
    const idleRss = rssOf(server.pid!);
    const firstPage = await (await fetch(`${base}/challenges`)).text();
    const code = /\/challenges\/(ZB-\d{4}-\d{3})/.exec(firstPage)?.[1];
    const deep = /href="\/challenges\?after=([^"&]+)/.exec(firstPage)?.[1];
    const targets = [
      '/stats.json',
      '/stats',
      '/challenges',
      `/challenges?after=${deep}`,
      `/challenges/${code}`,
      '/contracts',
    ];
    console.log(`\n${pass.label}`);
    console.log(
      'page'.padEnd(44),
      'req/s'.padStart(8),
      'p50 ms'.padStart(8),
      'p99 ms'.padStart(8),
      'errors'.padStart(7),
    );
    for (const target of targets) {
      const r = await autocannon({ url: base + target, connections, duration: seconds });
      console.log(
        target.slice(0, 44).padEnd(44),
        r.requests.average.toFixed(0).padStart(8),
        String(r.latency.p50).padStart(8),
        String(r.latency.p99).padStart(8),
        String(r.errors + r.non2xx).padStart(7),
      );
    }
    console.log(
      `server RSS: ${idleRss.toFixed(0)} MiB after start, ${rssOf(server.pid!).toFixed(0)} MiB after the run`,
    );
  } finally {
    await stop(server);
  }
}
