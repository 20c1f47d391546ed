// Part "floor": the framework's own cost for a document on this machine. A stock Remix 2 app
// (scripts/bench/floor: Remix's root and Express adapter, its default entry with the abort
// timer cleared, one route of 20 rows held in memory), built with the project's packages, is
// hammered in turn with the app's uncached `/challenges`, as the pages part measures (a). What the floor cannot do here,
// no page of a Remix app can (docs/decisions/020, session 19).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { childEnv, createLauncher, freePort } from '../../tests/app-server';
import { measure } from './pages';
import {
  dropDatabase,
  fmt,
  printTable,
  seededDatabase,
  startApp,
  START_FLAGS,
  stopChild,
  type Server,
} from './run';

const FLOOR_DIR = 'scripts/bench/floor';
const FLOOR_BUILD = path.resolve('build-floor');

function buildFloor() {
  const r = spawnSync(
    process.execPath,
    ['node_modules/@remix-run/dev/dist/cli.js', 'vite:build', FLOOR_DIR],
    { env: { ...process.env, NODE_ENV: 'production', FLOOR_BUILD_DIR: FLOOR_BUILD } },
  );
  if (r.status !== 0) throw new Error(`the floor app did not build:\n${r.stdout}\n${r.stderr}`);
}

async function startFloor(workers: number): Promise<Server> {
  const port = await freePort();
  const launcher = createLauncher();
  const { child } = await launcher.startChild(
    'floor',
    [...START_FLAGS, `${FLOOR_DIR}/server.mjs`, String(port), FLOOR_BUILD],
    childEnv({ NODE_ENV: 'production', WORKERS: String(workers) }),
    /floor listening/,
  );
  return { origin: `http://127.0.0.1:${port}`, child, stop: () => stopChild(child) };
}

export async function benchFloor({
  seconds,
  connections,
  rounds,
  workers = 1,
}: {
  seconds: number;
  connections: number;
  rounds: number;
  /** worker processes for both servers (`--workers`): the app's WEB_CONCURRENCY */
  workers?: number;
}) {
  buildFloor();
  const data = await seededDatabase('sqlite');
  const rows: (string | number)[][] = [];
  try {
    console.log(
      `\n== floor: a stock Remix 2 page of 20 rows against the app's uncached /challenges, ${connections} connections, ${seconds} s each, ${rounds} round(s) in turn${workers > 1 ? `, ${workers} worker processes each` : ''} ==`,
    );
    for (let round = 1; round <= rounds; round++) {
      for (const which of ['floor', 'app'] as const) {
        const server =
          which === 'floor'
            ? await startFloor(workers)
            : await startApp(data.database.url, {
                PAGE_CACHE_TTL_MS: '0',
                WEB_CONCURRENCY: String(workers),
              });
        try {
          const pathname = which === 'floor' ? '/' : '/challenges';
          const bytes = (await (await fetch(server.origin + pathname)).arrayBuffer()).byteLength;
          const page = { label: which, path: pathname, headers: {} };
          const f = (await measure(server, [page], seconds, connections))[0]!;
          rows.push([
            which === 'floor' ? 'stock Remix, 20 rows' : 'app /challenges (a)',
            round,
            fmt.rps(f.rps),
            fmt.ms(f.p50),
            fmt.ms(f.p99),
            f.errors,
            f.cpuMs !== undefined && Number.isFinite(f.cpuMs) ? f.cpuMs.toFixed(2) : '—',
            bytes,
          ]);
        } finally {
          await server.stop();
        }
      }
    }
    printTable(['server', 'round', 'req/s', 'p50', 'p99', 'err', 'CPU ms', 'bytes'], rows);
    console.log(
      `(p50/p99 in ms; CPU ms: the server’s CPU time per request, its workers’ included; the floor runs ${workers > 1 ? `${workers} worker processes` : 'one process'} with npm start’s node flags)`,
    );
  } finally {
    await dropDatabase(data);
  }
}
