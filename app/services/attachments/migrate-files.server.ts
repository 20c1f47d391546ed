// `npm run attachments:migrate`: an installation that kept its attachments as files under
// STORAGE_DIR copies them into the database store (docs/decisions/029). Each attachment is one
// transaction: its chunks are written, then checked against the row's size and SHA-256, and a
// file that does not match is rolled back and reported. Attachments whose chunks are there are
// skipped, so the command can run again after an interruption or alongside a running server.
import { createHash } from 'node:crypto';
import type { Db } from '~/lib/db.server';
import { TX_OPTIONS } from '~/services/kernel/command.server';
import { databaseStore } from '~/lib/storage/database-store.server';
import { filesStore } from '~/lib/storage/files-store.server';

export type MigrationReport = {
  /** Copied into the database now. */
  copied: number;
  /** Already in the database: left as they were. */
  present: number;
  /** No file under STORAGE_DIR. */
  missing: string[];
  /** A file whose size or SHA-256 differs from the row's: not copied. */
  mismatched: string[];
  bytes: number;
};

class Mismatch extends Error {}

const PAGE = 100;

export async function migrateFilesToDatabase(db: Db): Promise<MigrationReport> {
  const report: MigrationReport = { copied: 0, present: 0, missing: [], mismatched: [], bytes: 0 };
  let after = '';
  for (;;) {
    const page = await db.attachment.findMany({
      where: { id: { gt: after } },
      orderBy: { id: 'asc' },
      take: PAGE,
      select: { id: true, storedName: true, sizeBytes: true, sha256: true },
    });
    if (page.length === 0) return report;
    after = page[page.length - 1]!.id;
    for (const ref of page) {
      if (await databaseStore.has(db, ref)) {
        report.present++;
        continue;
      }
      let file;
      try {
        // the file store checks the size against the row before handing out the stream
        file = await filesStore.get(db, ref);
      } catch {
        report.mismatched.push(ref.id);
        continue;
      }
      if (!file) {
        report.missing.push(ref.id);
        continue;
      }
      const hash = createHash('sha256');
      const hashed = file.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            hash.update(chunk);
            controller.enqueue(chunk);
          },
        }),
      );
      try {
        await db.$transaction(async (tx) => {
          // another run may have copied it meanwhile: its chunks stand
          if (await databaseStore.has(tx, ref)) {
            await hashed.cancel();
            throw new Mismatch('present');
          }
          await databaseStore.put(tx, ref, hashed);
          if (hash.digest('hex') !== ref.sha256) throw new Mismatch('sha256');
          // read back through the store's own check of the chunks' total
          const written = await databaseStore.get(tx, ref).catch(() => null);
          if (!written) throw new Mismatch('size');
          await written.cancel();
        }, TX_OPTIONS);
        report.copied++;
        report.bytes += ref.sizeBytes;
      } catch (error) {
        if (!(error instanceof Mismatch)) throw error;
        if (error.message === 'present') report.present++;
        else report.mismatched.push(ref.id);
      }
    }
  }
}
