import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { PUBLIC_PAGE_CACHE } from '../app/lib/cache.server';
import { decoded } from '../tests/raw-http';
import { createMetrics, createObserver } from './operations.mjs';
import { createPageCache, pageCacheMiddleware } from './page-cache.mjs';
import { createHitServer } from './page-cache-hits.mjs';
import { isPublicPath } from './public-paths.mjs';
import { newNonce, securityHeaders } from './security.mjs';

/**
 * server.mjs in small: the observer and the security headers in Express, the page cache in
 * front of a stand-in for Remix, and the hit server before Express. `reachedExpress` counts
 * what Express saw.
 */
async function serve() {
  const cache = createPageCache({ ttlMs: 60_000 });
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { base: null },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    }),
  );
  const metrics = createMetrics();
  const observe = createObserver({ logger, metrics, label: (p) => p, trustProxy: false });
  const headersFor = () => {
    const nonce = newNonce();
    return { nonce, headers: securityHeaders({ nonce, hsts: false }) };
  };
  let renders = 0;
  let reachedExpress = 0;
  let draining = false;
  const app = express();
  app.use((req, res, next) => {
    reachedExpress += 1;
    observe(req, res);
    const { nonce, headers } = headersFor();
    res.locals.cspNonce = nonce;
    res.set(headers);
    next();
  });
  app.use(
    pageCacheMiddleware({
      cache,
      isPublicPath,
      handler: async (_request, ctx) => {
        renders += 1;
        const body = `<!DOCTYPE html><h1>揭榜挂帅</h1>${'<li>技术难题</li>'.repeat(200)}<script nonce="${ctx.cspNonce}">n=${renders}</script>`;
        return new Response(body, {
          headers: {
            'Content-Type': 'text/html; charset=utf-8',
            'Cache-Control': PUBLIC_PAGE_CACHE,
          },
        });
      },
    }),
  );
  app.all('*', (_req, res) => res.status(204).end());
  const serveHit = createHitServer({
    cache,
    isPublicPath,
    compress: true,
    headersFor,
    observe,
    draining: () => draining,
  });
  const server = http.createServer((req, res) => {
    if (!serveHit(req, res)) app(req, res);
  });
  server.listen(0);
  await new Promise((r) => server.once('listening', r));
  servers.push(server);
  const port = (server.address() as AddressInfo).port;
  /** a request as sent, its answer's bytes as received */
  const request = (path: string, init: http.RequestOptions & { body?: string } = {}) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
      (resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port, path, agent: false, ...init },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                status: res.statusCode!,
                headers: res.headers,
                body: Buffer.concat(chunks),
              }),
            );
          },
        );
        req.on('error', reject);
        req.end(init.body);
      },
    );
  return {
    request,
    lines,
    metrics,
    get renders() {
      return renders;
    },
    get reachedExpress() {
      return reachedExpress;
    },
    drain() {
      draining = true;
    },
  };
}

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

describe('page-cache hits before Express', () => {
  it('answers a hit without Express, as Express would: headers, fresh nonce, id, log line, metrics', async () => {
    const s = await serve();
    const miss = await s.request('/challenges');
    expect(miss.headers['x-page-cache']).toBe('miss');
    expect(s.reachedExpress).toBe(1);
    const hits = [await s.request('/challenges'), await s.request('/challenges')];
    expect(s.reachedExpress).toBe(1);
    expect(s.renders).toBe(1);
    const nonces = new Set<string>();
    for (const hit of [miss, ...hits]) {
      const nonce = /'nonce-([^']+)'/.exec(String(hit.headers['content-security-policy']))![1];
      nonces.add(nonce);
      expect(hit.status).toBe(200);
      expect(hit.body.toString()).toContain(`<script nonce="${nonce}">n=1</script>`);
      expect(hit.headers['x-frame-options']).toBe('DENY');
      expect(hit.headers['x-content-type-options']).toBe('nosniff');
      expect(hit.headers['cache-control']).toBe(PUBLIC_PAGE_CACHE);
      expect(hit.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(Number(hit.headers['content-length'])).toBe(hit.body.length);
      expect(hit.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(nonces.size).toBe(3);
    expect(hits.map((h) => h.headers['x-page-cache'])).toEqual(['hit', 'hit']);
    await new Promise((r) => setImmediate(r));
    const logged = s.lines.filter((l) => l.msg === 'request');
    expect(logged.map((l) => l.cache)).toEqual(['miss', 'hit', 'hit']);
    expect(logged[2]).toMatchObject({ method: 'GET', path: '/challenges', status: 200 });
    expect(logged[2].requestId).toBe(hits[1].headers['x-request-id']);
    const text = await s.metrics.registry.metrics();
    expect(text).toMatch(/jiebang_page_cache_requests_total\{outcome="hit"\} 2/);
  });

  it('sends a hit compressed when accepted, and closes the connection while draining', async () => {
    const s = await serve();
    await s.request('/challenges');
    const gz = await s.request('/challenges', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers['x-page-cache']).toBe('hit');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toBe('Accept-Encoding');
    const nonce = /'nonce-([^']+)'/.exec(String(gz.headers['content-security-policy']))![1];
    expect(decoded(gz.body, 'gzip').toString()).toContain(`<script nonce="${nonce}">n=1</script>`);
    s.drain();
    const last = await s.request('/challenges', { headers: { Connection: 'keep-alive' } });
    expect(last.headers['x-page-cache']).toBe('hit');
    expect(last.headers.connection).toBe('close');
    expect(s.reachedExpress).toBe(1);
  });

  it('leaves to Express what is not a plain anonymous GET of a kept page', async () => {
    const s = await serve();
    await s.request('/challenges');
    const before = s.reachedExpress;
    const passed = [
      // a signed-in visitor
      await s.request('/challenges', { headers: { Cookie: '__Host-jiebang_session=x' } }),
      // a body on a GET meets the body limits there
      await s.request('/challenges', { headers: { 'Content-Length': '3' }, body: 'abc' }),
      // a target that is not origin-form
      await s.request('//evil.example/challenges'),
      await s.request('/challenges', { method: 'HEAD' }),
      // a page not kept yet, and one that is never kept
      await s.request('/stats'),
      await s.request('/needs'),
    ];
    expect(s.reachedExpress - before).toBe(passed.length);
    expect(passed.map((r) => r.headers['x-page-cache'])).toEqual([
      undefined,
      'hit',
      undefined,
      undefined,
      'miss',
      undefined,
    ]);
    // a write empties the cache: the next visitor's page is rendered again
    await s.request('/challenges', { method: 'POST' });
    const after = await s.request('/challenges');
    expect(after.headers['x-page-cache']).toBe('miss');
    expect(s.renders).toBe(3);
  });
});
