// Runs before each db test file: route modules import the app's `db` singleton, which reads
// DATABASE_URL when first imported, so point it at this run's database first. Uploaded files
// go to a temporary folder, not the project's storage, removed when the file's tests end (one
// folder was left behind per test file and run before).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, inject } from 'vitest';

declare global {
  var __jiebangTestEnv: Record<string, string | undefined> | undefined;
}

// The suite's files share one process and module graph (vitest.config.ts, isolate: false): each
// file starts from the environment the run started with, whatever an earlier file set and left
// (a Stripe key, a timeout), as a file of its own process did; the servers a file starts inherit it.
const initial = (globalThis.__jiebangTestEnv ??= { ...process.env });
for (const key of Object.keys(process.env)) if (!(key in initial)) delete process.env[key];
for (const [key, value] of Object.entries(initial)) process.env[key] = value;

process.env.DATABASE_URL = inject('databaseUrl');
if (!process.env.STORAGE_DIR) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jiebang-storage-'));
  process.env.STORAGE_DIR = dir;
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env.STORAGE_DIR;
  });
}
