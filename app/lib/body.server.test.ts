import { describe, expect, it } from 'vitest';
import { formDataWithin, readBodyWithin, readTextWithin } from './body.server';

const MB = 1024 * 1024;

/** A body that arrives in pieces without a declared length; counts what was pulled from it. */
function streamed(total: number, piece = 64 * 1024) {
  const seen = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (seen.pulled >= total) return c.close();
      const n = Math.min(piece, total - seen.pulled);
      seen.pulled += n;
      c.enqueue(new Uint8Array(n).fill(0x61));
    },
  });
  const request = new Request('http://x/webhooks/stripe', {
    method: 'POST',
    body,
    duplex: 'half',
  } as RequestInit);
  return { request, seen };
}

describe('reading a body within a limit', () => {
  it('refuses a declared length above the limit without reading a byte', async () => {
    const { request, seen } = streamed(50 * MB);
    request.headers.set('Content-Length', String(50 * MB));
    expect(await readBodyWithin(request, MB)).toBeNull();
    expect(seen.pulled).toBeLessThanOrEqual(64 * 1024);
  });

  it('stops reading an undeclared body at the first piece beyond the limit', async () => {
    const { request, seen } = streamed(50 * MB);
    expect(await readTextWithin(request, MB)).toBeNull();
    // what was pulled: the limit and a few pieces of read-ahead, never the 50 MB
    expect(seen.pulled).toBeLessThan(2 * MB);
  });

  it('returns a body within the limit whole', async () => {
    const { request } = streamed(MB);
    expect((await readBodyWithin(request, MB))!.byteLength).toBe(MB);
    const text = new Request('http://x', { method: 'POST', body: '揭榜挂帅' });
    expect(await readTextWithin(text, 100)).toBe('揭榜挂帅');
  });

  it('reads a form within 1 MB, and answers 413 or 400 otherwise', async () => {
    const form = await formDataWithin(
      new Request('http://x', { method: 'POST', body: new URLSearchParams({ a: '1', b: '二' }) }),
    );
    expect([form.get('a'), form.get('b')]).toEqual(['1', '二']);
    const tooLarge = await formDataWithin(
      new Request('http://x', {
        method: 'POST',
        body: new URLSearchParams({ a: 'x'.repeat(MB) }),
      }),
    ).catch((r: Response) => r);
    expect((tooLarge as Response).status).toBe(413);
    const notAForm = await formDataWithin(
      new Request('http://x', {
        method: 'POST',
        headers: { 'Content-Type': 'multipart/form-data; boundary=x' },
        body: 'garbage',
      }),
    ).catch((r: Response) => r);
    expect((notAForm as Response).status).toBe(400);
  });
});
