// Multipart upload forms read into memory, refusing rather than throwing: a form above the
// edge's limit (server/request-limits.mjs), a part above the attachment limit, a body that breaks
// off. The files it returns still need saveAttachment (attachments.server.ts), which checks
// their type.
import {
  data,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from '@remix-run/node';
import { notFound } from '~/lib/auth.server';
import { refusal, type Refusal, type Result } from '~/services/kernel/refusal';
import { MAX_ATTACHMENT_BYTES, UPLOAD_BODY_LIMIT } from '../../../server/request-limits.mjs';

/** Too much sent (a part or the whole form), or a body that is not multipart or breaks off. */
export type UploadFormRefusal = 'upload_too_large' | 'upload_malformed';

export type ParseUploadFormResult = Result<{ formData: FormData }, UploadFormRefusal>;

/** The status of a refused upload form: 413 for too much, 400 for a broken body. */
export const uploadRefusalStatus = (refused: Refusal<UploadFormRefusal>) =>
  refused.error === 'upload_too_large' ? 413 : 400;

class FormTooLargeError extends Error {
  constructor(limit: number) {
    super(`Upload form exceeded ${limit} bytes`);
  }
}

/**
 * Reads a `multipart/form-data` request into memory, refusing rather than throwing, with the
 * refusal's message in the namespace `errors` of the form's page (`needs.errors.upload_…`):
 *
 * - a declared `Content-Length` above 21 MB (one form's files, 20 MB in total, plus 1 MB for its
 *   fields and framing: the edge's limit, server/request-limits.mjs) is refused before the body
 *   is read (`upload_too_large`, on the form); the edge hands such a request on with an empty
 *   body, so that the form can say so; the same total is enforced while reading, for bodies
 *   sent without a length;
 * - a part above 20 MB gives `upload_too_large` on its field;
 * - files sent under any other name than `fileFields` are dropped unread into memory;
 * - a body that is not multipart, or that breaks off, gives `upload_malformed`.
 *
 * The files still need saveAttachment, which checks their type.
 */
export async function parseUploadForm(
  request: Request,
  { fileFields, errors }: { fileFields: string[]; errors: string },
): Promise<ParseUploadFormResult> {
  const limit = UPLOAD_BODY_LIMIT;
  const allTooLarge = () => refusal(errors, 'upload_too_large');
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
      return refusal(errors, 'upload_too_large', { field: error.field });
    }
    if (error instanceof FormTooLargeError) return allTooLarge();
    return refusal(errors, 'upload_malformed');
  }
}

/**
 * The upload branch of a record page's action (a need's, an application's): a multipart request
 * carries one file, `file`, for `save`; any other request is null, for the page's other forms.
 * A refused form answers its message with the status it deserves, a record gone is 404, a file
 * refused for itself is told on the page, and a stored one goes on to `done`.
 */
export async function uploadRecordFile(
  request: Request,
  {
    errors,
    save,
    done,
  }: {
    errors: string;
    save: (file: FormDataEntryValue | null) => Promise<Result<object, string>>;
    done: string;
  },
) {
  if (!(request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) return null;
  const upload = await parseUploadForm(request, { fileFields: ['file'], errors });
  if (!upload.ok) return data({ error: upload.key }, { status: uploadRefusalStatus(upload) });
  const saved = await save(upload.formData.get('file'));
  if (!saved.ok && saved.error === 'notFound') throw notFound();
  if (!saved.ok) return { error: saved.key };
  return redirect(done);
}
