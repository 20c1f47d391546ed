// Production server: static assets with long-lived caching, everything else through Remix.
// No per-request logger on purpose: public pages are read far more than written, and a
// synchronous log line per request costs more than the page (see docs/decisions/005).
import { createRequestHandler } from '@remix-run/express';
import express from 'express';

const port = Number(process.env.PORT ?? 3000);
const build = await import('./build/server/index.js');

const app = express();
app.disable('x-powered-by');
app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }));
app.use(express.static('build/client', { maxAge: '1h' }));
app.all('*', createRequestHandler({ build, mode: process.env.NODE_ENV ?? 'production' }));

const server = app.listen(port, () => {
  console.log(`Jiebang listening on http://localhost:${port}`);
});

function shutdown() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
