// npm start: build if the sources changed, apply migrations, seed an empty database, serve.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { databaseUrl, migrate } from './db.mjs';

const STAMP = `${process.env.JIEBANG_BUILD_DIR ?? 'build'}/server/index.js`;

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'generated') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return (
    newestMtime('app') > built ||
    ['vite.config.ts', 'package.json'].some((f) => statSync(f).mtimeMs > built)
  );
}

const run = (args) => execFileSync(process.execPath, args, { stdio: 'inherit' });

if (needsBuild()) {
  console.log('start: building the app…');
  run(['node_modules/@remix-run/dev/dist/cli.js', 'vite:build']);
}
const url = databaseUrl();
process.env.DATABASE_URL = url;
// Demo accounts are shown by default for `npm start`, unless the operator asked for production.
process.env.DEMO ??= process.env.NODE_ENV === 'production' ? '0' : '1';
process.env.NODE_ENV = 'production';
console.log('start: applying migrations…');
migrate(url);
run(['node_modules/tsx/dist/cli.mjs', 'scripts/seed.ts', '--if-empty']);
await import('../server.mjs');
