// Production server: security headers and the CSRF check on every request, static assets with
// long-lived caching, everything else through Remix.
// No per-request logger on purpose: public pages are read far more than written, and a
// synchronous log line per request costs more than the page (docs/decisions/005).
import { createRequestHandler } from '@remix-run/express';
import { createRequestHandler as createFetchHandler } from '@remix-run/node';
import express from 'express';
import { createPageCache, pageCacheMiddleware } from './server/page-cache.mjs';
import { isPublicPath } from './server/public-paths.mjs';
import { appOriginOf, csrfRejection, newNonce, securityHeaders } from './server/security.mjs';

const port = Number(process.env.PORT ?? 3000);
const production = process.env.NODE_ENV === 'production';
const buildDir = process.env.JIEBANG_BUILD_DIR ?? 'build';
const build = await import(`./${buildDir}/server/index.js`);

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
  });
  if (refused) {
    res.status(403).type('text/plain').send(`Forbidden: ${refused}`);
    return;
  }
  next();
});
app.use('/assets', express.static(`${buildDir}/client/assets`, { immutable: true, maxAge: '1y' }));
app.use(express.static(`${buildDir}/client`, { maxAge: '1h' }));
// anonymous visitors' public pages, kept for a few seconds (docs/decisions/013)
const pageCacheTtlMs = Number(process.env.PAGE_CACHE_TTL_MS ?? 10_000);
if (pageCacheTtlMs > 0) {
  const mode = process.env.NODE_ENV ?? 'production';
  app.use(
    pageCacheMiddleware({
      cache: createPageCache({ ttlMs: pageCacheTtlMs }),
      handler: createFetchHandler(build, mode),
      isPublicPath,
    }),
  );
}
app.all(
  '*',
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV ?? 'production',
    getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce }),
  }),
);

const server = app.listen(port, () => {
  console.log(`Jiebang listening on http://localhost:${port}`);
});

function shutdown() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
