// Runs before each db test file: route modules import the app's `db` singleton, which reads
// DATABASE_URL when first imported, so point it at this run's database first. Uploaded files
// go to a temporary folder, not the project's storage.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';

process.env.DATABASE_URL = inject('databaseUrl');
process.env.STORAGE_DIR ??= mkdtempSync(path.join(os.tmpdir(), 'jiebang-storage-'));
