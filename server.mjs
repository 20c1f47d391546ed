// npm start's server: one process serving (server/serve.mjs), or, with WEB_CONCURRENCY above 1,
// a primary that keeps that many of them serving on the same port (docs/decisions/042).
import cluster from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { shutdownTimeoutMs, superviseWorkers, workerCount } from './server/workers.mjs';

let count;
try {
  count = workerCount(process.env.WEB_CONCURRENCY);
  shutdownTimeoutMs(process.env.SHUTDOWN_TIMEOUT_MS);
} catch (error) {
  console.error(`server: ${error.message}`);
  process.exit(1);
}
if (count > 1 && cluster.isPrimary) {
  superviseWorkers({ count, exec: fileURLToPath(new URL('./server/serve.mjs', import.meta.url)) });
} else {
  await import('./server/serve.mjs');
}
