// One place decides how long a response may be cached, so no route can forget it.
import { isPublicPath } from '../../server/public-paths.mjs';

export const PUBLIC_CACHE = 'public, max-age=60, stale-while-revalidate=300';

export { isPublicPath };

/** Public pages are shared by every visitor of the same language; anything else is private. */
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
    headers.set('Cache-Control', PUBLIC_CACHE);
    headers.append('Vary', 'Cookie');
  } else {
    headers.set('Cache-Control', 'private, no-store');
  }
}
