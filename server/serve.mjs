// The production server, one process of it (server.mjs starts one, or several under a primary,
// docs/decisions/042): security headers and the CSRF check on every request, static assets with
// long-lived caching, everything else through Remix. One JSON log line per request, written
// asynchronously (a synchronous line per request costs more than a cached page, docs/decisions/005
// and 021), Prometheus metrics, health and readiness, and a graceful stop on SIGTERM.
import http from 'node:http';
import { createRequestHandler as createFetchHandler } from '@remix-run/node';
import express from 'express';
import { createPageCache, pageCacheMiddleware } from './page-cache.mjs';
import { createHitServer } from './page-cache-hits.mjs';
import { forClientFiles, scanClientBuild, servePrecompressed } from './precompressed.mjs';
import { isPublicPath } from './public-paths.mjs';
import {
  createLogger,
  createMetrics,
  metricsAllowed,
  createObserver,
  routeLabeller,
} from './operations.mjs';
import { bodyLimits, refuse, remixHandler } from './request-body.mjs';
import { headersTooLargeResponse, MAX_HEADER_BYTES } from './request-limits.mjs';
import {
  appOriginOf,
  csrfRejection,
  hostForOriginCheck,
  hostnameOf,
  newNonce,
  securityHeaders,
} from './security.mjs';
import { shutdownTimeoutMs } from './workers.mjs';

const port = Number(process.env.PORT ?? 3000);
const production = process.env.NODE_ENV === 'production';
const buildDir = process.env.JIEBANG_BUILD_DIR ?? 'build';
const build = await import(new URL(`../${buildDir}/server/index.js`, import.meta.url).href);
// pages and data compressed on the fly, scripts and styles from their build-time copies
// (docs/decisions/020); COMPRESSION=0 leaves it to a proxy in front
const compress = process.env.COMPRESSION !== '0';

const trustProxy = process.env.TRUST_PROXY === '1';
const shutdownMs = shutdownTimeoutMs(process.env.SHUTDOWN_TIMEOUT_MS);
const { logger, flush: flushLog } = createLogger();
const metrics = createMetrics();
let draining = false;

const app = express();
app.disable('x-powered-by');
// behind a TLS-terminating proxy, trust its X-Forwarded-Proto for req.protocol
app.set('trust proxy', trustProxy ? 1 : false);

// liveness: the process answers; nothing else is asked of it, not even a log line
app.get('/healthz', (_req, res) => {
  res.set('Cache-Control', 'no-store').json({ status: draining ? 'draining' : 'ok' });
});
const observe = createObserver({ logger, metrics, label: routeLabeller(build.routes), trustProxy });
app.use((req, res, next) => {
  res.locals.requestId = observe(req, res);
  next();
});
// while stopping, each answer closes its connection, so keep-alive clients move on; checked
// when the head is written, for requests that came in before the signal too
app.use((_req, res, next) => {
  const writeHead = res.writeHead;
  res.writeHead = function (...args) {
    if (draining && !this.headersSent) this.setHeader('Connection', 'close');
    return writeHead.apply(this, args);
  };
  next();
});

/**
 * Every answer's security headers, with a nonce of its own.
 * @param {import('node:http').IncomingMessage} req
 */
function headersFor(req) {
  const nonce = newNonce();
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(hostnameOf(req, trustProxy));
  return { nonce, headers: securityHeaders({ nonce, hsts: production && !local }) };
}
app.use((req, res, next) => {
  const { nonce, headers } = headersFor(req);
  res.locals.cspNonce = nonce;
  res.set(headers);
  const refused = csrfRejection({
    method: req.method,
    secFetchSite: req.get('sec-fetch-site'),
    origin: req.get('origin'),
    appOrigin: appOriginOf(req),
    host: hostForOriginCheck({ forwardedHost: req.get('x-forwarded-host'), host: req.get('host') }),
  });
  if (refused) {
    refuse(req, res, 403);
    return;
  }
  next();
});
// bodies above their limit are refused before they are read (docs/decisions/018)
app.use(bodyLimits());
// anonymous visitors' public pages, kept for a few seconds (docs/decisions/013); before the
// static files, which no public page is, so that a hit costs no look on the disk
const pageCacheTtlMs = Number(process.env.PAGE_CACHE_TTL_MS ?? 10_000);
/** @type {((req: http.IncomingMessage, res: http.ServerResponse) => boolean) | null} */
let serveHit = null;
if (pageCacheTtlMs > 0) {
  const mode = process.env.NODE_ENV ?? 'production';
  const cache = createPageCache({
    ttlMs: pageCacheTtlMs,
    // the app's data version (app/lib/data-version.server.ts), shared through globalThis
    version: () => globalThis.__jiebangDataVersion?.source.current() ?? 0,
  });
  app.use(
    pageCacheMiddleware({
      cache,
      handler: createFetchHandler(build, mode),
      isPublicPath,
      compress,
    }),
  );
  // its hits are answered before Express (server/page-cache-hits.mjs)
  serveHit = createHitServer({
    cache,
    isPublicPath,
    compress,
    headersFor,
    observe,
    draining: () => draining,
  });
}
// the client build's files, in the coding the client accepts when they have compressed copies
const clientFiles = await scanClientBuild(`${buildDir}/client`);
const precompressed = servePrecompressed(compress ? clientFiles : new Map());
const statics = express.Router();
statics.use(precompressed.before);
statics.use(
  '/assets',
  express.static(`${buildDir}/client/assets`, { immutable: true, maxAge: '1y' }),
);
statics.use(express.static(`${buildDir}/client`, { maxAge: '1h' }));
statics.use(precompressed.after);
app.use(forClientFiles(clientFiles, statics));
app.all(
  '*',
  remixHandler({
    handle: createFetchHandler(build, process.env.NODE_ENV ?? 'production'),
    // the client's address for the sign-in throttle: X-Forwarded-For counts only with
    // TRUST_PROXY=1 (the 'trust proxy' setting above), never otherwise (ADR 015)
    getLoadContext: (req, res) => ({
      cspNonce: res.locals.cspNonce,
      clientAddress: req.ip,
      operations: {
        draining: () => draining,
        metrics,
        metricsAllowed: () =>
          metricsAllowed(
            {
              authorization: req.get('authorization'),
              forwardedFor: req.get('x-forwarded-for'),
              socketAddress: req.socket.remoteAddress,
            },
            process.env.METRICS_TOKEN || undefined,
          ),
      },
    }),
    compress,
  }),
);

// long search links (a 2,000-character Chinese query is ~18 KB) fit; Node's default is 16 KiB
const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
  if (!serveHit?.(req, res)) app(req, res);
});
server.on('clientError', (error, socket) => {
  // as Node does it, except that a too-long request line or header gets a page that says so
  // (not a bare 431 with an empty body), also on a reused keep-alive connection; only a
  // response already under way on the connection must not be interrupted
  const midResponse = Boolean(socket._httpMessage?.headersSent);
  if (socket.writable && !midResponse) {
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      // the rest of the request is read and dropped for a moment before closing: closing at
      // once, with its bytes unread, would reset the connection and lose the page
      socket.write(headersTooLargeResponse());
      socket.on('data', () => undefined);
      socket.resume();
      setTimeout(() => socket.end(), 500).unref();
      setTimeout(() => socket.destroy(), 5_000).unref();
      return;
    }
    const status =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  }
  socket.destroy(error);
});
server.listen(port, () => {
  logger.info({ msg: `Jiebang listening on http://localhost:${port}`, port });
  // the line people and scripts wait for, also when LOG_LEVEL=silent
  console.log(`Jiebang listening on http://localhost:${port}`);
});

// SIGTERM (a deploy, the orchestrator): /readyz turns 503 so the proxy stops sending, the
// listener closes, requests in flight and the outbox jobs already claimed finish, then the
// process exits; SHUTDOWN_TIMEOUT_MS (default 25 s) bounds the wait.
async function shutdown(signal) {
  if (draining) return;
  draining = true;
  logger.info({ msg: 'shutting down', signal });
  const deadline = setTimeout(() => {
    logger.warn({ msg: 'shutdown timed out; exiting with work unfinished', timeoutMs: shutdownMs });
    flushLog();
    process.exit(1);
  }, shutdownMs);
  deadline.unref();
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  await Promise.all([
    closed,
    globalThis.__jiebangOutboxWorker?.drain(),
    globalThis.__jiebangMailWorker?.drain(),
    globalThis.__jiebangAlertsWorker?.drain(),
    globalThis.__jiebangReminderWorker?.drain(),
    globalThis.__jiebangHousekeepingWorker?.drain(),
  ]);
  logger.info({ msg: 'stopped' });
  flushLog();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
