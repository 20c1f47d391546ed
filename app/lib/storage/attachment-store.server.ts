// Where an attachment's bytes are kept (docs/decisions/029-attachment-storage.md): files under
// STORAGE_DIR, or chunks in the database, which every instance on one PostgreSQL reaches.
// PostgreSQL uses the database by default and SQLite the files; ATTACHMENT_STORE=files|database
// overrides. The rows, checks and names stay with app/services/attachments/.
import type { Db, Tx } from '~/lib/db.server';
import { isPostgresUrl } from '~/lib/db.server';
import { databaseStore } from './database-store.server';
import { filesStore } from './files-store.server';

export type Client = Db | Tx;

/** What a store needs to know of an attachment: its row id, its random name and its size. */
export type StoredRef = { id: string; storedName: string; sizeBytes: number };

export type AttachmentStoreKind = 'files' | 'database';

export interface AttachmentStore {
  readonly kind: AttachmentStoreKind;
  /**
   * Whether the bytes are rows that reference the attachment's row: they are then written after
   * it, with the same client, in the same transaction (a rollback leaves neither). A store that
   * is not transactional is written before the row, and its bytes are discarded when the row
   * does not come.
   */
  readonly transactional: boolean;
  /** Keeps the bytes of a new attachment, a chunk at a time. */
  put(client: Client, ref: StoredRef, source: ReadableStream<Uint8Array>): Promise<void>;
  /**
   * The bytes as a stream read a chunk at a time, or null when they are missing. Bytes whose
   * total differs from `sizeBytes` are an integrity fault and throw.
   */
  get(client: Client, ref: StoredRef): Promise<ReadableStream<Uint8Array> | null>;
  /** Whether the bytes are there (any amount): for the migration command. */
  has(client: Client, ref: Pick<StoredRef, 'id' | 'storedName'>): Promise<boolean>;
  /**
   * Forgets the bytes once their row is gone for good (after commit) or never came (rollback).
   * Bytes already gone are no error.
   */
  discard(ref: Pick<StoredRef, 'storedName'>): Promise<void>;
}

/** The store's kind for these settings: the override, else by the database's engine. */
export function attachmentStoreKind(
  vars: Record<string, string | undefined> = process.env,
): AttachmentStoreKind {
  const chosen = vars.ATTACHMENT_STORE;
  if (chosen === 'files' || chosen === 'database') return chosen;
  if (chosen) throw new Error(`ATTACHMENT_STORE must be files or database, not ${chosen}`);
  return isPostgresUrl(vars.DATABASE_URL ?? '') ? 'database' : 'files';
}

/** The store of this process, read at each call (tests change the settings). */
export function attachmentStore(kind = attachmentStoreKind()): AttachmentStore {
  return kind === 'database' ? databaseStore : filesStore;
}
