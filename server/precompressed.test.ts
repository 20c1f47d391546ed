import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decoded } from '../tests/raw-http';
import {
  forClientFiles,
  precompressDirectory,
  scanClientBuild,
  servePrecompressed,
} from './precompressed.mjs';

const script = `export const 标题 = "揭榜挂帅";\n${'console.log("技术难题 challenge");\n'.repeat(400)}`;
let dir = '';
let base = '';
let server: http.Server;
let variants: Map<string, string[]>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'jiebang-precompress-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'assets', 'root-abc.js'), script);
  writeFileSync(path.join(dir, 'assets', 'tiny.css'), 'a{}');
  writeFileSync(path.join(dir, 'assets', 'logo.png'), Buffer.alloc(4096, 7));
  await precompressDirectory(dir);
  variants = await scanClientBuild(dir);
  const pre = servePrecompressed(variants);
  const statics = express.Router();
  statics.use(pre.before);
  statics.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '1y' }),
  );
  statics.use(pre.after);
  const app = express();
  app.use(forClientFiles(variants, statics));
  app.use((req, res) => {
    res.status(404).json({ url: req.url, encoding: res.getHeader('Content-Encoding') ?? null });
  });
  server = app.listen(0);
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw GET (no automatic decompression): status, headers and the bytes as sent. */
function get(urlPath: string, acceptEncoding?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      const headers: Record<string, string> = acceptEncoding
        ? { 'Accept-Encoding': acceptEncoding }
        : {};
      http
        .get(base + urlPath, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        })
        .on('error', reject);
    },
  );
}

describe('precompressed static files', () => {
  it('writes brotli and gzip copies of what they make smaller, and nothing else', () => {
    expect(existsSync(path.join(dir, 'assets', 'root-abc.js.br'))).toBe(true);
    expect(existsSync(path.join(dir, 'assets', 'root-abc.js.gz'))).toBe(true);
    expect(existsSync(path.join(dir, 'assets', 'tiny.css.br'))).toBe(false);
    expect(existsSync(path.join(dir, 'assets', 'logo.png.br'))).toBe(false);
    const br = readFileSync(path.join(dir, 'assets', 'root-abc.js.br'));
    expect(zlib.brotliDecompressSync(br).toString()).toBe(script);
  });

  it('knows every file of the build and the codings of its copies', () => {
    expect(Object.fromEntries(variants)).toEqual({
      '/assets/root-abc.js': ['br', 'gzip'],
      '/assets/tiny.css': [],
      '/assets/logo.png': [],
    });
  });

  it('passes a request for no file of the build straight on', async () => {
    const r = await get('/assets/none.js', 'br');
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body.toString())).toEqual({ url: '/assets/none.js', encoding: null });
  });

  it('serves brotli, gzip or the file itself, as the client accepts, with Vary', async () => {
    for (const [accept, coding] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0.1, gzip', 'gzip'],
      [undefined, undefined],
      ['identity', undefined],
      ['br;q=0, gzip;q=0', undefined],
    ] as const) {
      const r = await get('/assets/root-abc.js', accept);
      expect(r.status, String(accept)).toBe(200);
      expect(r.headers['content-encoding'], String(accept)).toBe(coding);
      expect(r.headers.vary).toBe('Accept-Encoding');
      expect(r.headers['content-type']).toMatch(/^application\/javascript/);
      expect(r.headers['cache-control']).toContain('immutable');
      const text = decoded(r.body, coding);
      expect(text.toString()).toBe(script);
      expect(Number(r.headers['content-length'])).toBe(r.body.length);
    }
  });

  it('leaves files without copies alone', async () => {
    const r = await get('/assets/tiny.css', 'br');
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.headers.vary).toBeUndefined();
    expect(r.body.toString()).toBe('a{}');
  });

  it('passes on a request whose copy is gone, undoing what it set', async () => {
    rmSync(path.join(dir, 'assets', 'root-abc.js.gz'));
    const r = await get('/assets/root-abc.js?v=1', 'gzip');
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body.toString())).toEqual({
      url: '/assets/root-abc.js?v=1',
      encoding: null,
    });
  });

  it('takes any Accept-Encoding header in its stride', async () => {
    for (const accept of ['br;q=9', '*', ',,,;;;q=', 'x'.repeat(8000), 'gzip;q=0.5, *;q=0.6']) {
      const r = await get('/assets/root-abc.js', accept);
      expect([200, 404]).toContain(r.status);
      if (r.status === 200) {
        const coding = r.headers['content-encoding'];
        const text = decoded(r.body, coding);
        expect(text.toString()).toBe(script);
      }
    }
  });
});
