/**
 * Compressed responses (docs/decisions/020-performance.md): the encoding a request accepts,
 * Remix's streamed responses compressed as they stream, and the page cache's pages sent gzipped
 * without compressing them again for every visitor.
 *
 * Streaming is kept: everything the renderer hands over in one burst (the shell, then each
 * suspended part as it resolves) is flushed to the client once the burst ends, so a compressed
 * page arrives in the same steps as an uncompressed one. Flushing after every chunk would do
 * the same with more bytes: React hands over a burst in many small chunks.
 */
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

const { constants } = zlib;

/** Fast enough to compress every dynamic response, still a tenth smaller than gzip. */
const BROTLI_DYNAMIC = {
  [constants.BROTLI_PARAM_QUALITY]: 5,
  [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
  // a 256 KB window rather than the default 4 MB: pages are tens of KB, and each response's
  // encoder allocated and touched the large one (64 at once: 2.1 -> 1.4 ms CPU a 34 KB page,
  // the same bytes out)
  [constants.BROTLI_PARAM_LGWIN]: 18,
};
const GZIP_LEVEL = 6;

// a header is read up to this many entries: a hostile list of thousands costs nothing
const MAX_CODINGS = 32;
const Q_VALUE = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

/** The encodings this server produces, in its own order of preference. */
export const ENCODINGS = /** @type {const} */ (['br', 'gzip']);

/**
 * The weight a client gives each content coding in its Accept-Encoding (RFC 9110 §12.5.3);
 * `*` stands for every coding not named. A coding whose weight cannot be read counts as refused.
 * @param {string | null | undefined} header
 * @returns {Map<string, number>}
 */
export function acceptedCodings(header) {
  /** @type {Map<string, number>} */
  const weights = new Map();
  if (typeof header !== 'string' || header === '') return weights;
  const items = header.split(',', MAX_CODINGS);
  for (const item of items) {
    const [rawName, ...params] = item.split(';');
    const name = rawName.trim().toLowerCase();
    if (!/^[a-z0-9*!#$%&'+.^_`|~-]{1,32}$/.test(name)) continue;
    let q = 1;
    for (const param of params) {
      const p = param.trim();
      if (!/^q=/i.test(p)) continue;
      const m = Q_VALUE.exec(p);
      q = m ? Number(m[1]) : 0;
    }
    // the first mention of a coding counts, as most servers read it
    if (!weights.has(name)) weights.set(name, q);
  }
  return weights;
}

/**
 * The coding to send: of `offered` (in the server's order of preference), the one the client
 * weighs highest, ties going to the server's order; null for identity.
 * @param {string | null | undefined} header the request's Accept-Encoding
 * @param {readonly string[]} [offered]
 * @returns {string | null}
 */
export function chooseEncoding(header, offered = ENCODINGS) {
  const weights = acceptedCodings(header);
  const wildcard = weights.get('*') ?? 0;
  let best = null;
  let bestQ = 0;
  for (const coding of offered) {
    const q =
      weights.get(coding) ?? (coding === 'gzip' ? (weights.get('x-gzip') ?? wildcard) : wildcard);
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}

const COMPRESSIBLE =
  /^\s*(?:text\/(?!event-stream)|application\/(?:json|javascript|xml|xhtml\+xml|manifest\+json|ld\+json)|image\/svg\+xml)/i;

/** @param {string | null | undefined} contentType */
export function isCompressible(contentType) {
  return COMPRESSIBLE.test(contentType ?? '');
}

/** Responses shorter than this are sent as they are: a compressed copy would hardly be smaller. */
const MIN_BYTES = 1024;

/**
 * The coding for a response about to be sent, or null. A response that could have been
 * compressed says `Vary: Accept-Encoding` either way, so that no cache hands one client's
 * coding to another.
 * @param {import('express').Request} req
 * @param {import('express').Response} res
 * @param {Headers} headers the response's own headers (Remix's)
 */
export function encodingFor(req, res, headers) {
  if (req.method === 'HEAD') return null;
  if (!isCompressible(headers.get('Content-Type'))) return null;
  if (headers.has('Content-Encoding')) return null;
  if (/(^|,)\s*no-transform\s*(,|$)/i.test(headers.get('Cache-Control') ?? '')) return null;
  const length = headers.get('Content-Length');
  if (length !== null && Number(length) < MIN_BYTES) return null;
  res.vary('Accept-Encoding');
  return chooseEncoding(req.get('accept-encoding'));
}

/** @param {string} encoding 'br' or 'gzip' */
function encoder(encoding) {
  return encoding === 'br'
    ? zlib.createBrotliCompress({ params: BROTLI_DYNAMIC })
    : zlib.createGzip({ level: GZIP_LEVEL });
}

/**
 * Sends a body as it streams, in `encoding` (the headers are already set on `res`) or as it is
 * (null). What the body hands over in one go (React hands over a burst in many chunks of 512
 * bytes) is written as one chunk once it stops, and flushed when compressed: the client gets
 * each part as soon as it would have, in fewer writes and, compressed, fewer bytes.
 * @param {import('express').Response} res
 * @param {ReadableStream<Uint8Array>} body
 * @param {string | null} encoding
 */
export async function sendStreamed(res, body, encoding) {
  /** @type {import('node:stream').Writable} */
  let sink = res;
  /** @type {Promise<void> | null} */
  let sent = null;
  /** @type {(() => void) | null} */
  let flush = null;
  if (encoding) {
    res.removeHeader('Content-Length');
    res.setHeader('Content-Encoding', encoding);
    const z = encoder(encoding);
    const kind = encoding === 'br' ? constants.BROTLI_OPERATION_FLUSH : constants.Z_SYNC_FLUSH;
    sink = z;
    sent = pipeline(z, res);
    // a client leaving mid-page rejects it while the loop below still waits on the body: with no
    // handler yet, that rejection was unhandled and ended the process. Awaited at the end.
    sent.catch(() => undefined);
    flush = () => z.flush(kind);
  }
  const reader = body.getReader();
  /** @type {Uint8Array[]} */
  let burst = [];
  /** @type {NodeJS.Immediate | null} */
  let scheduled = null;
  const writeBurst = () => {
    scheduled = null;
    if (burst.length === 0 || sink.destroyed) return;
    sink.write(burst.length === 1 ? burst[0] : Buffer.concat(burst));
    burst = [];
    flush?.();
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (sink.destroyed) {
        await reader.cancel().catch(() => undefined);
        break;
      }
      burst.push(value);
      // after the chunks already handed over in this burst
      scheduled ??= setImmediate(writeBurst);
      if (sink.writableNeedDrain) await drained(sink);
    }
    if (scheduled) clearImmediate(scheduled);
    if (!sink.destroyed) {
      if (burst.length > 0) sink.write(Buffer.concat(burst));
      sink.end();
    }
  } catch (error) {
    // the body failed (not the client): reported by the caller, as Remix's own writer does
    if (scheduled) clearImmediate(scheduled);
    sink.destroy(/** @type {Error} */ (error));
    await reader.cancel(error).catch(() => undefined);
    await sent?.catch(() => undefined);
    throw error;
  }
  // the client leaving early is not the server's fault
  await sent?.catch(() => undefined);
}

/** @param {import('node:stream').Writable} stream */
function drained(stream) {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve(undefined);
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

/**
 * A page compressed once, with holes where each response's own nonce goes, so that filling it
 * costs a checksum instead of a compression. The text between the holes is deflated piece by
 * piece; every response puts its fill (`fillLength` bytes) in the holes as stored blocks. A
 * piece may refer back to the text before it (given to the compressor as its dictionary, each
 * hole as NULs): no text of the page contains a NUL, so nothing refers into a hole and every
 * distance is the same whatever fills it. The response decompresses to `text` with every
 * `hole` replaced.
 * @param {string} text
 * @param {string} hole
 * @param {number} fillLength
 * @returns {{ pieces: Buffer[], deflated: Buffer[], fillLength: number }}
 */
export function gzipTemplate(text, hole, fillLength) {
  const pieces = text.split(hole).map((s) => Buffer.from(s));
  // a page with a NUL of its own gets pieces that stand alone
  const linked = !text.includes('\0');
  const gap = Buffer.alloc(fillLength);
  /** @type {Buffer[]} */
  const before = [];
  const deflated = pieces.map((piece, i) => {
    const dictionary = linked && i > 0 ? Buffer.concat(before).subarray(-WINDOW) : undefined;
    before.push(piece, gap);
    return zlib.deflateRawSync(piece, {
      level: GZIP_LEVEL,
      dictionary,
      // every piece but the last ends on a byte boundary without closing the stream
      finishFlush: i === pieces.length - 1 ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
    });
  });
  return { pieces, deflated, fillLength };
}

// deflate looks back at most 32 KiB
const WINDOW = 32 * 1024;

/**
 * The gzip bytes of a template with `fill` in its holes, or null when `fill` is not of the
 * length the template was made for.
 * @param {ReturnType<typeof gzipTemplate>} template
 * @param {string} fill
 */
export function fillGzipTemplate({ pieces, deflated, fillLength }, fill) {
  const value = Buffer.from(fill);
  if (value.length !== fillLength || value.length > 0xffff) return null;
  const stored = Buffer.alloc(5 + value.length);
  // a stored block, not the last: BFINAL 0, BTYPE 00, then LEN and its complement
  stored.writeUInt16LE(value.length, 1);
  stored.writeUInt16LE(~value.length & 0xffff, 3);
  value.copy(stored, 5);
  /** @type {Buffer[]} */
  const out = [GZIP_HEADER];
  let crc = 0;
  let size = 0;
  for (let i = 0; i < pieces.length; i++) {
    if (i > 0) {
      out.push(stored);
      crc = zlib.crc32(value, crc);
      size += value.length;
    }
    out.push(deflated[i]);
    // (Node 20's crc32 of no bytes answers 0, not the value it was given)
    if (pieces[i].length > 0) crc = zlib.crc32(pieces[i], crc);
    size += pieces[i].length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  out.push(trailer);
  return Buffer.concat(out);
}

/**
 * Compresses a whole body now (a page the cache holds, for a client that takes brotli only).
 * @param {Buffer | string} body
 * @param {string} encoding
 */
export function compressWhole(body, encoding) {
  return encoding === 'br'
    ? zlib.brotliCompressSync(body, { params: BROTLI_DYNAMIC })
    : zlib.gzipSync(body, { level: GZIP_LEVEL });
}
