// The integration suite, on SQLite and on PostgreSQL (TEST_POSTGRES_URL, default the local
// server). Without a PostgreSQL server the second run is skipped with a clear line, unless
// REQUIRE_POSTGRES=1 (CI), where that is a failure.
//
// The two engines' runs share nothing (each has its own database, its own ports and the
// build's lock, tests/app-server.ts), and each keeps about one core busy, so they run at
// once: the suite takes the longer run's time, not the sum (589 -> ~400 s on this machine).
// Each run's output is kept and printed whole when it ends, so that the two do not interleave.
import pg from 'pg';
import { runChild, secondsSince } from './run-child.mjs';

const DEFAULT = 'postgresql://postgres@127.0.0.1:5432/test';
const pgUrl = process.env.TEST_POSTGRES_URL || DEFAULT;
const extra = process.argv.slice(2);
// JIEBANG_DB_SERIAL=1 runs one engine after the other, output as it comes (for debugging)
const serial = process.env.JIEBANG_DB_SERIAL === '1';

async function postgresAnswers() {
  const c = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** @param {'sqlite' | 'postgresql'} kind @returns {Promise<boolean>} */
async function run(kind) {
  const started = Date.now();
  const args = [
    'run',
    '--project',
    'db',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=test-results/db-${kind}.json`,
  ];
  const ok = await runChild(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', ...args, ...extra],
    {
      keep: !serial,
      heading: `\n=== integration tests on ${kind} ===`,
      env: { ...process.env, TEST_DB: kind },
    },
  );
  console.log(`=== ${kind}: ${ok ? 'ok' : 'FAILED'} (${secondsSince(started)} s) ===`);
  return ok;
}

const answer = await postgresAnswers();
const safeUrl = pgUrl.replace(/\/\/[^@]*@/, '//…@');
let ok = true;
if (answer !== true) {
  if (process.env.REQUIRE_POSTGRES === '1') {
    console.error(
      `\nPostgreSQL does not answer at ${safeUrl} (${answer}) and REQUIRE_POSTGRES=1: failing.`,
    );
    ok = false;
  } else {
    console.warn(
      `\nSKIPPED: the PostgreSQL half of the suite — no server answers at ${safeUrl} (${answer}). Set TEST_POSTGRES_URL, or REQUIRE_POSTGRES=1 to make this a failure.`,
    );
  }
}
const kinds = answer === true ? ['sqlite', 'postgresql'] : ['sqlite'];
if (serial) {
  for (const kind of kinds) ok = (await run(kind)) && ok;
} else {
  console.log(
    `integration tests on ${kinds.join(' and ')} at once; each run's output follows when it ends`,
  );
  const results = await Promise.all(kinds.map(run));
  ok = results.every(Boolean) && ok;
}
process.exit(ok ? 0 : 1);
