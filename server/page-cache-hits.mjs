/**
 * Page-cache hits answered before Express (docs/decisions/020-performance.md, "Hits before
 * Express"). A hit costs a lookup and a copy of kept bytes; Express's router and the
 * middleware in front of the cache cost more than that, and none of it changes a hit's answer:
 * CSRF refuses only unsafe methods, body limits apply only to bodies, and static files are
 * never public pages. What every answer must carry is done here as in server.mjs: the request
 * id, the log line and the metrics (`observe`), the security headers with a fresh nonce
 * (`headersFor`), and `Connection: close` while the process drains. Anything that is not a
 * plain anonymous GET of a kept page goes on to Express, where a miss is rendered and kept.
 */
import { pageCacheKey, sendEntry } from './page-cache.mjs';

/**
 * @param {{
 *   cache: ReturnType<typeof import('./page-cache.mjs').createPageCache>,
 *   isPublicPath: (pathname: string) => boolean,
 *   compress: boolean,
 *   headersFor: (req: import('node:http').IncomingMessage) => { nonce: string, headers: Record<string, string> },
 *   observe: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => unknown,
 *   draining: () => boolean,
 * }} deps
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean}
 *   whether the request was answered
 */
export function createHitServer({ cache, isPublicPath, compress, headersFor, observe, draining }) {
  return (req, res) => {
    if (req.method !== 'GET') return false;
    // a body (which a GET should not have) meets the body limits in Express
    if (
      req.headers['content-length'] !== undefined ||
      req.headers['transfer-encoding'] !== undefined
    )
      return false;
    // origin-form only: an absolute or protocol-relative target would be read as another host
    const url = req.url ?? '';
    if (!url.startsWith('/') || url.startsWith('//')) return false;
    const key = pageCacheKey({
      method: 'GET',
      url: `http://localhost${url}`,
      cookie: req.headers.cookie,
      isPublicPath,
    });
    if (!key) return false;
    const entry = cache.peek(key);
    if (!entry) return false;
    observe(req, res);
    const { nonce, headers } = headersFor(req);
    for (const name in headers) res.setHeader(name, headers[name]);
    if (draining()) res.setHeader('Connection', 'close');
    sendEntry(cache, entry, { req, res, hit: true, compress, nonce });
    return true;
  };
}
