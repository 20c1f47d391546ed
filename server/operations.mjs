// What an operator runs the server by (docs/decisions/021): a request id on every request, one
// JSON log line per request written asynchronously, Prometheus metrics, and a liveness answer
// that costs nothing. Readiness needs the database, so it is a Remix route (app/routes/readyz.ts).
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import client from 'prom-client';
import { clusterMetrics, isWorker, shareMetrics } from './workers.mjs';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The process's logger: JSON lines on stdout through an asynchronous buffer (pino's
 * sonic-boom), so that a request never waits for the terminal or the disk. LOG_LEVEL=silent
 * turns it off; flush() before exit.
 */
export function createLogger(env = process.env) {
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const logger = pino(
    {
      level: env.LOG_LEVEL ?? 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return { logger, flush: () => destination.flushSync() };
}

/**
 * A path as it may be logged or labelled: the query dropped (searches are the visitor's own),
 * and every segment that could be a secret (a reset or invitation token, an unsubscribe
 * signature) shortened to its kind.
 * @param {string} url
 */
export function loggablePath(url) {
  const path = url.split('?')[0] ?? '/';
  return path
    .split('/')
    .map((s) => (s.length >= 20 && /^[A-Za-z0-9_.~%-]+$/.test(s) ? ':token' : s))
    .join('/')
    .slice(0, 200);
}

/**
 * Which of the build's routes a path is, as a label of bounded variety: the route's pattern
 * (`/challenges/:code`), never the path itself. Built once from the Remix build's route table:
 * the patterns are ranked by how specific they are (static segments first), as the router does.
 * @param {Record<string, { id: string, path?: string, parentId?: string, index?: boolean }>} routes
 */
export function routeLabeller(routes) {
  const full = (/** @type {string} */ id) => {
    const parts = [];
    for (let r = routes[id]; r; r = r.parentId ? routes[r.parentId] : undefined)
      if (r.path) parts.unshift(r.path);
    return `/${parts.join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  };
  const patterns = [...new Set(Object.values(routes).map((r) => full(r.id)))].map((pattern) => {
    const segments = pattern.split('/').filter(Boolean);
    const source = segments
      .map((s) =>
        s === '*'
          ? '(?:/.*)?'
          : s.startsWith(':')
            ? s.endsWith('?')
              ? '(?:/[^/]+)?'
              : '/[^/]+'
            : `/${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
      )
      .join('');
    const score =
      segments.filter((s) => !s.startsWith(':') && s !== '*').length * 10 +
      segments.filter((s) => s.startsWith(':')).length -
      (segments.includes('*') ? 100 : 0);
    return { pattern, regex: new RegExp(`^${source || ''}/?$`), score };
  });
  patterns.sort((a, b) => b.score - a.score);
  /** @param {string} path */
  return (path) => patterns.find((p) => p.regex.test(path))?.pattern ?? 'unmatched';
}

/** The metrics this process keeps; the database's (outbox, payout clocks) join at scrape time. */
export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const requestSeconds = new client.Histogram({
    name: 'jiebang_http_request_duration_seconds',
    help: 'Time from a request to the end of its response, by route pattern, method and status class',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const pageCache = new client.Counter({
    name: 'jiebang_page_cache_requests_total',
    help: 'Anonymous public page requests by page-cache outcome (hit or miss)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  // set from the database at each scrape (app/routes/metrics.ts), in a registry of their own: a
  // worker's figures are summed with the other workers' (docs/decisions/042), these are not
  const queue = new client.Registry();
  const outboxJobs = new client.Gauge({
    name: 'jiebang_outbox_jobs',
    help: 'Payment outbox jobs by status (PENDING and RUNNING are the queue)',
    labelNames: ['status'],
    registers: [queue],
  });
  const outboxOldestSeconds = new client.Gauge({
    name: 'jiebang_outbox_oldest_due_seconds',
    help: 'Age of the oldest due, unfinished outbox job (0 when none)',
    registers: [queue],
  });
  const payoutBreaches = new client.Gauge({
    name: 'jiebang_payout_clock_breaches',
    help: 'Confirmed instalments unpaid for more than PAYOUT_ALERT_DAYS calendar days',
    registers: [queue],
  });
  shareMetrics([registry]);
  /**
   * The scrape's text: this process's figures, or with several workers every worker's summed
   * by the primary (prom-client's aggregation), then the queue's. Should the primary not
   * answer, this worker's own, with a line that says so.
   */
  const text = async () => {
    const summed = await clusterMetrics();
    const own =
      summed ??
      (isWorker()
        ? `# this worker's figures only: the primary did not answer\n${await registry.metrics()}`
        : await registry.metrics());
    return own + (await queue.metrics());
  };
  return {
    registry,
    text,
    contentType: registry.contentType,
    requestSeconds,
    pageCache,
    outboxJobs,
    outboxOldestSeconds,
    payoutBreaches,
  };
}

/**
 * Whether a scrape may read the metrics: with METRICS_TOKEN set, a request bearing it
 * (`Authorization: Bearer …`); without one, a connection from this machine that no proxy
 * forwarded (a proxy in front also connects from here, so its requests carry X-Forwarded-For).
 * @param {{ authorization?: string, forwardedFor?: string, socketAddress?: string }} req
 * @param {string | undefined} token
 */
export function metricsAllowed(req, token) {
  if (token) {
    const given = /^Bearer (.+)$/.exec(req.authorization ?? '')?.[1] ?? '';
    return timingSafeEqualText(given, token);
  }
  if (req.forwardedFor) return false;
  return ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socketAddress ?? '');
}

/** @param {string} a @param {string} b */
function timingSafeEqualText(a, b) {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

/**
 * The request id: the proxy's X-Request-Id when the proxy is trusted and the value is plain,
 * else a new one. It goes back in the response and into the request Remix sees.
 * @param {import('node:http').IncomingMessage} req
 * @param {boolean} trustProxy
 */
export function requestIdOf(req, trustProxy) {
  const given = req.headers['x-request-id'];
  return trustProxy && typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Starts observing a request: gives it an id now, and when the response ends, writes its log
 * line and its duration. For Express requests and for the page-cache hits answered before
 * Express (server/page-cache-hits.mjs) alike; returns the id.
 * @param {{ logger: import('pino').Logger, metrics: ReturnType<typeof createMetrics>, label: (path: string) => string, trustProxy: boolean }} options
 */
export function createObserver({ logger, metrics, label, trustProxy }) {
  /**
   * @param {import('node:http').IncomingMessage & { originalUrl?: string }} req
   * @param {import('node:http').ServerResponse} res
   */
  return (req, res) => {
    const started = process.hrtime.bigint();
    const id = requestIdOf(req, trustProxy);
    req.headers['x-request-id'] = id;
    res.setHeader('X-Request-Id', id);
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const url = req.originalUrl ?? req.url ?? '/';
      const path = loggablePath(url);
      // unknown addresses share one label, so a scan cannot grow the metrics
      const route = res.statusCode === 404 ? 'not-found' : label(url.split('?')[0] ?? '/');
      const status = `${Math.floor(res.statusCode / 100)}xx`;
      metrics.requestSeconds.observe({ route, method: req.method ?? 'GET', status }, seconds);
      const cache = res.getHeader('x-page-cache');
      if (cache === 'hit' || cache === 'miss') metrics.pageCache.inc({ outcome: cache });
      logger.info({
        msg: 'request',
        requestId: id,
        method: req.method,
        path,
        route,
        status: res.statusCode,
        ms: Math.round(seconds * 10_000) / 10,
        bytes: Number(res.getHeader('content-length') ?? 0) || undefined,
        cache,
      });
    });
    return id;
  };
}
