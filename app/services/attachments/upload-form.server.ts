// Multipart upload forms read into memory, refusing rather than throwing: a form above the
// edge's limit (server/request-limits.mjs), a part above the attachment limit, a body that breaks
// off. The files it returns still need saveAttachment (attachments.server.ts), which checks
// their type.
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from '@remix-run/node';
import { MAX_ATTACHMENT_BYTES, UPLOAD_BODY_LIMIT } from '../../../server/request-limits.mjs';

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
