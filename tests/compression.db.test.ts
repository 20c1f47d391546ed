// Compressed responses from the real server (server.mjs) over HTTP: pages, data and scripts in
// brotli or gzip when the client accepts them and as they are otherwise, always with
// `Vary: Accept-Encoding`; a streamed page decompresses to exactly the bytes the uncompressed one
// has (no NUL, no U+FFFD), with the response's own nonce; the page cache's copies too; and no
// Accept-Encoding header, however odd, breaks a response. docs/decisions/020-performance.md
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { createLauncher, startAppServer, TEST_BUILD_DIR } from './app-server';
import { makeChallenge, makeUser } from './factories';
import { decoded } from './raw-http';
import { sessionToken } from './route-call';

const BUILD_DIR = TEST_BUILD_DIR;
const launcher = createLauncher();
let origin = '';
let teamCookie = '';
let challengeCode = '';

beforeAll(async () => {
  // the records first: once started, the server's background runs write to the same SQLite
  // file, and a write of ours could wait out the busy timeout behind them on a loaded machine
  const challenge = await makeChallenge(db, { status: 'PUBLISHED', published: true });
  challengeCode = challenge.code!;
  const team = await makeUser(db, { role: 'TEAM' });
  teamCookie = `jiebang_session=${await sessionToken(db, team)}`;
  const server = await startAppServer(launcher, {
    buildDir: BUILD_DIR,
    env: { DATABASE_URL: inject('databaseUrl') },
  });
  origin = server.origin;
}, 300_000);

afterAll(async () => {
  launcher.killAll();
  await db.$disconnect();
});

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer; text: string };

/** A GET whose bytes are read as sent and decompressed here, as its Content-Encoding says. */
function get(path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http
      .get(origin + path, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          try {
            const coding = res.headers['content-encoding'];
            const plain = decoded(body, coding);
            resolve({
              status: res.statusCode!,
              headers: res.headers,
              body,
              text: plain.toString(),
            });
          } catch (error) {
            reject(error);
          }
        });
      })
      .on('error', reject);
  });
}

function nonceOf(r: Raw) {
  return /'nonce-([^']+)'/.exec(String(r.headers['content-security-policy']))![1];
}

/** The page with its nonce taken out: two responses of the same page then compare equal. */
function withoutNonce(r: Raw) {
  const nonce = nonceOf(r);
  expect(r.text).toContain(`nonce="${nonce}"`);
  return r.text.replaceAll(nonce, 'NONCE');
}

function expectClean(r: Raw) {
  expect(r.text).not.toContain('\0');
  expect(r.text).not.toContain('\uFFFD');
  expect(r.text).toMatch(/^<!DOCTYPE html>/);
  // (the streamed parts follow the document's end)
  expect(r.text).toContain('</html>');
}

describe(`compressed pages over HTTP (${inject('databaseKind')})`, () => {
  it('streams a signed-in page in brotli or gzip, the same bytes as uncompressed', async () => {
    const plain = await get('/applications', { Cookie: teamCookie });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/);
    expectClean(plain);
    for (const [accept, coding] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0.5, gzip;q=0.9', 'gzip'],
    ]) {
      const r = await get('/applications', { Cookie: teamCookie, 'Accept-Encoding': accept });
      expect(r.status).toBe(200);
      expect(r.headers['content-encoding'], accept).toBe(coding);
      expect(r.headers['transfer-encoding']).toBe('chunked');
      expect(r.headers.vary).toMatch(/Accept-Encoding/);
      expect(r.headers['cache-control']).toBe('private, no-store');
      expect(r.body.length).toBeLessThan(plain.body.length / 2);
      expectClean(r);
      // each response its own nonce, in the header and the page alike
      expect(nonceOf(r)).not.toBe(nonceOf(plain));
      expect(withoutNonce(r)).toBe(withoutNonce(plain));
    }
  });

  it('serves the page cache’s copy gzipped with a fresh nonce, or as it is', async () => {
    const path = `/challenges/${challengeCode}`;
    const plain = await get(path);
    expect(plain.status).toBe(200);
    expectClean(plain);
    const nonces = new Set([nonceOf(plain)]);
    for (const [accept, coding] of [
      ['gzip, deflate, br', 'gzip'],
      ['br', 'br'],
      ['identity', undefined],
    ] as const) {
      const r = await get(path, { 'Accept-Encoding': accept });
      expect(r.headers['x-page-cache']).toBe('hit');
      expect(r.headers['content-encoding'], accept).toBe(coding);
      expect(r.headers.vary).toMatch(/Cookie/);
      expect(r.headers.vary).toMatch(/Accept-Encoding/);
      expect(Number(r.headers['content-length'])).toBe(r.body.length);
      expectClean(r);
      expect(withoutNonce(r)).toBe(withoutNonce(plain));
      nonces.add(nonceOf(r));
    }
    expect(nonces.size).toBe(4);
  });

  it('compresses the pages’ data requests too', async () => {
    const plain = await get('/challenges.data');
    const r = await get('/challenges.data', { 'Accept-Encoding': 'br' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/x-script/);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.text).toBe(plain.text);
  });

  it('serves the build’s scripts and styles from their precompressed copies', async () => {
    const page = await get('/challenges');
    const assets = [...page.text.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map(
      (m) => m[1],
    );
    expect(assets.length).toBeGreaterThan(2);
    for (const asset of new Set(assets)) {
      const plain = await get(asset);
      expect(plain.status, asset).toBe(200);
      // a file too small to be worth a copy (under 512 bytes) has none; every larger one has
      const hasCopies = plain.headers.vary === 'Accept-Encoding';
      if (plain.body.length >= 1024) expect(hasCopies, asset).toBe(true);
      for (const [accept, coding] of [
        ['gzip, deflate, br', 'br'],
        ['gzip', 'gzip'],
      ]) {
        const r = await get(asset, { 'Accept-Encoding': accept });
        expect(r.headers['content-type'], asset).toBe(plain.headers['content-type']);
        expect(r.headers['cache-control'], asset).toContain('immutable');
        expect(r.headers['content-encoding'], asset).toBe(hasCopies ? coding : undefined);
        expect(r.headers.vary, asset).toBe(hasCopies ? 'Accept-Encoding' : undefined);
        expect(r.text, asset).toBe(plain.text);
      }
    }
  });

  it('answers every Accept-Encoding header, however odd, with a page it can read', async () => {
    const headers = [
      'br;q=2',
      'gzip;q=-1, br;q=NaN',
      '*',
      '*;q=0',
      'identity;q=0',
      ',,,;;;q=',
      'gzip;q=0.5;q=1;q=0',
      'x'.repeat(8000),
      `${'gzip;q=0.1, '.repeat(500)}br`,
      'GzIp',
      'compress, deflate, zstd',
      '\u00e9\u00e8br',
    ];
    for (const accept of headers) {
      for (const [path, extra] of [
        ['/challenges', {}],
        ['/applications', { Cookie: teamCookie }],
      ] as const) {
        const r = await get(path, { ...extra, 'Accept-Encoding': accept });
        expect(r.status, `${path} ${accept.slice(0, 40)}`).toBe(200);
        expect([undefined, 'br', 'gzip']).toContain(r.headers['content-encoding']);
        expect(r.headers['content-security-policy']).toContain("'nonce-");
        expect(r.headers['x-frame-options']).toBe('DENY');
        expectClean(r);
      }
    }
  });
});
