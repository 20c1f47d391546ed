// Several worker processes serving one port (docs/decisions/042). Node runs a page's JavaScript
// on one core; WEB_CONCURRENCY > 1 makes server.mjs a primary that forks that many workers, each
// the whole server (server/serve.mjs), and shares the listening socket among them. The primary
// serves nothing itself. It keeps the workers running, relays what one worker tells the others
// (the data version on SQLite, the metrics scrape) and stops them on SIGTERM.
import cluster from 'node:cluster';
import os from 'node:os';
import client from 'prom-client';

export const MAX_WORKERS = 64;
/** a crashed worker is replaced after this long, so that a fault repeating costs little CPU */
export const RESTART_DELAY_MS = 1_000;
/** how long a worker waits for the primary's sum of every worker's metrics */
export const METRICS_TIMEOUT_MS = 5_000;

/**
 * WEB_CONCURRENCY as a number of processes: unset or empty is one (no primary), `auto` one per
 * core, otherwise a whole number from 1 to MAX_WORKERS. Anything else is refused at start.
 * @param {string | undefined} setting
 * @param {number} [cores]
 */
export function workerCount(setting, cores = os.availableParallelism()) {
  const s = (setting ?? '').trim();
  if (s === '') return 1;
  if (s === 'auto') return Math.min(Math.max(1, cores), MAX_WORKERS);
  const n = /^\d{1,3}$/.test(s) ? Number(s) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS)
    throw new Error(
      `WEB_CONCURRENCY must be a whole number from 1 to ${MAX_WORKERS}, or auto (one per core); got ${JSON.stringify(s)}`,
    );
  return n;
}

/**
 * SHUTDOWN_TIMEOUT_MS: how long a stop waits for the work in flight (default 25 s). Read at
 * start, so that a wrong value stops the server there, not at its first SIGTERM.
 * @param {string | undefined} setting
 */
export function shutdownTimeoutMs(setting) {
  if (setting === undefined || setting === '') return 25_000;
  const n = /^\d{1,7}$/.test(setting.trim()) ? Number(setting) : NaN;
  if (!(n <= 3_600_000))
    throw new Error(
      `SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds up to 3600000; got ${JSON.stringify(setting)}`,
    );
  return n;
}

// a worker's committed write (app/lib/shared-version.server.ts sends and reads it)
export const DATA_MESSAGE = 'jiebang:data';
const METRICS_REQUEST = 'jiebang:metrics?';
const METRICS_ANSWER = 'jiebang:metrics';

/**
 * Runs the primary: forks `count` workers running `exec`, replaces one that dies, and stops them
 * all on SIGTERM or SIGINT, exiting with 0 when every worker stopped cleanly. A worker that dies
 * before it ever listened is taken for a fault at start (a setting, the database): the primary
 * stops the others and exits with 1 rather than fork it again and again.
 * @param {{ count: number, exec: string, log?: Pick<Console, 'log' | 'error'>, env?: NodeJS.ProcessEnv }} options
 */
export function superviseWorkers({ count, exec, log = console, env = process.env }) {
  cluster.setupPrimary({ exec });
  const aggregator = new client.AggregatorRegistry();
  /** @type {Map<number, number>} worker id → its slot (1 … count) */
  const slots = new Map();
  const listened = new Set();
  let stopping = false;
  let failed = false;
  const shutdownMs = shutdownTimeoutMs(env.SHUTDOWN_TIMEOUT_MS);

  const others = (/** @type {import('node:cluster').Worker} */ from) =>
    Object.values(cluster.workers ?? {}).filter((w) => w && w !== from && w.isConnected());

  /** @param {number} slot */
  const fork = (slot) => {
    // every worker runs the periodic jobs (outbox, mail, alerts, reminders, housekeeping) as
    // separate instances do: their claims are atomic, and a commit wakes its own process's job
    const worker = cluster.fork();
    slots.set(worker.id, slot);
    worker.on('message', (message) => {
      if (message?.type === DATA_MESSAGE) {
        for (const w of others(worker)) w.send(message);
      } else if (message?.type === METRICS_REQUEST) {
        aggregator.clusterMetrics().then(
          (text) =>
            worker.isConnected() && worker.send({ type: METRICS_ANSWER, id: message.id, text }),
          (error) =>
            worker.isConnected() &&
            worker.send({ type: METRICS_ANSWER, id: message.id, error: String(error?.message) }),
        );
      }
    });
  };

  const stopAll = (/** @type {NodeJS.Signals} */ signal) => {
    if (stopping) return;
    stopping = true;
    const running = Object.values(cluster.workers ?? {});
    // none running (all died, their replacements not yet forked): nothing to wait for
    if (running.length === 0) process.exit(failed ? 1 : 0);
    for (const w of running) w?.process.kill(signal);
    // the workers bound their own drain by SHUTDOWN_TIMEOUT_MS; this bounds a stuck one
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(1);
    }, shutdownMs + 5_000).unref();
  };

  cluster.on('listening', (worker) => listened.add(worker.id));
  cluster.on('exit', (worker, code, signal) => {
    const slot = slots.get(worker.id) ?? 0;
    slots.delete(worker.id);
    const everListened = listened.delete(worker.id);
    if (!stopping) {
      if (!everListened) {
        log.error(`workers: worker ${slot} stopped before it served (code ${code}); stopping`);
        failed = true;
        stopAll('SIGTERM');
      } else {
        log.error(
          `workers: worker ${slot} stopped (${signal ?? `code ${code}`}); a new one in ${RESTART_DELAY_MS} ms`,
        );
        // not unref'd: it keeps the primary alive should every worker be down at once
        setTimeout(() => !stopping && fork(slot), RESTART_DELAY_MS);
      }
    } else if (code !== 0 && signal !== 'SIGTERM') {
      // a worker still starting when told to stop ends by the signal itself, with nothing lost
      failed = true;
    }
    if (stopping && Object.keys(cluster.workers ?? {}).length === 0) process.exit(failed ? 1 : 0);
  });
  process.on('SIGTERM', () => stopAll('SIGTERM'));
  // Ctrl-C reaches the workers too (one process group); they stop as on SIGTERM
  process.on('SIGINT', () => stopAll('SIGTERM'));

  log.log(`workers: ${count} worker processes on one port (WEB_CONCURRENCY)`);
  for (let slot = 1; slot <= count; slot++) fork(slot);
}

/** Whether this process is one of several workers under a primary. */
export const isWorker = () => cluster.isWorker;

/**
 * In a worker: lets the primary collect `registries` for the sum of every worker's metrics.
 * @param {import('prom-client').Registry[]} registries
 */
export function shareMetrics(registries) {
  if (!cluster.isWorker) return;
  client.AggregatorRegistry.setRegistries(registries);
  // its constructor is what answers the primary's requests in a worker
  new client.AggregatorRegistry();
}

let metricsAsked = 0;
/** @type {Map<number, (answer: { text?: string, error?: string }) => void>} */
const waiting = new Map();

/**
 * In a worker: every worker's metrics summed by the primary (prom-client's aggregation), or
 * null when the primary does not answer within METRICS_TIMEOUT_MS.
 * @returns {Promise<string | null>}
 */
export function clusterMetrics() {
  if (!cluster.isWorker || !process.send) return Promise.resolve(null);
  if (waiting.size === 0) process.on('message', onAnswer);
  const id = ++metricsAsked;
  return new Promise((resolve) => {
    const timer = setTimeout(() => settle({ error: 'timed out' }), METRICS_TIMEOUT_MS);
    const settle = (/** @type {{ text?: string, error?: string }} */ answer) => {
      clearTimeout(timer);
      waiting.delete(id);
      if (waiting.size === 0) process.off('message', onAnswer);
      resolve(typeof answer.text === 'string' ? answer.text : null);
    };
    waiting.set(id, settle);
    process.send?.({ type: METRICS_REQUEST, id });
  });
}

/** @param {any} message */
function onAnswer(message) {
  if (message?.type === METRICS_ANSWER) waiting.get(message.id)?.(message);
}
