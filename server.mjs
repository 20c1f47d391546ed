// Production server: security headers and the CSRF check on every request, static assets with
// long-lived caching, everything else through Remix.
// No per-request logger on purpose: public pages are read far more than written, and a
// synchronous log line per request costs more than the page (docs/decisions/005).
import http from 'node:http';
import { createRequestHandler as createFetchHandler } from '@remix-run/node';
import express from 'express';
import { createPageCache, pageCacheMiddleware } from './server/page-cache.mjs';
import { forClientFiles, scanClientBuild, servePrecompressed } from './server/precompressed.mjs';
import { isPublicPath } from './server/public-paths.mjs';
import { bodyLimits, refuse, remixHandler } from './server/request-body.mjs';
import { headersTooLargeResponse, MAX_HEADER_BYTES } from './server/request-limits.mjs';
import {
  appOriginOf,
  csrfRejection,
  hostForOriginCheck,
  newNonce,
  securityHeaders,
} from './server/security.mjs';

const port = Number(process.env.PORT ?? 3000);
const production = process.env.NODE_ENV === 'production';
const buildDir = process.env.JIEBANG_BUILD_DIR ?? 'build';
const build = await import(`./${buildDir}/server/index.js`);
// pages and data compressed on the fly, scripts and styles from their build-time copies
// (docs/decisions/020); COMPRESSION=0 leaves it to a proxy in front
const compress = process.env.COMPRESSION !== '0';

const app = express();
app.disable('x-powered-by');
// behind a TLS-terminating proxy, trust its X-Forwarded-Proto for req.protocol
app.set('trust proxy', process.env.TRUST_PROXY === '1' ? 1 : false);

app.use((req, res, next) => {
  const nonce = newNonce();
  res.locals.cspNonce = nonce;
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(req.hostname);
  res.set(securityHeaders({ nonce, hsts: production && !local }));
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
if (pageCacheTtlMs > 0) {
  const mode = process.env.NODE_ENV ?? 'production';
  app.use(
    pageCacheMiddleware({
      cache: createPageCache({ ttlMs: pageCacheTtlMs }),
      handler: createFetchHandler(build, mode),
      isPublicPath,
      compress,
    }),
  );
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
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientAddress: req.ip }),
    compress,
  }),
);

// long search links (a 2,000-character Chinese query is ~18 KB) fit; Node's default is 16 KiB
const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, app);
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
  console.log(`Jiebang listening on http://localhost:${port}`);
});

function shutdown() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
