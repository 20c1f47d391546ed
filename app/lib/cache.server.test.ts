import { describe, expect, it } from 'vitest';
import { applyCachePolicy, PRIVATE_CACHE, PUBLIC_CACHE, PUBLIC_PAGE_CACHE } from './cache.server';

function policy(
  url: string,
  opts: { method?: string; status?: number; headers?: Record<string, string> } = {},
) {
  const headers = new Headers(opts.headers);
  applyCachePolicy(new Request(url, { method: opts.method ?? 'GET' }), opts.status ?? 200, headers);
  return headers;
}

describe('cache policy', () => {
  it('never lets a shared cache keep an HTML page: it carries a per-response nonce', () => {
    for (const path of [
      '/',
      '/stats',
      '/challenges',
      '/challenges/ZB-2021-001',
      '/events/x',
      '/contracts',
    ]) {
      const h = policy(`http://x${path}`, {
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
      });
      expect(h.get('Cache-Control'), path).toBe(PUBLIC_PAGE_CACHE);
      expect(h.get('Cache-Control'), path).toMatch(/\bprivate\b/);
      expect(h.get('Cache-Control'), path).not.toMatch(/\bpublic\b|s-maxage/);
      expect(h.get('Vary')).toBe('Cookie');
    }
    // a response of unknown type is taken for a page
    expect(policy('http://x/stats').get('Cache-Control')).toBe(PUBLIC_PAGE_CACHE);
  });

  it('lets shared caches keep public data without a nonce, per language cookie', () => {
    for (const path of ['/challenges.data', '/_root.data', '/stats.data']) {
      const h = policy(`http://x${path}`, { headers: { 'Content-Type': 'text/x-script' } });
      expect(h.get('Cache-Control'), path).toBe(PUBLIC_CACHE);
      expect(h.get('Vary')).toBe('Cookie');
    }
  });

  it('keeps errors, non-GET requests, cookie-setting and other pages private', () => {
    expect(policy('http://x/stats', { status: 404 }).get('Cache-Control')).toBe(PRIVATE_CACHE);
    expect(policy('http://x/stats', { method: 'POST' }).get('Cache-Control')).toBe(PRIVATE_CACHE);
    expect(
      policy('http://x/stats?lang=en', { headers: { 'Set-Cookie': 'lang=en' } }).get(
        'Cache-Control',
      ),
    ).toBe(PRIVATE_CACHE);
    expect(policy('http://x/admin').get('Cache-Control')).toBe(PRIVATE_CACHE);
  });

  it('never shares a signed-in visitor’s page', () => {
    const headers = new Headers();
    const request = new Request('http://x/stats', {
      headers: { Cookie: 'lang=en; jiebang_session=abc' },
    });
    applyCachePolicy(request, 200, headers);
    expect(headers.get('Cache-Control')).toBe(PRIVATE_CACHE);
  });

  it('leaves a route’s own Cache-Control alone', () => {
    expect(
      policy('http://x/stats', { headers: { 'Cache-Control': 'max-age=5' } }).get('Cache-Control'),
    ).toBe('max-age=5');
  });
});
