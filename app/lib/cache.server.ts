// One place decides how long a response may be cached, so no route can forget it.
import { isPublicPath } from '../../server/public-paths.mjs';

/** Public data without a nonce (`/stats.json`, the pages' `.data` requests): shared caches too. */
export const PUBLIC_CACHE = 'public, max-age=60, stale-while-revalidate=300';

/**
 * A public HTML page. It carries the response's own CSP nonce, so no shared cache may keep it
 * (one copy would hand one nonce to every visitor); the browser may keep it but asks again
 * before each use. The server's own page cache keeps it still (docs/decisions/013): it puts a
 * fresh nonce in every copy it sends (docs/decisions/018).
 */
export const PUBLIC_PAGE_CACHE = 'private, no-cache';

/** Anything personal, an error, a write, a response that sets a cookie. */
export const PRIVATE_CACHE = 'private, no-store';

export { isPublicPath };

/** Public pages are the same for every visitor of one language; anything else is private. */
export function applyCachePolicy(request: Request, status: number, headers: Headers) {
  if (headers.has('Cache-Control')) return;
  const url = new URL(request.url);
  const cacheable =
    (request.method === 'GET' || request.method === 'HEAD') &&
    status === 200 &&
    !headers.has('Set-Cookie') &&
    // a signed-in visitor's page carries their name and menus: never shared
    !/(^|;\s*)(__Host-)?jiebang_session=/.test(request.headers.get('Cookie') ?? '') &&
    isPublicPath(url.pathname);
  if (cacheable) {
    // only what is known not to be a page (data, JSON) may go to shared caches
    const type = headers.get('Content-Type') ?? '';
    const page = type === '' || /^\s*text\/html\b/i.test(type);
    headers.set('Cache-Control', page ? PUBLIC_PAGE_CACHE : PUBLIC_CACHE);
    headers.append('Vary', 'Cookie');
  } else {
    headers.set('Cache-Control', PRIVATE_CACHE);
  }
}
