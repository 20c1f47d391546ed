// Attachments of needs, applications and other records: PDF, Office documents and images of at
// most 20 MB, typed by their content, kept outside the public folder under a random name and
// downloaded as an attachment under their original name.
//
// Permission checks stay with the caller: nothing here knows who may see which record. A route
// first loads the attachment's metadata (findAttachment), checks that the signed-in user may see
// the owning record (ownerType, ownerId), and only then opens and returns the file.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, realpathSync } from 'node:fs';
import { mkdir, open, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from '@remix-run/node';
import { fileTypeFromBuffer } from 'file-type';
import type { Db, Tx } from '~/lib/db.server';
// the edge refuses larger uploads before they are read (docs/decisions/018)
import { MAX_ATTACHMENT_BYTES, UPLOAD_BODY_LIMIT } from '../../../server/request-limits.mjs';

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

/**
 * `Content-Disposition` for a download: always `attachment`, with an ASCII fallback (`_` for
 * anything outside printable ASCII and for `"`, `\` and `%`) and the exact name in RFC 5987/6266
 * `filename*` form.
 */
export function contentDisposition(originalName: string): string {
  const name = sanitizeFileName(originalName) || 'attachment';
  const fallback = Array.from(name)
    .map((ch) => (/^[\x20-\x7e]$/.test(ch) && !/["\\%]/.test(ch) ? ch : '_'))
    .join('');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

// ---------------------------------------------------------------------------------------------
// Storage

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

function storedPath(storedName: string): string {
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

export type SaveAttachmentInput = {
  ownerType: string;
  ownerId: string;
  /** The form value as it comes (`formData.get(field)`): no file or a text value is `empty`. */
  file: FormDataEntryValue | null | undefined;
  uploadedById?: string | null;
};

export type SaveAttachmentResult =
  { ok: true; attachment: AttachmentRecord } | { ok: false; error: AttachmentError };

/**
 * Checks an upload and keeps it: the bytes go to `<storage>/<ab>/<ab…32 hex>` (a random name,
 * never derived from the upload's), then the row is created. Refused input leaves nothing
 * behind. When the row cannot be created the file is deleted and the error rethrown (that is a
 * server fault, not bad input).
 *
 * Called with a transaction client the row commits with the caller's other changes; should that
 * transaction roll back afterwards, the caller deletes the file (deleteStoredFile) — an orphan
 * file is harmless but wastes space.
 */
export async function saveAttachment(
  db: Client,
  input: SaveAttachmentInput,
): Promise<SaveAttachmentResult> {
  const file = input.file;
  if (!file || typeof file === 'string' || file.size === 0) return { ok: false, error: 'empty' };
  if (file.size > MAX_ATTACHMENT_BYTES) return { ok: false, error: 'too_large' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const sniffed = await sniffAttachment(bytes, file.name);
  if (!sniffed.ok) return sniffed;

  const storedName = randomBytes(16).toString('hex');
  const dir = path.join(storageDir(), storedName.slice(0, 2));
  const filePath = path.join(dir, storedName);
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(filePath, bytes, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    // a partly written file goes; one that was already there (EEXIST) is another upload's
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      await deleteStoredFile(storedName).catch(() => undefined);
    }
    throw error;
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  try {
    const attachment = await db.attachment.create({
      data: {
        ownerType: input.ownerType,
        ownerId: input.ownerId,
        originalName: storedOriginalName(file.name, sniffed.extension),
        storedName,
        mimeType: sniffed.mimeType,
        sizeBytes: bytes.byteLength,
        sha256,
        uploadedById: input.uploadedById ?? null,
      },
    });
    return { ok: true, attachment };
  } catch (error) {
    await deleteStoredFile(storedName).catch(() => undefined);
    throw error;
  }
}

/** The row of an attachment, for the caller's permission check; no file is opened. */
export async function findAttachment(db: Client, id: string): Promise<AttachmentRecord | null> {
  return db.attachment.findUnique({ where: { id } });
}

/**
 * The row and a stream of the file's bytes, or null when there is no such attachment or its
 * file is missing. Permission checks stay with the caller: check before opening (see
 * findAttachment), or cancel the stream when the answer is no, so that the file handle closes
 * at once. A file whose size differs from the row's is an integrity fault and throws.
 */
export async function openAttachment(
  db: Client,
  id: string,
): Promise<{ attachment: AttachmentRecord; stream: ReadableStream<Uint8Array> } | null> {
  const attachment = await findAttachment(db, id);
  if (!attachment || !STORED_NAME.test(attachment.storedName)) return null;
  let handle;
  try {
    handle = await open(storedPath(attachment.storedName), 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const { size } = await handle.stat();
  if (size !== attachment.sizeBytes) {
    await handle.close();
    throw new Error(
      `Attachment ${attachment.id}: stored file has ${size} bytes, the row says ${attachment.sizeBytes}`,
    );
  }
  const stream = Readable.toWeb(handle.createReadStream()) as unknown as ReadableStream<Uint8Array>;
  return { attachment, stream };
}

const KNOWN_MIME_TYPES = new Set<string>(
  Object.values(ALLOWED_ATTACHMENT_TYPES).map((t) => t.mimeType),
);

/**
 * The download response. Permission checks stay with the caller: only call this once the user
 * is known to be allowed to see the owning record.
 */
export function attachmentResponse(
  attachment: Pick<AttachmentRecord, 'originalName' | 'mimeType' | 'sizeBytes'>,
  stream: ReadableStream<Uint8Array>,
): Response {
  const mimeType = KNOWN_MIME_TYPES.has(attachment.mimeType)
    ? attachment.mimeType
    : 'application/octet-stream';
  return new Response(stream, {
    status: 200,
    headers: {
      'Content-Type': mimeType,
      'Content-Length': String(attachment.sizeBytes),
      'Content-Disposition': contentDisposition(attachment.originalName),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      // should a browser render it anyway: no scripts, no same-origin access
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Upload forms

export type UploadFormError = 'too_large' | 'malformed';

export type ParseUploadFormResult =
  | { ok: true; formData: FormData }
  | {
      ok: false;
      /** Per field, for the form's error messages (`too_large`). */
      fieldErrors: Record<string, 'too_large'>;
      /** Set when the request as a whole was refused. */
      formError?: UploadFormError;
    };

class FormTooLargeError extends Error {
  constructor(limit: number) {
    super(`Upload form exceeded ${limit} bytes`);
  }
}

/**
 * Reads a `multipart/form-data` request into memory, refusing rather than throwing:
 *
 * - a declared `Content-Length` above 21 MB (one form's files, 20 MB in total, plus 1 MB for its
 *   fields and framing: the edge's limit, server/request-limits.mjs) is refused before the body
 *   is read (`too_large` on every file field, `formError: 'too_large'`); the edge hands such a
 *   request on with an empty body, so that the form can say so; the same total is enforced
 *   while reading, for bodies sent without a length;
 * - a part above 20 MB gives `too_large` on its field;
 * - files sent under any other name than `fileFields` are dropped unread into memory;
 * - a body that is not multipart, or that breaks off, gives `formError: 'malformed'`.
 *
 * The files still need saveAttachment, which checks their type.
 */
export async function parseUploadForm(
  request: Request,
  { fileFields }: { fileFields: string[] },
): Promise<ParseUploadFormResult> {
  const limit = UPLOAD_BODY_LIMIT;
  const allTooLarge = () => ({
    ok: false as const,
    fieldErrors: Object.fromEntries(fileFields.map((f) => [f, 'too_large' as const])),
    formError: 'too_large' as const,
  });
  const declared = request.headers.get('Content-Length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) {
    return allTooLarge();
  }

  const memory = unstable_createMemoryUploadHandler({ maxPartSize: MAX_ATTACHMENT_BYTES });
  let total = 0;
  async function* counted(data: AsyncIterable<Uint8Array>) {
    for await (const chunk of data) {
      total += chunk.byteLength;
      if (total > limit) throw new FormTooLargeError(limit);
      yield chunk;
    }
  }
  const handler: UploadHandler = async (part) => {
    const data = counted(part.data);
    if (typeof part.filename === 'string' && !fileFields.includes(part.name)) {
      for await (const _chunk of data) {
        // drained, not kept
      }
      return undefined;
    }
    return memory({ ...part, data });
  };

  try {
    return { ok: true, formData: await unstable_parseMultipartFormData(request, handler) };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return { ok: false, fieldErrors: { [error.field]: 'too_large' } };
    }
    if (error instanceof FormTooLargeError) return allTooLarge();
    return { ok: false, fieldErrors: {}, formError: 'malformed' };
  }
}
