// The integration suite, once on SQLite and once on PostgreSQL (TEST_POSTGRES_URL, default the
// local server). Without a PostgreSQL server the second run is skipped with a clear line,
// unless REQUIRE_POSTGRES=1 (CI), where that is a failure.
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const DEFAULT = 'postgresql://postgres@127.0.0.1:5432/test';
const pgUrl = process.env.TEST_POSTGRES_URL || DEFAULT;
const extra = process.argv.slice(2);

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

function run(kind) {
  console.log(`\n=== integration tests on ${kind} ===`);
  const args = [
    'run',
    '--project',
    'db',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=test-results/db-${kind}.json`,
  ];
  const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', ...args, ...extra], {
    stdio: 'inherit',
    env: { ...process.env, TEST_DB: kind },
  });
  return r.status === 0;
}

let ok = run('sqlite');
const answer = await postgresAnswers();
const safeUrl = pgUrl.replace(/\/\/[^@]*@/, '//…@');
if (answer === true) {
  ok = run('postgresql') && ok;
} else if (process.env.REQUIRE_POSTGRES === '1') {
  console.error(
    `\nPostgreSQL does not answer at ${safeUrl} (${answer}) and REQUIRE_POSTGRES=1: failing.`,
  );
  ok = false;
} else {
  console.warn(
    `\nSKIPPED: the PostgreSQL half of the suite — no server answers at ${safeUrl} (${answer}). Set TEST_POSTGRES_URL, or REQUIRE_POSTGRES=1 to make this a failure.`,
  );
}
process.exit(ok ? 0 : 1);
