// The server the browser tests drive: `npm start` on a fresh SQLite database of its own.
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const file = path.join(os.tmpdir(), `jiebang-e2e-${process.env.E2E_PORT ?? 3100}.db`);
for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
// the staff authenticator secrets the browser tests enrolled belong to the old database
rmSync(path.join('test-results', `e2e-totp-secrets-${process.env.E2E_PORT ?? 3100}.json`), {
  force: true,
});
process.env.DATABASE_URL = `file:${file}`;
// the request log would drown the browser tests' output; warnings and errors still show
process.env.LOG_LEVEL ??= 'warn';
process.env.PORT = process.env.E2E_PORT ?? '3100';
await import('./start.mjs');
