import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import express from 'express';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  acceptedCodings,
  chooseEncoding,
  fillGzipTemplate,
  gzipTemplate,
  isCompressible,
  sendStreamed,
} from './compression.mjs';

describe('Accept-Encoding', () => {
  it('picks the coding the client weighs highest, ties to brotli', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('gzip')).toBe('gzip');
    expect(chooseEncoding('br')).toBe('br');
    expect(chooseEncoding('br;q=0.5, gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(chooseEncoding('x-gzip')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('*;q=0.1, br;q=0')).toBe('gzip');
    expect(chooseEncoding('GZIP;Q=1.000')).toBe('gzip');
  });

  it('sends identity when nothing it makes is accepted', () => {
    for (const header of [
      undefined,
      null,
      '',
      'identity',
      'deflate',
      'zstd',
      'gzip;q=0, br;q=0',
      '*;q=0',
      'gzip;q=0.000',
    ])
      expect(chooseEncoding(header)).toBeNull();
  });

  it('counts a weight it cannot read as a refusal', () => {
    expect(chooseEncoding('gzip;q=2')).toBeNull();
    expect(chooseEncoding('gzip;q=-1')).toBeNull();
    expect(chooseEncoding('gzip;q=NaN')).toBeNull();
    expect(chooseEncoding('gzip;q=1e0')).toBeNull();
    expect(chooseEncoding('gzip;q=0.5;q=oops, br;q=0.1')).toBe('br');
  });

  it('reads only the first entries of a hostile header', () => {
    const long = `${'x,'.repeat(100_000)}gzip`;
    expect(acceptedCodings(long).size).toBeLessThanOrEqual(32);
    expect(chooseEncoding(long)).toBeNull();
    expect(chooseEncoding(`gzip,${'x;q=0.5,'.repeat(10_000)}`)).toBe('gzip');
    expect(chooseEncoding(`${'é'.repeat(10_000)}, gzip`)).toBe('gzip');
  });

  it('never throws and answers br, gzip or identity, whatever the header', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (header) => {
        expect([null, 'br', 'gzip']).toContain(chooseEncoding(header));
      }),
      { numRuns: 500 },
    );
  });

  it('compresses text, scripts, data and SVG, never event streams or images', () => {
    for (const t of [
      'text/html; charset=utf-8',
      'text/css',
      'application/javascript',
      'application/json',
      'text/x-script',
      'image/svg+xml',
    ])
      expect(isCompressible(t), t).toBe(true);
    for (const t of ['text/event-stream', 'image/png', 'application/pdf', '', null])
      expect(isCompressible(t), String(t)).toBe(false);
  });
});

describe('gzip template with holes for the nonce', () => {
  const HOLE = 'PLACEHOLDER_0123456789';
  const nonce = () => zlib.crc32(String(Math.random())).toString(16).padStart(24, 'x');

  it('decompresses to the page with each response’s nonce in every hole', () => {
    const page = [
      '<!DOCTYPE html><html lang="zh"><body><h1>揭榜挂帅 · 技术难题榜单</h1>',
      '<ul>' + '<li>新能源汽车电池热管理 Battery thermal management</li>'.repeat(200) + '</ul>',
      `<script nonce="${HOLE}">window.__remixContext = {"state":"揭榜"};</script>`,
      `<script nonce="${HOLE}" type="module">import "/assets/root.js";</script></body></html>`,
    ].join('');
    const template = gzipTemplate(page, HOLE, 24);
    for (let i = 0; i < 3; i++) {
      const n = nonce();
      const bytes = fillGzipTemplate(template, n)!;
      expect(zlib.gunzipSync(bytes).toString()).toBe(page.replaceAll(HOLE, n));
    }
    // about as small as the whole page compressed at once: pieces after a hole still refer back
    const whole = zlib.gzipSync(page.replaceAll(HOLE, nonce()), { level: 6 }).length;
    expect(fillGzipTemplate(template, nonce())!.length).toBeLessThan(whole * 1.25);
  });

  it('is exact for any text, holes anywhere, multi-byte characters and NULs included', () => {
    const piece = fc.string({ unit: 'grapheme', maxLength: 200 });
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), (pieces) => {
        const text = pieces.join(HOLE);
        const n = nonce();
        const bytes = fillGzipTemplate(gzipTemplate(text, HOLE, 24), n)!;
        expect(zlib.gunzipSync(bytes).toString()).toBe(text.replaceAll(HOLE, n));
      }),
      { numRuns: 300 },
    );
    const withNul = `a\0b${HOLE}${'a\0b'.repeat(50)}${HOLE}`;
    expect(
      zlib.gunzipSync(fillGzipTemplate(gzipTemplate(withNul, HOLE, 3), 'xyz')!).toString(),
    ).toBe(withNul.replaceAll(HOLE, 'xyz'));
  });

  it('refuses a fill of another length (the caller then compresses the page whole)', () => {
    const template = gzipTemplate(`a${HOLE}b`, HOLE, 24);
    expect(fillGzipTemplate(template, 'short')).toBeNull();
  });
});

type Step = { chunk?: Uint8Array; fail?: Error; wait?: Promise<void> };

/** A real server that sends a scripted body through sendStreamed. */
async function serveSteps(steps: Step[]) {
  const app = express();
  app.get('/', (req, res, next) => {
    const body = new ReadableStream<Uint8Array>({
      async start(c) {
        for (const s of steps) {
          if (s.wait) await s.wait;
          if (s.fail) return c.error(s.fail);
          if (s.chunk) c.enqueue(s.chunk);
        }
        c.close();
      },
    });
    res.type('html');
    const coding = String(req.query.coding);
    sendStreamed(res, body, coding === 'identity' ? null : coding).catch(next);
  });
  const server = app.listen(0);
  await new Promise((r) => server.once('listening', r));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** Reads a compressed response as a client would, decompressing as bytes arrive. */
function readCompressed(url: string, coding: string) {
  let text = '';
  let raw = 0;
  const listeners: (() => void)[] = [];
  const finished = new Promise<{ status: number; headers: http.IncomingHttpHeaders }>(
    (resolve, reject) => {
      http
        .get(url, (res) => {
          const z =
            coding === 'br'
              ? zlib.createBrotliDecompress()
              : coding === 'gzip'
                ? zlib.createGunzip()
                : new PassThrough();
          res.on('data', (b: Buffer) => (raw += b.length));
          res.pipe(z);
          z.on('data', (b: Buffer) => {
            text += b.toString('latin1');
            for (const l of listeners.splice(0)) l();
          });
          z.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
          z.on('error', reject);
        })
        .on('error', reject);
    },
  );
  return {
    finished,
    /** resolves once the decompressed text so far contains `s` */
    until(s: string) {
      return new Promise<void>((resolve) => {
        const check = () => (text.includes(s) ? resolve() : listeners.push(check));
        check();
      });
    },
    bytes: () => Buffer.from(text, 'latin1'),
    rawBytes: () => raw,
  };
}

describe('streamed responses, compressed as they stream or not', () => {
  for (const coding of ['br', 'gzip', 'identity']) {
    it(`${coding}: each burst reaches the client before the next is rendered`, async () => {
      let release!: () => void;
      const later = new Promise<void>((r) => (release = r));
      const enc = new TextEncoder();
      const base = await serveSteps([
        { chunk: enc.encode('<!DOCTYPE html><html><body><h1>壳 shell</h1>') },
        { chunk: enc.encode('<p>' + '目录 '.repeat(500) + '</p>') },
        { wait: later },
        { chunk: enc.encode('<template>后来的部分 later part</template></body></html>') },
      ]);
      const client = readCompressed(`${base}/?coding=${coding}`, coding);
      // the shell decompresses on the client while the rest is still held back
      await client.until('</p>');
      expect(client.bytes().toString()).not.toContain('later part');
      release();
      const { headers } = await client.finished;
      expect(headers['content-encoding']).toBe(coding === 'identity' ? undefined : coding);
      expect(headers['content-length']).toBeUndefined();
      expect(client.bytes().toString()).toBe(
        '<!DOCTYPE html><html><body><h1>壳 shell</h1><p>' +
          '目录 '.repeat(500) +
          '</p><template>后来的部分 later part</template></body></html>',
      );
      if (coding !== 'identity') expect(client.rawBytes()).toBeLessThan(client.bytes().length / 3);
    });
  }

  it('keeps multi-byte characters whole across chunk boundaries: no NUL, no U+FFFD', async () => {
    const text = '揭榜挂帅，技术难题🚀 Ünïcødé '.repeat(3000);
    const bytes = new TextEncoder().encode(text);
    // cut at odd places, inside characters
    const steps: Step[] = [];
    for (let i = 0; i < bytes.length; i += 1021) steps.push({ chunk: bytes.slice(i, i + 1021) });
    const base = await serveSteps(steps);
    for (const coding of ['br', 'gzip', 'identity']) {
      const client = readCompressed(`${base}/?coding=${coding}`, coding);
      await client.finished;
      const got = client.bytes();
      expect(got.equals(Buffer.from(bytes))).toBe(true);
      expect(got.includes(0)).toBe(false);
      expect(got.toString()).not.toContain('\uFFFD');
    }
  });

  it('passes a failure of the body on to the caller', async () => {
    const app = express();
    const failures: unknown[] = [];
    app.get('/', (_req, res) => {
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode('<html>'));
          c.error(new Error('render failed'));
        },
      });
      res.type('html');
      sendStreamed(res, body, 'gzip').catch((e) => failures.push(e));
    });
    const server = app.listen(0);
    await new Promise((r) => server.once('listening', r));
    servers.push(server);
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => {
      http
        .get(`http://127.0.0.1:${port}/`, (res) => {
          res.resume();
          res.on('close', resolve);
          res.on('error', () => resolve());
        })
        .on('error', () => resolve());
    });
    await expect.poll(() => failures.length).toBe(1);
    expect(String(failures[0])).toContain('render failed');
  });

  it('survives a client that leaves in the middle of a compressed page', async () => {
    // a client closing its connection mid-response rejected the compressor's pipeline while
    // nothing was waiting for it yet: an unhandled rejection, which ends the process
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      for (const coding of ['br', 'gzip']) {
        let release!: () => void;
        const later = new Promise<void>((r) => (release = r));
        const url = await serveSteps([
          { chunk: new TextEncoder().encode(`<html>${'技术难题'.repeat(2_000)}`) },
          { wait: later },
          { chunk: new TextEncoder().encode('</html>') },
        ]);
        await new Promise<void>((resolve) => {
          const req = http.get(
            `${url}/?coding=${coding}`,
            { headers: { 'Accept-Encoding': coding } },
            (res) => {
              // the first part arrives; the client goes away before the rest
              res.once('data', () => {
                req.destroy();
                setTimeout(() => {
                  release();
                  resolve();
                }, 50);
              });
            },
          );
          req.on('error', () => undefined);
        });
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
