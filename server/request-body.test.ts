// The edge's body limits with a real Express server and real sockets, in front of a stand-in for
// the Remix handler that reads the body the way actions do (request.formData(), .text()).
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHttpResponse, sendLikeABrowser } from '../tests/raw-http';
import { bodyLimits, remixHandler } from './request-body.mjs';
import {
  bodyLimitFor,
  declaredLength,
  FORM_BODY_LIMIT,
  localeOf,
  multipartBoundary,
  refusalPage,
  UPLOAD_BODY_LIMIT,
  WEBHOOK_BODY_LIMIT,
} from './request-limits.mjs';

const MB = 1024 * 1024;

type Seen = { url: string; contentLength: string | null; bytes?: number; error?: string };

async function serve(opts: { drain?: { maxBytes?: number; timeoutMs?: number } } = {}) {
  const seen: Seen[] = [];
  const app = express();
  app.use(bodyLimits({ drain: opts.drain }));
  app.all(
    '*',
    remixHandler({
      getLoadContext: () => ({}),
      handle: async (request) => {
        const s: Seen = { url: request.url, contentLength: request.headers.get('Content-Length') };
        seen.push(s);
        const url = new URL(request.url);
        if (url.pathname === '/ignore-body') return new Response('not read', { status: 200 });
        if ((request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) {
          // an upload form: refuses from the declared length without reading (attachments)
          if (Number(s.contentLength) > UPLOAD_BODY_LIMIT && !request.headers.has('X-Read'))
            return new Response('field error: too large', { status: 413 });
          try {
            const form = await request.formData();
            s.bytes = [...form.values()].length;
            return new Response(`fields ${s.bytes}`);
          } catch (e) {
            s.error = String(e);
            throw e;
          }
        }
        try {
          s.bytes = (await request.arrayBuffer()).byteLength;
        } catch (e) {
          s.error = String(e);
          throw e;
        }
        return new Response(`read ${s.bytes}`);
      },
    }),
  );
  const server = http.createServer(app);
  servers.push(server);
  const sockets: net.Socket[] = [];
  server.on('connection', (s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, seen, sockets };
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const send = (
  port: number,
  opts: Omit<Parameters<typeof sendLikeABrowser>[1], 'path'> & { path?: string },
) => sendLikeABrowser(port, { ...opts, path: opts.path ?? '/form' });

describe('what a request may send', () => {
  it('allows 1 MB to forms and webhooks, 20 MB + 1 MB to a multipart upload', () => {
    expect(bodyLimitFor({ path: '/login', contentType: 'application/x-www-form-urlencoded' })).toBe(
      FORM_BODY_LIMIT,
    );
    expect(bodyLimitFor({ path: '/needs/x', contentType: 'multipart/form-data; boundary=b' })).toBe(
      UPLOAD_BODY_LIMIT,
    );
    expect(bodyLimitFor({ path: '/x', contentType: 'application/json' })).toBe(1 * MB);
    // a webhook stays at 1 MB whatever it claims to be
    expect(
      bodyLimitFor({ path: '/webhooks/stripe', contentType: 'multipart/form-data; boundary=b' }),
    ).toBe(WEBHOOK_BODY_LIMIT);
    expect(UPLOAD_BODY_LIMIT).toBe(21 * MB);
  });

  it('reads the declared length, the boundary and the language strictly', () => {
    expect(declaredLength('123')).toBe(123);
    expect(declaredLength(null)).toBeNull();
    expect(declaredLength('1e9')).toBeNaN();
    expect(declaredLength('-1')).toBeNaN();
    expect(multipartBoundary('multipart/form-data; boundary=----WebKitFormBoundaryAbc')).toBe(
      '----WebKitFormBoundaryAbc',
    );
    expect(multipartBoundary('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(multipartBoundary('multipart/form-data')).toBeNull();
    expect(multipartBoundary('multipart/form-data; boundary=a\r\nX: y')).toBe('a');
    expect(multipartBoundary('text/plain; boundary=a')).toBeNull();
    expect(localeOf({ url: '/x?lang=en' })).toBe('en');
    expect(localeOf({ url: '/x?lang=en', cookie: 'lang=zh' })).toBe('en');
    expect(localeOf({ url: '/x', cookie: 'a=1; lang=en' })).toBe('en');
    expect(localeOf({ url: '/x?lang=fr', cookie: 'xlang=en' })).toBe('zh');
    expect(refusalPage({ status: 413, locale: 'en', limit: MB })).toContain('<html lang="en">');
    expect(refusalPage({ status: 413, locale: 'zh', limit: MB })).toContain('1 MB');
  });
});

describe('bodies above their limit at the edge', () => {
  it('refuses a 2 MB form before reading it, in the visitor’s language, and the sender reads the 413', async () => {
    const { port, seen } = await serve();
    const zh = await send(port, { total: 2 * MB });
    expect(zh.error).toBeNull();
    expect(zh.status).toBe(413);
    expect(zh.body).toContain('<html lang="zh-CN">');
    expect(zh.body).toContain('提交的内容过大');
    expect(zh.headers['cache-control']).toBe('no-store');
    const en = await send(port, { path: '/form?lang=en', total: 2 * MB });
    expect(en.status).toBe(413);
    expect(en.body).toContain('Too much data sent');
    const cookie = await send(port, { total: 2 * MB, headers: { Cookie: 'lang=en' } });
    expect(cookie.body).toContain('<html lang="en">');
    expect(seen).toHaveLength(0);
  });

  it('refuses a chunked form once it crosses 1 MB: the action’s read fails, the 413 is what is sent', async () => {
    const { port, seen } = await serve();
    const r = await send(port, { total: 5 * MB, chunked: true });
    expect(r.error).toBeNull();
    expect(r.status).toBe(413);
    expect(r.body).toContain('提交的内容过大');
    // the app stopped reading at the limit and never answered
    await expect.poll(() => seen[0]?.error).toMatch(/exceeds 1048576 bytes|abort/i);
    expect(seen[0].bytes).toBeUndefined();
  });

  it('passes bodies within the limit to the app whole, declared or chunked', async () => {
    const { port, seen } = await serve();
    const declared = await send(port, { total: FORM_BODY_LIMIT });
    expect([declared.status, declared.body]).toEqual([200, `read ${FORM_BODY_LIMIT}`]);
    const chunked = await send(port, { total: FORM_BODY_LIMIT, chunked: true });
    expect([chunked.status, chunked.body]).toEqual([200, `read ${FORM_BODY_LIMIT}`]);
    expect(seen.map((s) => s.bytes)).toEqual([FORM_BODY_LIMIT, FORM_BODY_LIMIT]);
  });

  it('refuses a 2 MB webhook', async () => {
    const { port, seen } = await serve();
    const r = await send(port, {
      path: '/webhooks/stripe',
      total: 2 * MB,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(r.status).toBe(413);
    expect(seen).toHaveLength(0);
  });

  // browsers keep connections alive; curl and some proxies say `Connection: close`
  it.each([
    ['a kept-alive connection', true],
    ['a connection closed after the answer', false],
  ])(
    'hands a 25 MB upload to the app without its body, so the form says why; the sender reads it, on %s',
    async (_name, keepAlive) => {
      const { port, seen } = await serve();
      const r = await send(port, {
        path: '/needs/x',
        total: 25 * MB,
        headers: { 'Content-Type': 'multipart/form-data; boundary=XyZ' },
        keepAlive,
      });
      // all 25 MB were sent and the answer read: no "connection reset"
      expect(r.error).toBeNull();
      expect([r.status, r.body]).toEqual([413, 'field error: too large']);
      expect(r.headers.connection).toBe(keepAlive ? 'keep-alive' : 'close');
      expect(seen[0].contentLength).toBe(String(25 * MB));
    },
  );

  it.each([
    ['a kept-alive connection', true],
    ['a connection closed after the answer', false],
  ])('refuses 50 MB sent in chunks on %s, and the sender reads the 413', async (_n, keepAlive) => {
    const { port } = await serve();
    const r = await send(port, { total: 50 * MB, chunked: true, keepAlive });
    expect(r.error).toBeNull();
    expect(r.status).toBe(413);
  });

  it('gives any other action an empty form instead of 25 MB', async () => {
    const { port, seen } = await serve();
    // declared large, but this stand-in action does read the form (like /login would)
    const r = await send(port, {
      path: '/login',
      total: UPLOAD_BODY_LIMIT + 1,
      headers: { 'Content-Type': 'multipart/form-data; boundary=XyZ', 'X-Read': '1' },
    });
    expect(r.error).toBeNull();
    expect([r.status, r.body]).toEqual([200, 'fields 0']);
    expect(seen).toHaveLength(1);
  });

  it('keeps a connection usable after discarding a body nobody read', async () => {
    const { port } = await serve();
    const socket = net.connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    socket.on('data', (d) => (received = Buffer.concat([received, d])));
    const request = (path: string, body: Buffer) =>
      Buffer.concat([
        Buffer.from(
          `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n`,
        ),
        body,
      ]);
    socket.write(request('/ignore-body', Buffer.alloc(300 * 1024, 0x61)));
    await expect.poll(() => parseHttpResponse(received)?.body).toBe('not read');
    received = Buffer.alloc(0);
    socket.write(request('/form', Buffer.from('0123456789')));
    await expect.poll(() => parseHttpResponse(received)?.body).toBe('read 10');
    socket.destroy();
  });

  it('stops discarding at its bound and cuts the connection', async () => {
    const { port, sockets } = await serve({ drain: { maxBytes: 4 * MB, timeoutMs: 10_000 } });
    // the 413 went out first; 4 MB later the sender, with 36 MB still to go, is cut off
    const r = await send(port, { total: 40 * MB });
    expect(r.status).toBe(413);
    expect(r.error).toMatch(/ECONNRESET|EPIPE|closed while sending/);
    // cut at the bound, not whenever a timer came round: the server read 4 MB and the head,
    // plus at most the read that crossed it
    expect(sockets).toHaveLength(1);
    expect(sockets[0].bytesRead).toBeGreaterThan(4 * MB);
    expect(sockets[0].bytesRead).toBeLessThan(4 * MB + 256 * 1024);
  });
});
