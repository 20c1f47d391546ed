// npm run db:restore -- <backup directory> [--force]
// Restores a backup made by `npm run db:backup` into DATABASE_URL and STORAGE_DIR. Before
// anything is changed it checks every file against the manifest's SHA-256, that the backup's
// engine is DATABASE_URL's, and that the database holds no records (--force replaces them).
// Stop the server first. The secrets key is not in the backup (docs/decisions/023-backups.md).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { restoreAttachments, storageRoot } from './backup/attachments';
import {
  checkRestoreTools,
  engineOf,
  restoreDatabase,
  safeUrl,
  targetState,
} from './backup/engines';
import {
  ATTACHMENTS_DIR,
  BackupRefused,
  readManifest,
  runScript,
  verifyParts,
} from './backup/manifest';
import { databaseUrl } from './db.mjs';

const ENGINE_NAMES = { sqlite: 'SQLite', postgresql: 'PostgreSQL' } as const;

await runScript('restore', async () => {
  const { values, positionals } = parseArgs({
    options: { force: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) {
    console.error('usage: npm run db:restore -- <backup directory> [--force]');
    process.exitCode = 2;
    return;
  }
  const dir = path.resolve(positionals[0]);
  const url = databaseUrl();
  const manifest = readManifest(dir);

  const target = engineOf(url);
  if (manifest.engine !== target)
    throw new BackupRefused(
      `this backup is of a ${ENGINE_NAMES[manifest.engine]} database and DATABASE_URL names a ${ENGINE_NAMES[target]} one: a backup restores only into the engine it was made on`,
    );
  const known = new Set(
    readdirSync(path.join(import.meta.dirname, '..', 'prisma', target, 'migrations')),
  );
  const unknown = manifest.migrations.filter((m) => !known.has(m));
  if (unknown.length > 0)
    throw new BackupRefused(
      `the backup has migrations this version of Jiebang does not know (${unknown.join(', ')}): restore it with the version that made it`,
    );
  await verifyParts(dir, manifest);
  checkRestoreTools(manifest.engine, manifest.tools);
  const { tablesWithRows } = await targetState(url);
  if (tablesWithRows.length > 0 && !values.force)
    throw new BackupRefused(
      `the database at ${safeUrl(url)} is not empty (records in ${tablesWithRows.slice(0, 3).join(', ')}${tablesWithRows.length > 3 ? ', …' : ''}); restoring replaces all of it: run again with --force to do so`,
    );

  // the files first: should the database part fail, they are only unused files
  await restoreAttachments(manifest.attachments.files, path.join(dir, ATTACHMENTS_DIR));
  await restoreDatabase(path.join(dir, manifest.database.file), url);

  console.log(`restored: ${dir} (made ${manifest.createdAt})`);
  console.log(
    `  database: ${ENGINE_NAMES[target]} at ${safeUrl(url)}, ${manifest.migrations.length} migrations` +
      (tablesWithRows.length > 0 ? ' (its earlier records were replaced: --force)' : ''),
  );
  console.log(`  attachments: ${manifest.attachments.count} files into ${storageRoot()}`);
  console.log(
    "Reminder: the staff's authenticators are sealed with the secrets key, which no backup holds. " +
      'Run the server with the same SECRETS_KEY (or key file, default ./data/secrets.key) as the ' +
      'installation that was backed up: with another key no authenticator code is accepted until ' +
      'the staff enrol again.',
  );
});
