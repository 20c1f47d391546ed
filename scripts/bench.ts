// npm run bench — the figures of issue 13 in one run (docs/decisions/020-performance.md):
//   pages  four pages served four ways at 64 connections (app uncached, app cached, a bare
//          node:http handler, static bytes) with the ratios;
//   mix    50 signed-in team members reading and saving, on SQLite and on PostgreSQL;
//   scale  the catalogue and its search with 100 and with 100,000 published challenges;
//   floor  a stock Remix 2 page of 20 rows in turn with the app's uncached /challenges: what the
//          framework alone costs a document here (scripts/bench/floor);
//   profile (only when asked for) where the CPU goes under load, from `node --cpu-prof`;
//   instances (only with --instances N) the mix on PostgreSQL by one app instance, then by N
//          on the same database (issue 15).
// Prints figures; asserts nothing. Options:
//   --only=pages|mix|scale|floor|profile (comma-separated)   --quick (shorter runs)
//   --scale N (the large catalogue, default 100000)   --engines=sqlite,postgresql
//   --instances N (2 to 8: adds the part "instances"; `--instances 2 --only=instances` alone)
//   --profile-page PATH (the page the profile hammers, default /challenges)
//   --profile-signed-in (the profile's requests as a team member, e.g. for /applications)
//   --workers N (1 to 8: pages, floor and mix with N worker processes, WEB_CONCURRENCY; the
//          bare handler, the static bytes and the stock Remix floor in as many)
// PostgreSQL is TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test); each part
// makes a database of its own there and drops it. Without a server answering, its runs are
// skipped with a line that says so. The production build goes to build-bench
// (JIEBANG_BUILD_DIR), made when missing or older than the sources.
import os from 'node:os';
import pg from 'pg';
import { testPostgresUrl } from '../tests/databases';
import { benchFloor } from './bench/floor';
import { benchInstances, benchMix } from './bench/mix';
import { benchPages } from './bench/pages';
import { benchProfile } from './bench/profile';
import { BUILD_DIR, type Engine, START_FLAGS } from './bench/run';
import { benchScale } from './bench/scale';

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  if (eq) return eq.slice(name.length + 3);
  const i = args.indexOf(`--${name}`);
  if (i >= 0 && args[i + 1] && !args[i + 1].startsWith('--')) return args[i + 1];
  return args.includes(`--${name}`) ? '' : undefined;
}

const quick = option('quick') !== undefined;
const parts = new Set((option('only') ?? 'pages,floor,mix,scale').split(',').filter(Boolean));
const large = Number(option('scale') ?? 100_000);
const wanted = (option('engines') ?? 'sqlite,postgresql').split(',') as Engine[];
const instances = option('instances') === undefined ? 0 : Number(option('instances'));
if (instances) parts.add('instances');
if (parts.has('instances') && !(Number.isInteger(instances) && instances >= 2 && instances <= 8))
  throw new Error('--instances: a number from 2 to 8');
for (const p of parts)
  if (!['pages', 'floor', 'mix', 'scale', 'profile', 'instances'].includes(p))
    throw new Error(`--only: unknown part ${p}`);
if (!Number.isSafeInteger(large) || large < 100) throw new Error('--scale: at least 100');
const workers = Number(option('workers') ?? 1);
if (!(Number.isInteger(workers) && workers >= 1 && workers <= 8))
  throw new Error('--workers: a number from 1 to 8');

async function postgresAnswers() {
  const c = new pg.Client({ connectionString: testPostgresUrl(), connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return true;
  } catch (error) {
    console.warn(
      `SKIPPED: PostgreSQL runs, no server answers at ${testPostgresUrl().replace(/\/\/[^@]*@/, '//…@')} (${error instanceof Error ? error.message : error})`,
    );
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

const engines: Engine[] = [];
if (wanted.includes('sqlite')) engines.push('sqlite');
if (
  wanted.includes('postgresql') &&
  (parts.has('mix') || parts.has('scale') || parts.has('instances')) &&
  (await postgresAnswers())
)
  engines.push('postgresql');

const load = os.loadavg().map((n) => n.toFixed(2));
console.log(
  `bench: Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load ${load.join(' ')}, build ${BUILD_DIR}${quick ? ', quick' : ''}, server flags ${START_FLAGS.join(' ') || 'none'}`,
);
if (parts.has('pages')) await benchPages({ seconds: quick ? 3 : 8, connections: 64, workers });
if (parts.has('floor'))
  await benchFloor({ seconds: quick ? 3 : 8, connections: 64, rounds: quick ? 1 : 2, workers });
if (parts.has('mix')) await benchMix({ users: 50, seconds: quick ? 10 : 30, engines, workers });
if (parts.has('scale')) await benchScale({ large, engines });
if (parts.has('profile'))
  await benchProfile({
    seconds: quick ? 5 : 15,
    connections: 64,
    page: option('profile-page') || '/challenges',
    signedIn: option('profile-signed-in') !== undefined,
  });
if (parts.has('instances') && engines.includes('postgresql'))
  await benchInstances({ users: 50, seconds: quick ? 10 : 30, instances });
console.log(
  `\nload after the run: ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);
// the app's Prisma clients and pools would keep the process alive
process.exit(0);
