import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { decoded } from '../tests/raw-http';
import { PRIVATE_CACHE, PUBLIC_CACHE, PUBLIC_PAGE_CACHE } from '../app/lib/cache.server';
import { createPageCache, pageCacheKey, pageCacheMiddleware } from './page-cache.mjs';
import { isPublicPath } from './public-paths.mjs';
import { newNonce } from './security.mjs';

describe('page cache key', () => {
  const key = (url: string, cookie?: string, method = 'GET') =>
    pageCacheKey({ method, url, cookie, isPublicPath });

  it('keys public pages by language cookie, path and query', () => {
    expect(key('http://x/challenges?sort=new')).toBe('- /challenges?sort=new');
    expect(key('http://x/challenges', 'a=1; lang=en')).toBe('en /challenges');
    expect(key('http://x/stats.json')).toBe('- /stats.json');
    expect(key('http://x/challenges/ZB-2021-001.data')).toBe('- /challenges/ZB-2021-001.data');
  });

  it('never serves signed-in visitors, other methods or private pages from the cache', () => {
    expect(key('http://x/challenges', 'jiebang_session=abc')).toBeNull();
    expect(key('http://x/challenges', 'lang=zh; __Host-jiebang_session=abc')).toBeNull();
    expect(key('http://x/challenges', undefined, 'POST')).toBeNull();
    expect(key('http://x/challenges', undefined, 'HEAD')).toBeNull();
    expect(key('http://x/needs')).toBeNull();
    expect(key('http://x/admin/users')).toBeNull();
  });
});

type Rendered = {
  status?: number;
  cacheControl?: string;
  setCookie?: string;
  body?: string;
  type?: string;
};

/** A real Express server with the cache in front of a counting stand-in for the Remix handler. */
async function serve(opts: { ttlMs?: number; now?: () => number; version?: () => number } = {}) {
  const cache = createPageCache(opts);
  const calls: Request[] = [];
  let next: Rendered = {};
  let gate: Promise<void> | null = null;
  const app = express();
  app.use((_req, res, n) => {
    res.locals.cspNonce = newNonce();
    res.set('X-Nonce', res.locals.cspNonce);
    n();
  });
  app.use(
    pageCacheMiddleware({
      cache,
      isPublicPath,
      handler: async (request, ctx) => {
        calls.push(request);
        if (gate) await gate;
        const r = next;
        const headers = new Headers({ 'Content-Type': r.type ?? 'text/html; charset=utf-8' });
        // what app/lib/cache.server.ts says of a public page
        headers.set('Cache-Control', r.cacheControl ?? PUBLIC_PAGE_CACHE);
        if (r.setCookie) headers.set('Set-Cookie', r.setCookie);
        const body = r.body ?? `<script nonce="${ctx.cspNonce}">n=${calls.length}</script>`;
        return new Response(body, { status: r.status ?? 200, headers });
      },
    }),
  );
  // the rest of the app: what the cache passes on
  app.all('*', (_req, res) => res.status(204).end());
  const server = app.listen(0);
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  servers.push(server);
  return {
    cache,
    calls,
    render(r: Rendered) {
      next = r;
    },
    hold() {
      let open!: () => void;
      gate = new Promise((r) => (open = r));
      return () => {
        gate = null;
        open();
      };
    },
    get: (path: string, cookie?: string) =>
      fetch(base + path, { headers: cookie ? { Cookie: cookie } : {} }),
    post: (path: string) => fetch(base + path, { method: 'POST' }),
    /** a GET whose bytes are read as sent, not decompressed */
    raw: (path: string, acceptEncoding: string) =>
      new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http
          .get(base + path, { headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          })
          .on('error', reject);
      }),
  };
}

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

describe('page cache in front of the app', () => {
  it('renders a public page once and serves it again with a fresh nonce each time', async () => {
    const s = await serve();
    const first = await s.get('/challenges');
    const second = await s.get('/challenges');
    expect(s.calls).toHaveLength(1);
    expect(first.headers.get('X-Page-Cache')).toBe('miss');
    expect(second.headers.get('X-Page-Cache')).toBe('hit');
    // private to shared caches (the nonce), yet reused by this process with a fresh nonce
    expect(second.headers.get('Cache-Control')).toBe(PUBLIC_PAGE_CACHE);
    const bodies = [await first.text(), await second.text()];
    const nonces = [first, second].map((r) => r.headers.get('X-Nonce'));
    expect(nonces[0]).not.toBe(nonces[1]);
    expect(bodies[0]).toBe(`<script nonce="${nonces[0]}">n=1</script>`);
    expect(bodies[1]).toBe(`<script nonce="${nonces[1]}">n=1</script>`);
  });

  it('sends a kept page compressed as the client accepts, each copy with its own nonce', async () => {
    const s = await serve();
    const page = (nonce: string) =>
      `<!DOCTYPE html><h1>揭榜挂帅</h1>${'<li>技术难题 challenge</li>'.repeat(300)}` +
      `<script nonce="${nonce}">a</script><script nonce="${nonce}">b</script>`;
    // as Remix renders it for the cache: the placeholder where the nonce goes
    s.render({ body: page(s.cache.placeholder) });
    const seen = new Set<string>();
    for (const [accept, coding] of [
      ['gzip, deflate, br', 'gzip'],
      ['br', 'br'],
      ['identity', undefined],
      ['gzip;q=0, br;q=0', undefined],
      ['gzip;q=7', undefined],
      ['x'.repeat(5000), undefined],
    ] as const) {
      const r = await s.raw('/challenges', accept);
      expect(r.headers['content-encoding'], accept).toBe(coding);
      expect(r.headers.vary).toMatch(/Accept-Encoding/);
      expect(Number(r.headers['content-length'])).toBe(r.body.length);
      const text = decoded(r.body, coding);
      const nonce = String(r.headers['x-nonce']);
      expect(text.toString(), accept).toBe(page(nonce));
      seen.add(nonce);
    }
    expect(seen.size).toBe(6);
    expect(s.calls).toHaveLength(1);
  });

  it('keeps public data without a nonce as well', async () => {
    const s = await serve();
    s.render({ cacheControl: PUBLIC_CACHE, type: 'application/json', body: '{"n":1}' });
    await s.get('/stats.json');
    const again = await s.get('/stats.json');
    expect(again.headers.get('X-Page-Cache')).toBe('hit');
    expect(again.headers.get('Cache-Control')).toBe(PUBLIC_CACHE);
    expect(s.calls).toHaveLength(1);
  });

  it('keeps languages apart and passes a signed-in visitor on to the app', async () => {
    const s = await serve();
    await s.get('/stats');
    await s.get('/stats', 'lang=en');
    await s.get('/stats', 'lang=en');
    expect(s.calls).toHaveLength(2);
    // (the stand-in for the rest of the app answers 204)
    expect((await s.get('/stats', 'jiebang_session=abc')).status).toBe(204);
    expect((await s.get('/stats', 'lang=en; jiebang_session=abc')).status).toBe(204);
    expect(s.calls).toHaveLength(2);
  });

  it('does not keep what the app marks private, sets a cookie with, or fails on', async () => {
    const s = await serve();
    s.render({ cacheControl: PRIVATE_CACHE });
    await s.get('/challenges');
    await s.get('/challenges');
    s.render({ setCookie: 'lang=en; Path=/' });
    const withCookie = await s.get('/challenges?lang=en');
    expect(withCookie.headers.get('Set-Cookie')).toBe('lang=en; Path=/');
    await s.get('/challenges?lang=en');
    s.render({ status: 404 });
    expect((await s.get('/challenges/ZB-1999-001')).status).toBe(404);
    await s.get('/challenges/ZB-1999-001');
    expect(s.calls).toHaveLength(6);
    expect(s.cache.size).toBe(0);
  });

  it('forgets everything when this process handles a write', async () => {
    const s = await serve();
    await s.get('/challenges');
    await s.get('/stats');
    expect(s.cache.size).toBe(2);
    await s.post('/needs/new');
    await s.get('/challenges');
    expect(s.calls).toHaveLength(3);
  });

  it('forgets everything when the data version moves, as a write of another instance moves it', async () => {
    let version = 7;
    const s = await serve({ version: () => version });
    await s.get('/challenges');
    await s.get('/challenges');
    expect(s.calls).toHaveLength(1);
    version += 1;
    await s.get('/challenges');
    await s.get('/challenges');
    expect(s.calls).toHaveLength(2);
  });

  it('does not keep a page rendered while the data version moved', async () => {
    let version = 1;
    const s = await serve({ version: () => version });
    const release = s.hold();
    const pending = s.get('/challenges');
    await new Promise((r) => setTimeout(r, 20));
    version += 1;
    // a request after the write starts its own render; the one under way is not kept
    const after = s.get('/challenges');
    await new Promise((r) => setTimeout(r, 20));
    release();
    await Promise.all([pending, after]);
    await s.get('/challenges');
    expect(s.calls).toHaveLength(2);
  });

  it('does not keep a page whose render began before a write', async () => {
    const s = await serve();
    const release = s.hold();
    const pending = s.get('/challenges');
    await new Promise((r) => setTimeout(r, 20));
    await s.post('/needs/new');
    release();
    await pending;
    await s.get('/challenges');
    expect(s.calls).toHaveLength(2);
  });

  it('renders once for concurrent first visitors of the same page', async () => {
    const s = await serve();
    const release = s.hold();
    const all = Promise.all(Array.from({ length: 10 }, () => s.get('/contracts')));
    await new Promise((r) => setTimeout(r, 20));
    release();
    const responses = await all;
    expect(s.calls).toHaveLength(1);
    expect(responses.every((r) => r.status === 200)).toBe(true);
  });

  it('renders again once an entry is older than its time to live', async () => {
    let t = 1_000;
    const s = await serve({ ttlMs: 10_000, now: () => t });
    await s.get('/');
    t += 9_999;
    await s.get('/');
    expect(s.calls).toHaveLength(1);
    t += 2;
    await s.get('/');
    expect(s.calls).toHaveLength(2);
  });
});
