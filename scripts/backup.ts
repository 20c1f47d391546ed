// npm run db:backup [-- --out <dir>]
// Backs up the database of DATABASE_URL (SQLite or PostgreSQL) and the attachments under
// STORAGE_DIR into one new directory (default ./backups/jiebang-<engine>-<time>): the dump, the
// attachments as stored, and manifest.json with the SHA-256 of every file. Safe while the
// server runs. The secrets key is not included (docs/decisions/023-backups.md).
import { existsSync } from 'node:fs';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { attachmentStoreKind } from '../app/lib/storage/attachment-store.server';
import { archiveAttachments, storageRoot } from './backup/attachments';
import { dumpDatabase, engineOf, safeUrl } from './backup/engines';
import {
  ATTACHMENTS_DIR,
  BackupRefused,
  DATABASE_FILE,
  hashFile,
  listDigest,
  MANIFEST_FILE,
  runScript,
  type Manifest,
} from './backup/manifest';
import { databaseUrl } from './db.mjs';

await runScript('backup', async () => {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const url = databaseUrl();
  const engine = engineOf(url);
  const createdAt = new Date();
  const stamp = createdAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const out = path.resolve(values.out ?? path.join('backups', `jiebang-${engine}-${stamp}`));
  if (existsSync(out)) throw new BackupRefused(`${out} exists already`);

  // written under another name and renamed when complete: a directory with the final name is
  // always a whole backup
  const work = `${out}.partial`;
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true, mode: 0o700 });
  try {
    const dumpFile = path.join(work, DATABASE_FILE[engine]);
    // the dump first, then the files: an upload writes its file before its row, so every
    // attachment the dump names is on disk by then (attachments kept in the database, as on
    // PostgreSQL by default, are in the dump itself: docs/decisions/029)
    const dumped = await dumpDatabase(url, dumpFile);
    await chmod(dumpFile, 0o600);
    const database = { file: DATABASE_FILE[engine], ...(await hashFile(dumpFile)) };
    const storage = storageRoot();
    const { files, skipped } = await archiveAttachments(storage, path.join(work, ATTACHMENTS_DIR));
    const manifest: Manifest = {
      format: 'jiebang-backup',
      version: 1,
      createdAt: createdAt.toISOString(),
      engine,
      tools: dumped.tools,
      migrations: dumped.migrations,
      database,
      attachments: {
        count: files.length,
        bytes: files.reduce((n, f) => n + f.bytes, 0),
        sha256: listDigest(files),
        files,
      },
    };
    await writeFile(path.join(work, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, {
      mode: 0o600,
    });
    await rename(work, out);

    console.log(`backup: ${out}`);
    console.log(
      `  database: ${engine} at ${safeUrl(url)}, ${dumped.migrations.length} migrations, ${database.bytes} bytes, sha256 ${database.sha256}`,
    );
    console.log(
      `  attachments: ${files.length} files, ${manifest.attachments.bytes} bytes from ${storage}` +
        (skipped ? ` (${skipped} other entries there were left out)` : ''),
    );
    if (attachmentStoreKind({ ...process.env, DATABASE_URL: url }) === 'database')
      console.log("  attachments kept in the database (this engine's default) are in its dump");
    console.log(
      '  not included: the secrets key (SECRETS_KEY or ./data/secrets.key); keep it apart from the backups',
    );
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
});
