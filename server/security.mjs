// Request-level protections applied by server.mjs before Remix sees a request.
import { randomBytes } from 'node:crypto';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF: a state-changing request must come from our own pages. Browsers say where a request
 * comes from in Sec-Fetch-Site and send Origin with every POST; requests with neither (curl,
 * webhooks) carry no ambient browser credentials and pass.
 *
 * Every request Remix's own check (throwIfPotentialCSRFAttack, run before each action) would
 * throw on is refused here first, so such a request gets a 403 and never reaches it as a 500:
 * an Origin of `null`, one that is not a URL, or whose host differs from the host Remix
 * compares it with (`host`: the first X-Forwarded-Host, else Host).
 * @param {{ method: string, secFetchSite?: string | null, origin?: string | null, appOrigin: string, host?: string | null }} r
 * @returns {string | null} why the request is refused, or null
 */
export function csrfRejection({ method, secFetchSite, origin, appOrigin, host }) {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  const site = (secFetchSite ?? '').trim().toLowerCase();
  if (site === 'cross-site') return 'cross-site request';
  // another origin of the same site (a sibling subdomain) is not one of our pages either
  if (site === 'same-site') return 'same-site request from another origin';
  if (origin === undefined || origin === null) return null;
  if (origin === 'null') return 'opaque origin';
  let originHost;
  try {
    originHost = new URL(origin).host;
  } catch {
    return 'malformed origin';
  }
  if (origin !== appOrigin) return `foreign origin ${origin}`;
  if (!host || originHost !== host) return 'origin does not match the Host header';
  return null;
}

/**
 * The host Remix compares a request's Origin with: the first X-Forwarded-Host, else Host.
 * @param {{ forwardedHost?: string | null, host?: string | null }} h
 */
export function hostForOriginCheck({ forwardedHost, host }) {
  const forwarded = forwardedHost?.split(',')[0]?.trim();
  return forwarded || host || null;
}

/**
 * The host name a request names, without its port, as Express's `req.hostname` reads it: the
 * first X-Forwarded-Host when a proxy is trusted, else Host.
 * @param {import('node:http').IncomingMessage} req
 * @param {boolean} trustProxy
 */
export function hostnameOf(req, trustProxy) {
  const forwarded = req.headers['x-forwarded-host'];
  const host = hostForOriginCheck({
    forwardedHost: trustProxy && typeof forwarded === 'string' ? forwarded : null,
    host: req.headers.host,
  });
  if (!host) return '';
  // an IPv6 literal keeps its brackets; only a port after them is dropped
  const end = host.startsWith('[') ? host.indexOf(']') + 1 : host.indexOf(':');
  return end > 0 ? host.slice(0, end) : host;
}

export function newNonce() {
  return randomBytes(16).toString('base64');
}

/**
 * Headers for every response. The nonce lets exactly the scripts Remix renders run.
 * @param {{ nonce: string, hsts: boolean }} opts
 */
export function securityHeaders({ nonce, hsts }) {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    ...(hsts ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

const LOOPBACK_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::(\d+))?$/;

/**
 * The origin the app answers on: APP_ORIGIN when set, else what the request says. The quick
 * start's origin is http://localhost:PORT; the same server opened as 127.0.0.1 or [::1] on
 * that port is the same machine, so its forms are not refused as foreign (only a loopback
 * APP_ORIGIN widens this way, and only to loopback hosts, which no outsider can be).
 * @param {{ protocol: string, get(name: string): string | undefined }} req
 */
export function appOriginOf(req) {
  const requested = `${req.protocol}://${req.get('host')}`;
  const configured = process.env.APP_ORIGIN?.replace(/\/$/, '');
  if (!configured) return requested;
  const want = LOOPBACK_HOST.exec(new URL(configured).host);
  const got = LOOPBACK_HOST.exec(req.get('host') ?? '');
  const samePort = want && got && (want[1] ?? '80') === (got[1] ?? '80');
  const sameScheme = configured.startsWith(`${req.protocol}://`);
  return samePort && sameScheme ? requested : configured;
}
