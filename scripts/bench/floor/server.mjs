// The floor app's server: Express and Remix's own adapter, as Remix's templates serve it.
//   node scripts/bench/floor/server.mjs PORT BUILD_DIR
// WORKERS > 1: as many processes sharing the port, so that the floor is measured with the app's
// process count (--workers).
import cluster from 'node:cluster';
import { createRequestHandler } from '@remix-run/express';
import express from 'express';
import { serveInWorkers } from '../workers.mjs';

const [portArg, buildDir] = process.argv.slice(2);

async function serve() {
  const build = await import(`${buildDir}/server/index.js`);
  const app = express();
  app.disable('x-powered-by');
  app.use(
    '/assets',
    express.static(`${buildDir}/client/assets`, { immutable: true, maxAge: '1y' }),
  );
  app.use(express.static(`${buildDir}/client`, { maxAge: '1h' }));
  app.all('*', createRequestHandler({ build, mode: 'production' }));
  app.listen(
    Number(portArg),
    '127.0.0.1',
    () => cluster.isPrimary && console.log('floor listening'),
  );
  // a profile (--cpu-prof) is written only on a normal exit
  process.on('SIGTERM', () => process.exit(0));
}

await serveInWorkers(serve, 'floor listening');
