/**
 * A short-lived in-process cache of the public pages as anonymous visitors get them
 * (docs/decisions/013-public-page-cache.md). The app alone decides what is public
 * (app/lib/cache.server.ts): a response is kept only when its Cache-Control says `public` (data
 * without a nonce) or `no-cache` without `no-store` (an HTML page: private to shared caches
 * because of its nonce, docs/decisions/018, but the same for every anonymous visitor). It never
 * says either for a signed-in visitor, a Set-Cookie or an error. Any write handled by this process
 * empties the cache, and every entry expires after `ttlMs` whatever happens (other processes
 * writing to the same PostgreSQL database, a deadline passing).
 *
 * The per-response CSP nonce is rendered as a per-process placeholder and replaced with the
 * response's own nonce on every send, so a cached page never repeats a nonce. A page is also
 * kept gzipped with holes where the nonce goes (server/compression.mjs), so that a hit is sent
 * compressed without compressing it again (docs/decisions/020-performance.md).
 */
import { randomBytes } from 'node:crypto';
import {
  chooseEncoding,
  compressWhole,
  fillGzipTemplate,
  gzipTemplate,
  isCompressible,
} from './compression.mjs';
import { headersOf } from './request-body.mjs';
import { newNonce } from './security.mjs';

const SESSION_COOKIE = /(^|;\s*)(__Host-)?jiebang_session=/;
const LANG_COOKIE = /(?:^|;\s*)lang=(zh|en)\b/;
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
// recomputed for the body actually sent
const HOP_BY_HOP = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);
// a shorter page is sent as it is: compressed it would hardly be smaller
const COMPRESS_FROM_BYTES = 1024;
// the codings a kept page is sent in, in this order of preference: gzip is filled in from the
// kept template, brotli would be compressed anew for each response
const CACHED_CODINGS = ['gzip', 'br'];
const NONCE_LENGTH = newNonce().length;

/**
 * @typedef {{ status: number, headers: [string, string][], pieces: Buffer[], gzip: ReturnType<typeof gzipTemplate> | null, bytes: number, expires: number }} Entry
 * @typedef {(request: Request, context: { cspNonce: string }) => Promise<Response>} Handler
 * @typedef {{ method: string, url: string, cookie?: string | null, isPublicPath: (pathname: string) => boolean }} Candidate
 */

/**
 * The cache key of a request, or null when the request must not be served from the cache:
 * not a GET, a signed-in visitor, or not a public page. The language cookie is part of the key
 * because the page's language follows it.
 * @param {Candidate} r
 */
export function pageCacheKey({ method, url, cookie, isPublicPath }) {
  if (method !== 'GET') return null;
  if (SESSION_COOKIE.test(cookie ?? '')) return null;
  const u = new URL(url, 'http://localhost');
  if (!isPublicPath(u.pathname)) return null;
  const lang = LANG_COOKIE.exec(cookie ?? '')?.[1] ?? '-';
  return `${lang} ${u.pathname}${u.search}`;
}

/**
 * @param {string} cacheControl
 * @param {string} directive
 */
function says(cacheControl, directive) {
  return new RegExp(`(^|,)\\s*${directive}\\s*(,|=|$)`, 'i').test(cacheControl);
}

/** The app's word that every anonymous visitor may get this copy (see the top). */
function isReusable(/** @type {string} */ cacheControl) {
  if (says(cacheControl, 'no-store')) return false;
  return says(cacheControl, 'public') || says(cacheControl, 'no-cache');
}

/**
 * `version` is the data version (app/lib/data-version.server.ts): when it has moved since the
 * last request, every kept page is dropped. Writes of this process move it, and on PostgreSQL
 * so do other instances' writes (app/lib/shared-version.server.ts), within milliseconds.
 * @param {{ ttlMs?: number, maxBytes?: number, now?: () => number, version?: () => number }} [options]
 */
export function createPageCache({
  ttlMs = 10_000,
  maxBytes = 32 * 1024 * 1024,
  now = () => Date.now(),
  version = () => 0,
} = {}) {
  const placeholder = randomBytes(16).toString('base64url');
  /** @type {Map<string, Entry>} insertion order doubles as LRU order */
  const entries = new Map();
  /** @type {Map<string, Promise<Entry | null>>} */
  const pending = new Map();
  let bytes = 0;
  // bumped by every write; a render that began before a write is not stored after it
  let generation = 0;
  let seenVersion = version();
  const stats = { hits: 0, misses: 0, stores: 0, invalidations: 0 };

  /** @param {string} key */
  function drop(key) {
    const e = entries.get(key);
    if (!e) return;
    entries.delete(key);
    bytes -= e.bytes;
  }

  function invalidate() {
    generation += 1;
    entries.clear();
    pending.clear();
    bytes = 0;
    stats.invalidations += 1;
  }

  /** @param {string} key */
  function fresh(key) {
    const e = entries.get(key);
    if (!e) return null;
    if (e.expires <= now()) {
      drop(key);
      return null;
    }
    // most recently used goes last
    entries.delete(key);
    entries.set(key, e);
    return e;
  }

  /**
   * The fresh entry for `key`, counted as a hit, or null; every kept page is dropped first when
   * the data version has moved.
   * @param {string} key
   */
  function peek(key) {
    const v = version();
    if (v !== seenVersion) {
      seenVersion = v;
      invalidate();
    }
    const hit = fresh(key);
    if (hit) stats.hits += 1;
    return hit;
  }

  /**
   * Reads the rendered response and keeps it when it may be shared.
   * @param {string} key
   * @param {Response} response
   * @param {number} startedAt the generation when the render began
   * @returns {Promise<{ entry: Entry, shareable: boolean }>}
   */
  async function keep(key, response, startedAt) {
    const body = await response.text();
    const headers = [...response.headers].filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase()));
    const shareable =
      response.status === 200 &&
      !response.headers.has('Set-Cookie') &&
      isReusable(response.headers.get('Cache-Control') ?? '');
    const compressible =
      isCompressible(response.headers.get('Content-Type')) &&
      !response.headers.has('Content-Encoding') &&
      Buffer.byteLength(body) >= COMPRESS_FROM_BYTES;
    // compressed once here for every later hit; a page that is not kept is compressed when sent
    const gzip = compressible && shareable ? gzipTemplate(body, placeholder, NONCE_LENGTH) : null;
    const pieces = body.split(placeholder).map((piece) => Buffer.from(piece));
    /** @type {Entry} */
    const entry = {
      status: response.status,
      headers,
      pieces,
      gzip,
      bytes:
        pieces.reduce((n, p) => n + p.length, 0) +
        (gzip?.deflated.reduce((n, p) => n + p.length, 0) ?? 0) +
        512,
      expires: now() + ttlMs,
    };
    if (shareable && ttlMs > 0 && startedAt === generation && entry.bytes <= maxBytes / 8) {
      drop(key);
      entries.set(key, entry);
      bytes += entry.bytes;
      stats.stores += 1;
      for (const oldest of entries.keys()) {
        if (bytes <= maxBytes) break;
        drop(oldest);
      }
    }
    return { entry, shareable };
  }

  return {
    placeholder,
    stats,
    invalidate,
    get size() {
      return entries.size;
    },
    /**
     * The kept page for `key`, or null, without rendering anything: the hit that may be
     * answered before Express (server/page-cache-hits.mjs).
     */
    peek,
    /**
     * The page for `key`: from the cache, from a render already under way for the same key, or
     * rendered now by `render` (called with the placeholder nonce).
     * @param {string} key
     * @param {() => Promise<Response>} render
     * @returns {Promise<{ entry: Entry, hit: boolean }>}
     */
    async serve(key, render) {
      const hit = peek(key);
      if (hit) return { entry: hit, hit: true };
      stats.misses += 1;
      const shared = pending.get(key);
      if (shared) {
        const entry = await shared;
        if (entry) return { entry, hit: true };
      }
      const startedAt = generation;
      const job = render().then((response) => keep(key, response, startedAt));
      // concurrent requests for the same page wait for this render, if it may be shared
      const sharedJob = job.then(
        (r) => (r.shareable ? r.entry : null),
        () => null,
      );
      pending.set(key, sharedJob);
      try {
        return { entry: (await job).entry, hit: false };
      } finally {
        if (pending.get(key) === sharedJob) pending.delete(key);
      }
    },
    /**
     * The body to send in `encoding` (null: as it is), with this response's nonce.
     * @param {Entry} entry
     * @param {string} nonce
     * @param {string | null} encoding
     */
    encodedBodyFor(entry, nonce, encoding) {
      const filled = encoding === 'gzip' && entry.gzip && fillGzipTemplate(entry.gzip, nonce);
      if (filled) return filled;
      const body = joinPieces(entry.pieces, nonce);
      return encoding ? compressWhole(body, encoding) : body;
    },
  };
}

/**
 * @param {Buffer[]} pieces
 * @param {string} nonce
 */
function joinPieces(pieces, nonce) {
  if (pieces.length === 1) return pieces[0];
  const fill = Buffer.from(nonce);
  /** @type {Buffer[]} */
  const parts = [];
  pieces.forEach((piece, i) => {
    if (i > 0) parts.push(fill);
    parts.push(piece);
  });
  return Buffer.concat(parts);
}

/**
 * Whether a kept page is sent compressed: a body long enough, of a type worth it.
 * @param {Entry} entry
 */
function compressibleEntry(entry) {
  if (entry.gzip) return true;
  const header = (/** @type {string} */ name) =>
    entry.headers.find(([n]) => n.toLowerCase() === name)?.[1] ?? null;
  return (
    isCompressible(header('content-type')) &&
    header('content-encoding') === null &&
    entry.pieces.reduce((n, p) => n + p.length, 0) >= COMPRESS_FROM_BYTES
  );
}

/**
 * Express middleware: anonymous GETs of public pages through the cache, writes empty it, every
 * other request goes on to `next` (the ordinary Remix handler). Pages are sent compressed
 * when the client accepts it, unless `compress` is false.
 * @param {{ cache: ReturnType<typeof createPageCache>, handler: Handler, isPublicPath: (p: string) => boolean, compress?: boolean }} deps
 * @returns {import('express').RequestHandler}
 */
export function pageCacheMiddleware({ cache, handler, isPublicPath, compress = true }) {
  return (req, res, next) => {
    if (!SAFE.has(req.method)) {
      // before (a render under way must not be kept) and after (what it rendered meanwhile)
      cache.invalidate();
      res.on('finish', () => cache.invalidate());
      return next();
    }
    const url = `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`;
    const key = pageCacheKey({
      method: req.method,
      url,
      cookie: req.get('cookie'),
      isPublicPath,
    });
    if (!key) return next();
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const render = () =>
      handler(
        new Request(url, { method: 'GET', headers: headersOf(req), signal: controller.signal }),
        { cspNonce: cache.placeholder },
      );
    cache
      .serve(key, render)
      .then(({ entry, hit }) =>
        sendEntry(cache, entry, {
          req,
          res,
          hit,
          compress,
          nonce: String(res.locals.cspNonce ?? ''),
        }),
      )
      .catch(next);
  };
}

/**
 * Sends a kept page with this response's nonce, compressed when the client accepts it and
 * `compress` allows. Plain Node calls, so that a hit answered before Express
 * (server/page-cache-hits.mjs) is sent exactly as one answered here.
 * @param {ReturnType<typeof createPageCache>} cache
 * @param {Entry} entry
 * @param {{ req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, hit: boolean, compress: boolean, nonce: string }} how
 */
export function sendEntry(cache, entry, { req, res, hit, compress, nonce }) {
  res.statusCode = entry.status;
  for (const [name, value] of entry.headers) res.appendHeader(name, value);
  res.setHeader('X-Page-Cache', hit ? 'hit' : 'miss');
  let encoding = null;
  if (compress && compressibleEntry(entry)) {
    const vary = String(res.getHeader('Vary') ?? '');
    if (!/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary))
      res.setHeader('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    encoding = chooseEncoding(req.headers['accept-encoding'], CACHED_CODINGS);
  }
  const body = cache.encodedBodyFor(entry, nonce, encoding);
  if (encoding) res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', String(body.length));
  res.end(body);
}
