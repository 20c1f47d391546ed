// Runs before each db test file: route modules import the app's `db` singleton, which reads
// DATABASE_URL when first imported, so point it at this run's database first. Uploaded files
// go to a temporary folder, not the project's storage, removed when the file's tests end (one
// folder was left behind per test file and run before).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, inject } from 'vitest';

process.env.DATABASE_URL = inject('databaseUrl');
if (!process.env.STORAGE_DIR) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jiebang-storage-'));
  process.env.STORAGE_DIR = dir;
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env.STORAGE_DIR;
  });
}
