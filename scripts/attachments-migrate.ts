// npm run attachments:migrate — copies the attachments kept as files under STORAGE_DIR into the
// database of DATABASE_URL, where every instance reaches them (docs/decisions/029). Safe to run
// again (what is there is skipped) and while the server runs. The files stay where they were:
// remove STORAGE_DIR once a backup of the database holds them. Exits 1 when a file is missing or
// does not match its row.
import { createDb } from '../app/lib/db.server';
import { attachmentStoreKind } from '../app/lib/storage/attachment-store.server';
import { storageDir } from '../app/lib/storage/files-store.server';
import { migrateFilesToDatabase } from '../app/services/attachments/migrate-files.server';
import { databaseUrl } from './db.mjs';

const url = databaseUrl();
if (attachmentStoreKind({ ...process.env, DATABASE_URL: url }) !== 'database') {
  console.error(
    'attachments:migrate refused: with these settings attachments are kept as files (the database store is PostgreSQL’s default; ATTACHMENT_STORE=database chooses it)',
  );
  process.exit(1);
}
const db = createDb(url);
try {
  const r = await migrateFilesToDatabase(db);
  console.log(`attachments: from ${storageDir()} into the database`);
  console.log(`  copied: ${r.copied} (${r.bytes} bytes), checked against each row's SHA-256`);
  console.log(`  already in the database: ${r.present}`);
  console.log(
    `  missing file: ${r.missing.length}${r.missing.length ? ` (${r.missing.join(', ')})` : ''}`,
  );
  console.log(
    `  size or SHA-256 differs from the row, not copied: ${r.mismatched.length}${r.mismatched.length ? ` (${r.mismatched.join(', ')})` : ''}`,
  );
  if (r.missing.length || r.mismatched.length) process.exitCode = 1;
} catch (error) {
  console.error(`attachments:migrate failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
