// Attachments of needs, applications and other records: PDF, Office documents and images of at
// most 20 MB, typed by their content and kept outside the public folder under a random name.
// Reading the upload form is upload-form.server.ts; handing a file out, download.server.ts.
// Nothing here knows who may see which record: that is the caller's check (access.server.ts).
import { createHash, randomBytes } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Db, Tx } from '~/lib/db.server';
import { attachmentStore } from '~/lib/storage/attachment-store.server';
import {
  deleteStoredFile,
  isStoredName,
  storageDir,
  storedPath,
} from '~/lib/storage/files-store.server';
import { TX_OPTIONS } from '~/services/kernel/command.server';
import { Refused } from '~/services/kernel/refusal';
// the edge refuses larger uploads before they are read (docs/decisions/018)
import { MAX_ATTACHMENT_BYTES } from '../../../server/request-limits.mjs';

export { MAX_ATTACHMENT_BYTES };

/**
 * The accepted types, keyed by their canonical extension. `extensions` are the name endings that
 * match the type (the first one is appended when the uploaded name does not end in any of them).
 */
export const ALLOWED_ATTACHMENT_TYPES = {
  pdf: { mimeType: 'application/pdf', extensions: ['pdf'] },
  docx: {
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
  },
  xlsx: {
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
  },
  pptx: {
    mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
  },
  doc: { mimeType: 'application/msword', extensions: ['doc'] },
  xls: { mimeType: 'application/vnd.ms-excel', extensions: ['xls'] },
  ppt: { mimeType: 'application/vnd.ms-powerpoint', extensions: ['ppt'] },
  png: { mimeType: 'image/png', extensions: ['png'] },
  jpg: { mimeType: 'image/jpeg', extensions: ['jpg', 'jpeg', 'jpe'] },
  gif: { mimeType: 'image/gif', extensions: ['gif'] },
  webp: { mimeType: 'image/webp', extensions: ['webp'] },
} as const satisfies Record<string, { mimeType: string; extensions: readonly string[] }>;

export type AttachmentExtension = keyof typeof ALLOWED_ATTACHMENT_TYPES;
export type AttachmentError = 'empty' | 'too_large' | 'type';
/** The code of a refused upload, as the pages' messages name it (`needs.errors.upload_type`). */
export type AttachmentRefusal = `upload_${AttachmentError}`;

export type SniffResult =
  | { ok: true; mimeType: string; extension: AttachmentExtension }
  | { ok: false; error: AttachmentError };

/** The columns of an `Attachment` row that this module reads and returns. */
export type AttachmentRecord = {
  id: string;
  ownerType: string;
  ownerId: string;
  originalName: string;
  storedName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  uploadedById: string | null;
  createdAt: Date;
};

type Client = Db | Tx;

const isAllowed = (ext: string): ext is AttachmentExtension =>
  Object.prototype.hasOwnProperty.call(ALLOWED_ATTACHMENT_TYPES, ext);

function nameExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

// Legacy Office files are OLE compound files (`file-type` says `cfb`, whatever they hold; .msi
// and .msg files are compound files too). Such a file is taken for a Word, Excel or PowerPoint
// file only when its name says so AND its directory holds that program's main stream (stream
// names are UTF-16LE). A password-protected .docx/.xlsx/.pptx is a compound file as well and
// is refused: reviewers could not open it anyway.
const OLE_MAIN_STREAMS: Record<'doc' | 'xls' | 'ppt', string[]> = {
  doc: ['WordDocument'],
  xls: ['Workbook', 'Book'],
  ppt: ['PowerPoint Document'],
};

function holdsStream(bytes: Uint8Array, names: string[]): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return names.some((name) => buffer.includes(Buffer.from(name, 'utf16le')));
}

/**
 * The type of an upload, decided by its content. The name only matters for legacy Office
 * files (see above). A file whose content and name disagree is taken for what its content is:
 * a real PDF named `scan.png` is accepted as a PDF (and saved as `scan.png.pdf`, see
 * saveAttachment), while a text file or a program renamed `.pdf` is refused. Trusting the
 * content and not the name is the point of the check; refusing honest files that were merely
 * misnamed would only annoy people.
 */
export async function sniffAttachment(
  bytes: Uint8Array,
  originalName: string,
): Promise<SniffResult> {
  if (bytes.byteLength === 0) return { ok: false, error: 'empty' };
  if (bytes.byteLength > MAX_ATTACHMENT_BYTES) return { ok: false, error: 'too_large' };
  let detected: { ext: string } | undefined;
  try {
    detected = await fileTypeFromBuffer(bytes);
  } catch {
    // a malformed container the detector gives up on is not one of ours
    return { ok: false, error: 'type' };
  }
  if (!detected) return { ok: false, error: 'type' };
  if (detected.ext === 'cfb') {
    const ext = nameExtension(originalName);
    if (
      (ext === 'doc' || ext === 'xls' || ext === 'ppt') &&
      holdsStream(bytes, OLE_MAIN_STREAMS[ext])
    ) {
      return { ok: true, mimeType: ALLOWED_ATTACHMENT_TYPES[ext].mimeType, extension: ext };
    }
    return { ok: false, error: 'type' };
  }
  // docm, xlsm, pptm (macros), zip, exe, svg, … are not in the list
  if (!isAllowed(detected.ext) || ['doc', 'xls', 'ppt'].includes(detected.ext)) {
    return { ok: false, error: 'type' };
  }
  const extension = detected.ext;
  return { ok: true, mimeType: ALLOWED_ATTACHMENT_TYPES[extension].mimeType, extension };
}

// ---------------------------------------------------------------------------------------------
// Names

const MAX_NAME_CHARS = 200;

function isInvisibleOrControl(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    // bidirectional overrides and marks: `evil‮fdp.exe` must not pass for `evilexe.pdf`
    c === 0x200e ||
    c === 0x200f ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0xfeff
  );
}

/**
 * The uploaded name as kept in the row and offered on download: its last path segment (no `/`
 * or `\`), without control or bidi-override characters, trimmed, at most 200 characters (the
 * extension is kept when shortening). Chinese and other scripts are kept. Returns '' when
 * nothing is left (`..`, `/`, only control characters).
 */
export function sanitizeFileName(name: string): string {
  // lone surrogates would make encodeURIComponent throw later
  const wellFormed = name.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
  const base = wellFormed.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let chars = Array.from(base)
    .filter((ch) => !isInvisibleOrControl(ch))
    .join('')
    .trim();
  if (/^\.+$/.test(chars)) chars = '';
  const codePoints = Array.from(chars);
  if (codePoints.length <= MAX_NAME_CHARS) return chars;
  const ext = nameExtension(chars);
  const keep = ext && ext.length <= 16 ? ext.length + 1 : 0;
  return (
    codePoints
      .slice(0, MAX_NAME_CHARS - keep)
      .join('')
      .trimEnd() + codePoints.slice(codePoints.length - keep).join('')
  );
}

/** The name to store: sanitised, with the detected type's extension when the name lacks it. */
function storedOriginalName(uploadedName: string, extension: AttachmentExtension): string {
  const type = ALLOWED_ATTACHMENT_TYPES[extension];
  const name = sanitizeFileName(uploadedName) || 'attachment';
  const ext = nameExtension(name);
  if ((type.extensions as readonly string[]).includes(ext)) return name;
  return sanitizeFileName(`${name}.${type.extensions[0]}`);
}

// ---------------------------------------------------------------------------------------------
// Storage

// Where the bytes go is the store's business (app/lib/storage/, docs/decisions/029); the file
// store's helpers stay importable from here, as the backup scripts and tests know them.
export { deleteStoredFile, isStoredName, storageDir, storedPath };

/**
 * Forgets a stored attachment's bytes once its row is gone for good, or after the transaction
 * that saved it rolled back. Chunks in the database went with the row; a file is deleted.
 */
export const discardStoredBytes = (storedName: string) => attachmentStore().discard({ storedName });

export type SaveAttachmentInput = {
  ownerType: string;
  ownerId: string;
  /** The form value as it comes (`formData.get(field)`): no file or a text value is `empty`. */
  file: FormDataEntryValue | null | undefined;
  uploadedById?: string | null;
  /** The form field a refusal names, when the page shows it there. */
  field?: string;
};

/**
 * Checks an upload and keeps it under a random name (never derived from the upload's) in the
 * process's store (app/lib/storage/):
 *
 * - in the database (PostgreSQL's default): the row, then its chunks, with the caller's
 *   transaction client or in a transaction of its own; a failure or a rollback leaves neither;
 * - as a file (`<storage>/<ab>/<ab…32 hex>`): the file, then the row; when the row cannot be
 *   created the file is deleted and the error rethrown (a server fault, not bad input). Should
 *   the caller's transaction roll back afterwards, the caller discards the bytes
 *   (discardStoredBytes) — an orphan file is harmless but wastes space.
 *
 * A step of a command (kernel/command.server.ts): refused input throws `Refused` with the code
 * `upload_empty`, `upload_too_large` or `upload_type`, which the command turns into its refusal
 * with the message of its own namespace, and leaves nothing behind.
 */
export async function saveAttachment(
  db: Client,
  input: SaveAttachmentInput,
): Promise<{ attachment: AttachmentRecord }> {
  const refuse = (error: AttachmentError) =>
    new Refused<AttachmentRefusal>(`upload_${error}`, { field: input.field });
  const file = input.file;
  if (!file || typeof file === 'string' || file.size === 0) throw refuse('empty');
  if (file.size > MAX_ATTACHMENT_BYTES) throw refuse('too_large');
  const bytes = new Uint8Array(await file.arrayBuffer());
  const sniffed = await sniffAttachment(bytes, file.name);
  if (!sniffed.ok) throw refuse(sniffed.error);

  const storedName = randomBytes(16).toString('hex');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const data = {
    ownerType: input.ownerType,
    ownerId: input.ownerId,
    originalName: storedOriginalName(file.name, sniffed.extension),
    storedName,
    mimeType: sniffed.mimeType,
    sizeBytes: bytes.byteLength,
    sha256,
    uploadedById: input.uploadedById ?? null,
  };
  const store = attachmentStore();
  if (store.transactional) {
    // the row first (the chunks reference it), then the chunks, in one transaction: the
    // caller's, or one of its own
    return inTransaction(db, async (tx) => {
      const attachment = await tx.attachment.create({ data });
      await store.put(tx, attachment, file.stream());
      return { attachment };
    });
  }
  await store.put(db, { id: '', storedName, sizeBytes: data.sizeBytes }, file.stream());
  try {
    return { attachment: await db.attachment.create({ data }) };
  } catch (error) {
    await store.discard({ storedName }).catch(() => undefined);
    throw error;
  }
}

/** `fn` inside the caller's transaction, or inside a new one when called with the client. */
function inTransaction<T>(db: Client, fn: (tx: Client) => Promise<T>): Promise<T> {
  if (!('$transaction' in db)) return fn(db);
  return (db as Db).$transaction((tx) => fn(tx), TX_OPTIONS);
}

/** The row of an attachment, for the caller's permission check; no file is opened. */
export async function findAttachment(db: Client, id: string): Promise<AttachmentRecord | null> {
  return db.attachment.findUnique({ where: { id } });
}

/** A record's attachments in upload order, as its pages list them. */
export function listAttachments(db: Client, ownerType: string, ownerId: string) {
  return db.attachment.findMany({
    where: { ownerType, ownerId },
    orderBy: { createdAt: 'asc' },
    select: { id: true, originalName: true, sizeBytes: true },
  });
}
