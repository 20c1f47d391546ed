/**
 * Static files compressed once at build time (vite.config.ts writes `x.js.br` and `x.js.gz`
 * beside `x.js` in the client build) and served in the coding the client accepts
 * (docs/decisions/020-performance.md).
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import express from 'express';
import { chooseEncoding } from './compression.mjs';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** The file written beside the original for each coding. */
export const SUFFIX = /** @type {const} */ ({ br: '.br', gzip: '.gz' });
const WORTH = /\.(?:js|mjs|css|svg|json|txt|xml|html|ico|webmanifest|map)$/i;
const MIN_BYTES = 512;
const { mime } = express.static;

/** @param {string} dir */
async function* filesUnder(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (entry.isFile()) yield full;
  }
}

/**
 * Writes the brotli (quality 11) and gzip (level 9) copies of every compressible file under
 * `dir` that they make smaller. Returns the totals, for the build's log.
 * @param {string} dir
 */
export async function precompressDirectory(dir) {
  const totals = { files: 0, bytes: 0, br: 0, gzip: 0 };
  /** @type {Promise<void>[]} */
  const jobs = [];
  for await (const file of filesUnder(dir)) {
    if (!WORTH.test(file)) continue;
    jobs.push(
      (async () => {
        const body = await readFile(file);
        if (body.length < MIN_BYTES) return;
        const [br, gz] = await Promise.all([
          brotli(body, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
            },
          }),
          gzip(body, { level: 9 }),
        ]);
        totals.files += 1;
        totals.bytes += body.length;
        // a copy that saves almost nothing is not worth a second request path
        if (br.length < body.length * 0.9) {
          await writeFile(file + SUFFIX.br, br);
          totals.br += br.length;
        }
        if (gz.length < body.length * 0.9) {
          await writeFile(file + SUFFIX.gzip, gz);
          totals.gzip += gz.length;
        }
      })(),
    );
  }
  await Promise.all(jobs);
  return totals;
}

/**
 * The files of the client build under `root`, by URL path, each with the codings of its
 * compressed copies: `/assets/x.js` → ['br', 'gzip'], `/favicon.ico` → []. Read once at start:
 * the build does not change under a running server.
 * @param {string} root
 * @returns {Promise<Map<string, string[]>>}
 */
export async function scanClientBuild(root) {
  /** @type {Map<string, string[]>} */
  const found = new Map();
  let exists = false;
  try {
    exists = (await stat(root)).isDirectory();
  } catch {
    // no client build: nothing to serve compressed
  }
  if (!exists) return found;
  /** @type {Set<string>} */
  const files = new Set();
  for await (const file of filesUnder(root)) files.add(file);
  const copies = Object.values(SUFFIX);
  for (const file of files) {
    if (copies.some((suffix) => file.endsWith(suffix) && files.has(file.slice(0, -suffix.length))))
      continue;
    const codings = Object.entries(SUFFIX)
      .filter(([, suffix]) => files.has(file + suffix))
      .map(([coding]) => coding);
    const urlPath = '/' + path.relative(root, file).split(path.sep).join('/');
    // the server's order of preference: brotli first
    found.set(
      urlPath,
      codings.sort((a, b) => (a === 'br' ? -1 : b === 'br' ? 1 : 0)),
    );
  }
  return found;
}

/**
 * Express middleware around express.static: `before` points a request for a file that has
 * compressed copies at the copy the client accepts, with the original's Content-Type, and the
 * static handler serves it (ranges, conditional requests and caching headers as for any
 * file); `after` undoes that for a request the static handler passed on (the copy is gone).
 * @param {Map<string, string[]>} variants from scanClientBuild
 * @returns {{ before: import('express').RequestHandler, after: import('express').RequestHandler }}
 */
export function servePrecompressed(variants) {
  return {
    before(req, res, next) {
      if (variants.size === 0 || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
      let pathname;
      try {
        pathname = decodeURIComponent(req.path);
      } catch {
        return next();
      }
      const codings = variants.get(pathname);
      if (!codings?.length) return next();
      res.vary('Accept-Encoding');
      const coding = /** @type {'br' | 'gzip' | null} */ (
        chooseEncoding(req.get('accept-encoding'), codings)
      );
      if (!coding) return next();
      // the type the static handler gives the file itself
      const type = mime.lookup(pathname);
      const charset = mime.charsets.lookup(type);
      res.setHeader('Content-Type', charset ? `${type}; charset=${charset}` : type);
      res.setHeader('Content-Encoding', coding);
      res.locals.precompressedFrom = req.url;
      const query = req.url.indexOf('?');
      req.url =
        query === -1
          ? req.url + SUFFIX[coding]
          : req.url.slice(0, query) + SUFFIX[coding] + req.url.slice(query);
      next();
    },
    after(req, res, next) {
      if (typeof res.locals.precompressedFrom === 'string') {
        req.url = res.locals.precompressedFrom;
        delete res.locals.precompressedFrom;
        res.removeHeader('Content-Encoding');
        res.removeHeader('Content-Type');
      }
      next();
    },
  };
}

/**
 * `handler` for the files of the client build only: a page's request goes on at once, without
 * a look on the disk for a file that is not there.
 * @param {Map<string, string[]>} files from scanClientBuild
 * @param {import('express').RequestHandler} handler
 * @returns {import('express').RequestHandler}
 */
export function forClientFiles(files, handler) {
  return (req, res, next) => {
    let pathname;
    try {
      pathname = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    if (!files.has(pathname)) return next();
    handler(req, res, next);
  };
}
