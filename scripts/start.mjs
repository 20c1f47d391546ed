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

if (process.env.NODE_ENV === 'production' && !process.env.APP_ORIGIN) {
  console.error(
    'start: APP_ORIGIN is required with NODE_ENV=production: the public origin that links in mail point to, e.g. APP_ORIGIN=https://jiebang.example.gov.cn',
  );
  process.exit(1);
}
if (needsBuild()) {
  console.log('start: building the app…');
  run(['node_modules/@remix-run/dev/dist/cli.js', 'vite:build']);
}
const url = databaseUrl();
process.env.DATABASE_URL = url;
// Demo accounts are shown by default for `npm start`, unless the operator asked for production.
const askedForProduction = process.env.NODE_ENV === 'production';
process.env.DEMO ??= askedForProduction ? '0' : '1';
// Links in mail are built from APP_ORIGIN only (ADR 015). The local quick start names this
// machine; an operator who asked for production must name the public origin, or the server
// refuses to start and says so.
if (!askedForProduction) process.env.APP_ORIGIN ??= `http://localhost:${process.env.PORT ?? 3000}`;
process.env.NODE_ENV = 'production';
console.log('start: applying migrations…');
migrate(url);
run(['node_modules/tsx/dist/cli.mjs', 'scripts/seed.ts', '--if-empty']);
await import('../server.mjs');
