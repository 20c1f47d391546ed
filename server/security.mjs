// Request-level protections applied by server.mjs before Remix sees a request.
import { randomBytes } from 'node:crypto';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF: a state-changing request must come from our own pages. Browsers say where a request
 * comes from in Sec-Fetch-Site; older ones only send Origin. Requests with neither (curl,
 * webhooks) carry no ambient browser credentials and pass.
 * @param {{ method: string, secFetchSite?: string | null, origin?: string | null, appOrigin: string }} r
 * @returns {string | null} why the request is refused, or null
 */
export function csrfRejection({ method, secFetchSite, origin, appOrigin }) {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  if (secFetchSite) return secFetchSite === 'cross-site' ? 'cross-site request' : null;
  if (origin && origin !== 'null' && origin !== appOrigin) return `foreign origin ${origin}`;
  if (origin === 'null') return 'opaque origin';
  return null;
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

/** The origin the app answers on: APP_ORIGIN when set, else what the request says. */
export function appOriginOf(req) {
  if (process.env.APP_ORIGIN) return process.env.APP_ORIGIN.replace(/\/$/, '');
  return `${req.protocol}://${req.get('host')}`;
}
