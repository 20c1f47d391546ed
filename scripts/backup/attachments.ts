// The attachments part of a backup: the stored files under STORAGE_DIR (`<ab>/<ab…32 hex>`, see
// app/services/attachments/attachments.server.ts), copied as they are. A missing or empty
// storage folder is a part of no files (attachments kept in the database travel in its dump).
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isStoredName, storedPath } from '../../app/services/attachments/attachments.server';
import { attachmentPath, hashFile, type FileEntry } from './manifest';

/** The storage folder as the app resolves it, without creating it. */
export const storageRoot = () => path.resolve(process.env.STORAGE_DIR || './storage');

/**
 * Copies every stored file of `from` into `to` (same layout) and returns the list, with the
 * SHA-256 of each copy. Anything else in the storage folder is counted in `skipped`.
 */
export async function archiveAttachments(
  from: string,
  to: string,
): Promise<{ files: FileEntry[]; skipped: number }> {
  const files: FileEntry[] = [];
  let skipped = 0;
  if (!existsSync(from)) return { files, skipped };
  for (const top of await readdir(from, { withFileTypes: true })) {
    if (!top.isDirectory() || !/^[0-9a-f]{2}$/.test(top.name)) {
      skipped++;
      continue;
    }
    for (const entry of await readdir(path.join(from, top.name), { withFileTypes: true })) {
      if (!entry.isFile() || !isStoredName(entry.name) || !entry.name.startsWith(top.name)) {
        skipped++;
        continue;
      }
      const copy = attachmentPath(to, entry.name);
      await mkdir(path.dirname(copy), { recursive: true, mode: 0o700 });
      await copyFile(attachmentPath(from, entry.name), copy);
      // the manifest vouches for the copy, whatever happens to the original afterwards
      files.push({ name: entry.name, ...(await hashFile(copy)) });
    }
  }
  return { files, skipped };
}

/**
 * Puts the backup's files into the storage folder (STORAGE_DIR, created when missing; the app's
 * own rules apply: never inside public/ or build/). Each file is written under a temporary
 * name and renamed into place, so a file is either whole or absent.
 */
export async function restoreAttachments(files: FileEntry[], from: string): Promise<void> {
  for (const f of files) {
    const target = storedPath(f.name);
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.restore-${randomBytes(4).toString('hex')}`;
    try {
      await copyFile(attachmentPath(from, f.name), tmp);
      await rename(tmp, target);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }
}
