// Request bodies at the edge (docs/decisions/018-request-limits-at-the-edge.md): a request may
// send at most its limit (server/request-limits.mjs); one that says it will send more is
// refused before a byte of its body is read, one that sends more without saying so (chunked)
// is refused when it crosses the limit. Either way the server then reads and discards what the
// client is still sending, up to a bound, so that a browser that is still uploading gets to
// read the answer instead of a "connection reset".
import { encodingFor, sendStreamed } from './compression.mjs';
import {
  bodyLimitFor,
  declaredLength,
  DRAIN_LIMIT_BYTES,
  DRAIN_TIMEOUT_MS,
  localeOf,
  multipartBoundary,
  refusalPage,
} from './request-limits.mjs';

const NO_BODY = new Set(['GET', 'HEAD']);

class PayloadTooLargeError extends Error {
  /** @param {number} limit */
  constructor(limit) {
    super(`request body exceeds ${limit} bytes`);
    this.name = 'PayloadTooLargeError';
    this.status = 413;
  }
}

/**
 * True when the connection ends with this response (the client said `Connection: close`, or
 * spoke HTTP/1.0 without keep-alive). Node then closes the socket as soon as the response is
 * sent, and closing a socket with unread bytes resets it: the client loses the answer.
 * @param {import('express').Request} req
 */
function closesAfterResponse(req) {
  const tokens = String(req.headers.connection ?? '')
    .toLowerCase()
    .split(',')
    .map((t) => t.trim());
  if (req.httpVersion === '1.0') return !tokens.includes('keep-alive');
  return tokens.includes('close');
}

/**
 * Reads and throws away the rest of the body, at most `maxBytes` or `timeoutMs`; beyond that
 * the connection is cut. Whatever reader the app had stops first.
 * @param {import('express').Request} req
 * @param {import('express').Response} res
 * @returns {Promise<boolean>} true once the body has ended, false when it was cut
 */
function discardRest(req, res) {
  const { maxBytes = DRAIN_LIMIT_BYTES, timeoutMs = DRAIN_TIMEOUT_MS } =
    res.locals.drainBounds ?? {};
  if (req.complete) return Promise.resolve(true);
  if (req.destroyed) return Promise.resolve(false);
  if (res.locals.discarding) return res.locals.discarding;
  res.locals.bodyReader?.detach();
  res.locals.discarding = new Promise((resolve) => {
    const socket = req.socket;
    // counted on the socket: once Node itself discards a body (req._dump), its bytes never
    // reach the request's 'data' listeners
    const startedAt = socket.bytesRead;
    const finish = (/** @type {boolean} */ ended) => {
      clearTimeout(timer);
      clearInterval(watch);
      resolve(ended);
    };
    const cut = () => {
      socket.destroy();
      finish(false);
    };
    const watch = setInterval(() => {
      if (socket.bytesRead - startedAt > maxBytes) cut();
    }, 20);
    watch.unref();
    const timer = setTimeout(cut, timeoutMs);
    timer.unref();
    req.removeAllListeners('data');
    // counted as it arrives too, so that a fast sender is cut at the bound and not at the next
    // tick of the watch, which a busy event loop may run late
    let counted = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      counted += chunk.length;
      if (counted > maxBytes) cut();
    });
    req.once('end', () => finish(true));
    req.once('close', () => finish(req.complete));
    req.resume();
  });
  return res.locals.discarding;
}

/**
 * Sends an answer to a request whose body may still be coming, so that the client reads it:
 * normally at once, and the rest of the body is discarded afterwards (the connection stays
 * open for the next request); when the connection closes with the answer, the rest is
 * discarded first.
 * @param {import('express').Request} req
 * @param {import('express').Response} res
 * @param {() => void | Promise<void>} send
 */
export async function answerWhileReceiving(req, res, send) {
  if (!req.complete && closesAfterResponse(req)) {
    if (!(await discardRest(req, res))) return;
  } else {
    // 'prefinish', not 'finish': on 'finish' Node dumps a body nobody read (req._dump), and a
    // dumped body's bytes never reach a 'data' listener, so only the 20 ms watch would count
    // them: against a 4 MB bound the server read 6-29 MB of a 40 MB body, all 40 on a busy host
    res.once('prefinish', () => void discardRest(req, res));
  }
  await send();
}

/**
 * Refuses the request with a page of its own in the visitor's language (403 or 413).
 * @param {import('express').Request} req
 * @param {import('express').Response} res
 * @param {403 | 413} status
 * @param {number} [limit] the body limit that was crossed (413)
 */
export function refuse(req, res, status, limit) {
  res.locals.refused = true;
  if (res.headersSent || res.locals.refusing) return;
  res.locals.refusing = true;
  const page = refusalPage({
    status,
    locale: localeOf({ url: req.originalUrl, cookie: req.get('cookie') }),
    limit,
  });
  void answerWhileReceiving(req, res, () => {
    if (res.headersSent || req.socket?.destroyed) return;
    res
      .status(status)
      .set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
      .send(page);
  });
}

/**
 * Express middleware, before the app: refuses a body declared larger than its limit and notes
 * the limit for the app's reader (remixHandler). An oversized multipart form is handed to the
 * app with an empty body instead: the upload forms tell the user on the form itself, from the
 * declared length (app/services/attachments/attachments.server.ts parseUploadForm), and any other action
 * sees an empty form.
 * @param {{ drain?: { maxBytes?: number, timeoutMs?: number } }} [options] the bounds of the
 *   discarding after a refusal (default 64 MB, 30 s)
 * @returns {import('express').RequestHandler}
 */
export function bodyLimits({ drain } = {}) {
  return (req, res, next) => {
    res.locals.drainBounds = drain;
    const declared = declaredLength(req.get('content-length'));
    const chunked = req.get('transfer-encoding') !== undefined;
    if (!chunked && (declared === null || declared === 0)) return next();
    const contentType = req.get('content-type');
    const limit = bodyLimitFor({ path: req.path, contentType });
    res.locals.bodyLimit = limit;
    if (Number.isNaN(declared)) {
      res.locals.refused = true;
      void answerWhileReceiving(req, res, () => {
        res.status(400).type('text/plain').send('Bad Request');
      });
      return;
    }
    if (declared !== null && declared > limit) {
      const boundary = multipartBoundary(contentType);
      if (boundary && !NO_BODY.has(req.method)) {
        res.locals.bodyReplacement = `--${boundary}--\r\n`;
        return next();
      }
      refuse(req, res, 413, limit);
      return;
    }
    next();
  };
}

/**
 * The body as the app reads it: pulled from the request only when the app asks (a body nobody
 * reads is left to the drain), counted, and cut with a 413 once it crosses `limit`.
 * @param {import('express').Request} req
 * @param {number} limit
 * @param {() => void} onOverflow
 */
export function boundedBody(req, limit, onOverflow) {
  /** @type {ReadableStreamDefaultController<Uint8Array> | undefined} */
  let controller;
  let attached = false;
  let received = 0;
  const onData = (/** @type {Buffer} */ chunk) => {
    if (!controller) return;
    received += chunk.length;
    if (received > limit) {
      const c = controller;
      detach();
      req.pause();
      c.error(new PayloadTooLargeError(limit));
      onOverflow();
      return;
    }
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((controller.desiredSize ?? 0) <= 0) req.pause();
  };
  const onEnd = () => {
    const c = controller;
    detach();
    c?.close();
  };
  const onError = (/** @type {unknown} */ error) => {
    const c = controller;
    detach();
    c?.error(error ?? new Error('request body aborted'));
  };
  function detach() {
    controller = undefined;
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onError);
    req.off('aborted', onError);
  }
  const stream = new ReadableStream(
    {
      start(c) {
        controller = c;
      },
      pull() {
        if (!controller) return;
        if (!attached) {
          attached = true;
          req.on('data', onData);
          req.once('end', onEnd);
          req.once('error', onError);
          req.once('aborted', onError);
        }
        req.resume();
      },
      cancel() {
        // the rest is for discardRest() to throw away, not for this reader
        detach();
        req.pause();
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, detach };
}

/** @param {string} text */
function streamOf(text) {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(c) {
      c.enqueue(bytes);
      c.close();
    },
  });
}

/** @param {import('express').Request} req */
function urlOf(req) {
  // as @remix-run/express builds it: hostname (trust proxy aware) and the port the client used
  const portOf = (/** @type {string | undefined} */ h) =>
    Number.parseInt(h?.split(':')[1] ?? '', 10);
  const forwardedPort = portOf(req.get('x-forwarded-host'));
  const hostPort = portOf(req.get('host'));
  const port = Number.isSafeInteger(forwardedPort)
    ? forwardedPort
    : Number.isSafeInteger(hostPort)
      ? hostPort
      : '';
  return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`);
}

/**
 * The request's headers as a fetch Headers, repeated ones kept.
 * @param {import('node:http').IncomingMessage} req
 */
export function headersOf(req) {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  return headers;
}

/**
 * Sends Remix's response (as @remix-run/express does, which does not export it), in bursts
 * and compressed as it streams when the client accepts it (server/compression.mjs).
 * @param {import('express').Request} req
 * @param {import('express').Response} res
 * @param {Response} response
 * @param {boolean} compress
 */
async function sendResponse(req, res, response, compress) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (/text\/event-stream/i.test(response.headers.get('Content-Type') ?? '')) res.flushHeaders();
  const encoding = compress && response.body ? encodingFor(req, res, response.headers) : null;
  if (response.body) await sendStreamed(res, response.body, encoding);
  else res.end();
}

/**
 * The Remix handler for Express, like @remix-run/express's but with the request body bounded
 * (bodyLimits() must run first), a response for a request the edge refused meanwhile
 * dropped, and responses compressed unless `compress` is false. `handle` is Remix's fetch
 * handler (`createRequestHandler(build, mode)` of @remix-run/node).
 * @param {{ handle: (request: Request, context: any) => Promise<Response>, getLoadContext: (req: import('express').Request, res: import('express').Response) => any, compress?: boolean }} options
 * @returns {import('express').RequestHandler}
 */
export function remixHandler({ handle, getLoadContext, compress = true }) {
  return async (req, res, next) => {
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    /** @type {RequestInit & { duplex?: 'half' }} */
    const init = { method: req.method, headers: headersOf(req), signal: controller.signal };
    if (!NO_BODY.has(req.method)) {
      if (typeof res.locals.bodyReplacement === 'string') {
        init.body = streamOf(res.locals.bodyReplacement);
      } else {
        const limit = Number(
          res.locals.bodyLimit ??
            bodyLimitFor({ path: req.path, contentType: req.get('content-type') }),
        );
        const reader = boundedBody(req, limit, () => {
          refuse(req, res, 413, limit);
          // the action waiting for the body stops; an aborted request is not logged as a fault
          controller.abort(new PayloadTooLargeError(limit));
        });
        res.locals.bodyReader = reader;
        init.body = reader.stream;
      }
      init.duplex = 'half';
    }
    try {
      const response = await handle(new Request(urlOf(req), init), getLoadContext(req, res));
      if (res.locals.refused) {
        await response.body?.cancel().catch(() => undefined);
        return;
      }
      // an action may answer without reading the whole body (an upload refused by its length)
      await answerWhileReceiving(req, res, () => sendResponse(req, res, response, compress));
    } catch (error) {
      if (res.locals.refused) return;
      next(error);
    }
  };
}
