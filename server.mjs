// Production server: security headers and the CSRF check on every request, static assets with
// long-lived caching, everything else through Remix.
// No per-request logger on purpose: public pages are read far more than written, and a
// synchronous log line per request costs more than the page (docs/decisions/005).
import { createRequestHandler } from '@remix-run/express';
import express from 'express';
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
