import { describe, expect, it } from 'vitest';
import { csrfRejection, newNonce, securityHeaders } from './security.mjs';

const appOrigin = 'https://jiebang.example';

describe('CSRF check', () => {
  it('lets safe methods through whatever their origin', () => {
    expect(
      csrfRejection({
        method: 'GET',
        secFetchSite: 'cross-site',
        origin: 'https://evil.example',
        appOrigin,
      }),
    ).toBeNull();
  });

  it('refuses a cross-site POST by Sec-Fetch-Site', () => {
    expect(
      csrfRejection({
        method: 'POST',
        secFetchSite: 'cross-site',
        origin: 'https://evil.example',
        appOrigin,
      }),
    ).toMatch(/cross-site/);
  });

  it('accepts same-origin and user-initiated POSTs', () => {
    expect(
      csrfRejection({ method: 'POST', secFetchSite: 'same-origin', origin: appOrigin, appOrigin }),
    ).toBeNull();
    expect(csrfRejection({ method: 'POST', secFetchSite: 'none', appOrigin })).toBeNull();
  });

  it('falls back to Origin when the browser sends no Sec-Fetch-Site', () => {
    expect(csrfRejection({ method: 'POST', origin: 'https://evil.example', appOrigin })).toMatch(
      /foreign origin/,
    );
    expect(csrfRejection({ method: 'DELETE', origin: 'null', appOrigin })).toMatch(/opaque/);
    expect(csrfRejection({ method: 'POST', origin: appOrigin, appOrigin })).toBeNull();
  });

  it('lets header-less clients (webhooks, curl) through: they carry no browser cookies', () => {
    expect(csrfRejection({ method: 'POST', appOrigin })).toBeNull();
  });
});

describe('security headers', () => {
  it('pins scripts to the nonce and forbids framing, plugins and base changes', () => {
    const nonce = newNonce();
    const h = securityHeaders({ nonce, hsts: false });
    const csp = h['Content-Security-Policy'];
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(h['Referrer-Policy']).toBeTruthy();
    expect(h).not.toHaveProperty('Strict-Transport-Security');
    expect(securityHeaders({ nonce, hsts: true })['Strict-Transport-Security']).toMatch(
      /max-age=\d+/,
    );
  });

  it('makes a fresh nonce every time', () => {
    expect(newNonce()).not.toBe(newNonce());
    expect(newNonce()).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
