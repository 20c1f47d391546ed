// Reading a request's body within a limit, for the app's own readers: the edge
// (server/request-body.mjs) already refuses what is too large, but a route must not depend on
// being behind it (the tests call routes in-process) and must never buffer a body whole before
// knowing its size (docs/decisions/018-request-limits-at-the-edge.md).
import { FORM_BODY_LIMIT } from '../../server/request-limits.mjs';

export { FORM_BODY_LIMIT };

/**
 * The body's bytes, or null when it declares or turns out to be larger than `limit` (reading
 * stops at the first byte too many; what is left is the server's to discard).
 */
export async function readBodyWithin(request: Request, limit: number): Promise<Uint8Array | null> {
  const declared = request.headers.get('Content-Length');
  if (declared !== null && /^\s*\d+\s*$/.test(declared) && Number(declared) > limit) return null;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The body as UTF-8 text (as `request.text()` reads it), or null when above `limit`. */
export async function readTextWithin(request: Request, limit: number): Promise<string | null> {
  const bytes = await readBodyWithin(request, limit);
  return bytes === null ? null : new TextDecoder().decode(bytes);
}

/**
 * The request's form (url-encoded or multipart) read within `limit` (1 MB by default); a larger
 * one is answered with a 413, a body that is no form with a 400.
 */
export async function formDataWithin(
  request: Request,
  limit: number = FORM_BODY_LIMIT,
): Promise<FormData> {
  const bytes = await readBodyWithin(request, limit);
  if (bytes === null) throw new Response('Payload Too Large', { status: 413 });
  const contentType = request.headers.get('Content-Type') ?? '';
  const formData = await new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: { 'Content-Type': contentType },
  })
    .formData()
    .catch(() => null);
  if (!formData) throw new Response('Bad Request', { status: 400 });
  return formData;
}
