// Attachments as files under STORAGE_DIR, `<ab>/<ab…32 hex>`: SQLite's store, and PostgreSQL's
// when ATTACHMENT_STORE=files (one machine, or a folder every instance mounts).
import { createWriteStream, mkdirSync, realpathSync } from 'node:fs';
import { mkdir, open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AttachmentStore } from './attachment-store.server';

const STORED_NAME = /^[0-9a-f]{32}$/;
const checkedDirs = new Set<string>();

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function realpathOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/**
 * The storage root: `STORAGE_DIR` (read at each call; empty counts as unset) or `./storage`,
 * resolved against the working directory and created on demand. Throws when it lies inside the
 * app's `public/` or `build/` folder, from where files could be served to anyone.
 */
export function storageDir(): string {
  const dir = path.resolve(process.env.STORAGE_DIR || './storage');
  if (checkedDirs.has(dir)) return dir;
  const forbidden = ['public', 'build'].map((d) => path.resolve(d));
  const refuse = () =>
    new Error(
      `STORAGE_DIR (${dir}) lies inside ${forbidden.join(' or ')}: attachments must be stored outside the public and build folders`,
    );
  if (forbidden.some((f) => isInside(dir, f))) throw refuse();
  mkdirSync(dir, { recursive: true });
  // the same check once symbolic links are resolved
  const real = realpathOrSelf(dir);
  if (forbidden.some((f) => isInside(real, realpathOrSelf(f)))) throw refuse();
  checkedDirs.add(dir);
  return dir;
}

/** Whether a name is one the attachments module gives stored files. */
export const isStoredName = (name: string) => STORED_NAME.test(name);

/** Where a stored file lives; throws for a name never given. */
export function storedPath(storedName: string): string {
  if (!STORED_NAME.test(storedName)) throw new Error(`Not a stored attachment name: ${storedName}`);
  return path.join(storageDir(), storedName.slice(0, 2), storedName);
}

/** Deletes a stored file; a file already gone is no error. */
export async function deleteStoredFile(storedName: string): Promise<void> {
  try {
    await unlink(storedPath(storedName));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

export const filesStore: AttachmentStore = {
  kind: 'files',
  transactional: false,

  async put(_client, { storedName }, source) {
    const filePath = storedPath(storedName);
    await mkdir(path.dirname(filePath), { recursive: true });
    // `wx`: never over another upload's file
    const out = createWriteStream(filePath, { flags: 'wx', mode: 0o600 });
    try {
      await pipeline(Readable.fromWeb(source as never), out);
    } catch (error) {
      // a partly written file goes; one that was already there (EEXIST) is another upload's
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        await deleteStoredFile(storedName).catch(() => undefined);
      }
      throw error;
    }
  },

  async get(_client, { id, storedName, sizeBytes }) {
    if (!isStoredName(storedName)) return null;
    let handle;
    try {
      handle = await open(storedPath(storedName), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const { size } = await handle.stat();
    if (size !== sizeBytes) {
      await handle.close();
      throw new Error(`Attachment ${id}: stored file has ${size} bytes, the row says ${sizeBytes}`);
    }
    return Readable.toWeb(handle.createReadStream()) as unknown as ReadableStream<Uint8Array>;
  },

  async has(_client, { storedName }) {
    if (!isStoredName(storedName)) return false;
    try {
      await (await open(storedPath(storedName), 'r')).close();
      return true;
    } catch {
      return false;
    }
  },

  discard: ({ storedName }) => deleteStoredFile(storedName),
};
