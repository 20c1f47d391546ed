// Downloads: the file of an attachment as a stream, and the response that hands it over as an
// attachment under its original name, never rendered as a page.
//
// Permission checks stay with the caller (see access.server.ts): load the row first
// (findAttachment), decide whether the user may see the owning record, and only then open it.
import type { Db, Tx } from '~/lib/db.server';
import { attachmentStore } from '~/lib/storage/attachment-store.server';
import {
  ALLOWED_ATTACHMENT_TYPES,
  findAttachment,
  sanitizeFileName,
  type AttachmentRecord,
} from './attachments.server';

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

/**
 * The row and a stream of the attachment's bytes (read from the store a chunk at a time), or
 * null when there is no such attachment or its bytes are missing. Permission checks stay with
 * the caller: check before opening (see findAttachment), or cancel the stream when the answer
 * is no, so that the file handle closes at once. Bytes whose size differs from the row's are an
 * integrity fault and throw.
 */
export async function openAttachment(
  db: Db | Tx,
  id: string,
): Promise<{ attachment: AttachmentRecord; stream: ReadableStream<Uint8Array> } | null> {
  const attachment = await findAttachment(db, id);
  if (!attachment) return null;
  const stream = await attachmentStore().get(db, attachment);
  return stream && { attachment, stream };
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
