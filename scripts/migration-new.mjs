// npm run db:migration -- <name> [<git-rev>]
// Writes a new migration for both providers: the SQL that turns the models as they were at
// <git-rev> (default HEAD) into the models in the working tree. It compares two datamodels, so no
// history is replayed and no shadow database is needed (PostgreSQL still wants a reachable
// server, TEST_POSTGRES_URL or the local one, because the engine opens a connection).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [name, rev = 'HEAD'] = process.argv.slice(2);
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration -- <snake_case_name> [git-rev]');
  process.exit(2);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'jiebang-migration-'));
try {
  for (const provider of ['sqlite', 'postgresql']) {
    const before = path.join(tmp, provider);
    mkdirSync(before, { recursive: true });
    copyFileSync(`prisma/${provider}/base.prisma`, path.join(before, 'base.prisma'));
    const files = execFileSync('git', ['ls-tree', '--name-only', `${rev}:prisma/models`], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => f.endsWith('.prisma'));
    for (const f of files) {
      writeFileSync(
        path.join(before, f),
        execFileSync('git', ['show', `${rev}:prisma/models/${f}`]),
      );
    }
    // the WebAssembly engine opens a connection even for a datamodel diff: any reachable server
    const url =
      provider === 'sqlite'
        ? 'file:./data/jiebang.db'
        : process.env.TEST_POSTGRES_URL || 'postgresql://postgres@127.0.0.1:5432/test';
    const sql = execFileSync(
      process.execPath,
      [
        'node_modules/prisma/build/index.js',
        'migrate',
        'diff',
        '--from-schema-datamodel',
        before,
        '--to-schema-datamodel',
        `prisma/${provider}`,
        '--script',
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: url },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
      console.log(`${provider}: no change`);
      continue;
    }
    const dir = `prisma/${provider}/migrations/${stamp}_${name}`;
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'migration.sql'), sql);
    console.log(`${provider}: wrote ${dir}/migration.sql`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
