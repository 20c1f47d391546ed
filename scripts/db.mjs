// Database chores on DATABASE_URL (SQLite file by default, or PostgreSQL):
//   node scripts/db.mjs migrate   apply pending migrations (creates the SQLite file's folder)
//   node scripts/db.mjs reset     delete the SQLite file / drop all tables, then migrate
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_URL = 'file:./data/jiebang.db';

export function databaseUrl() {
  return process.env.DATABASE_URL || DEFAULT_URL;
}

export function isPostgres(url) {
  return /^postgres(ql)?:\/\//.test(url);
}

export function migrate(url = databaseUrl()) {
  if (!isPostgres(url)) mkdirSync(path.dirname(url.replace(/^file:/, '')), { recursive: true });
  try {
    execFileSync(process.execPath, ['node_modules/prisma/build/index.js', 'migrate', 'deploy'], {
      stdio: 'pipe',
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    });
  } catch (error) {
    // the CLI's own output says which migration failed and why
    process.stderr.write(String(error.stdout ?? '') + String(error.stderr ?? ''));
    throw new Error(`prisma migrate deploy failed on ${isPostgres(url) ? 'PostgreSQL' : url}`);
  }
}

async function reset(url) {
  if (isPostgres(url)) {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    await client.end();
  } else {
    const file = url.replace(/^file:/, '');
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
  }
  migrate(url);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const command = process.argv[2];
  const url = databaseUrl();
  if (command === 'migrate') migrate(url);
  else if (command === 'reset') await reset(url);
  else {
    console.error('usage: node scripts/db.mjs migrate|reset');
    process.exit(2);
  }
  console.log(`db ${command}: done (${isPostgres(url) ? 'PostgreSQL' : url})`);
}
