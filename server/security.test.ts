import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  appOriginOf,
  csrfRejection,
  hostForOriginCheck,
  hostnameOf,
  newNonce,
  securityHeaders,
} from './security.mjs';

// Remix's own check, run before every action; whatever it throws on became a 500
const { throwIfPotentialCSRFAttack } = createRequire(import.meta.url)(
  '@remix-run/server-runtime/dist/actions.js',
) as { throwIfPotentialCSRFAttack: (headers: Headers) => void };

const appOrigin = 'https://jiebang.example';
const host = 'jiebang.example';

describe('CSRF check', () => {
  it('lets safe methods through whatever their origin', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      expect(
        csrfRejection({
          method,
          secFetchSite: 'cross-site',
          origin: 'https://evil.example',
          appOrigin,
          host,
        }),
      ).toBeNull();
    }
  });

  const SITES = [undefined, 'same-origin', 'same-site', 'cross-site', 'none', 'bogus'] as const;
  const ORIGINS = {
    absent: undefined,
    ours: appOrigin,
    foreign: 'https://evil.example',
    sibling: 'https://static.jiebang.example',
    otherScheme: 'http://jiebang.example',
    otherPort: 'https://jiebang.example:8443',
    opaque: 'null',
    malformed: 'not a url',
    empty: '',
  } as const;
  const ACCEPTED = new Set(['absent', 'ours']);

  // every combination of a state-changing request: 6 × 9 × 4
  const table = SITES.flatMap((site) =>
    Object.entries(ORIGINS).flatMap(([name, origin]) =>
      ['POST', 'PUT', 'PATCH', 'DELETE'].map((method) => ({ site, name, origin, method })),
    ),
  );

  it.each(table)(
    '$method, Sec-Fetch-Site $site, Origin $name',
    ({ site, name, origin, method }) => {
      const refused = csrfRejection({ method, secFetchSite: site, origin, appOrigin, host });
      const shouldRefuse = site === 'cross-site' || site === 'same-site' || !ACCEPTED.has(name);
      if (shouldRefuse) expect(refused).toEqual(expect.any(String));
      else expect(refused).toBeNull();
    },
  );

  it('refuses every request Remix would throw on (a 500), whatever the headers', () => {
    const hosts = [host, 'evil.example', 'jiebang.example:8443', undefined];
    const forwarded = [undefined, host, 'evil.example', 'evil.example, jiebang.example'];
    let checked = 0;
    for (const { site, origin } of table) {
      for (const h of hosts) {
        for (const xfh of forwarded) {
          const headers = new Headers();
          if (origin !== undefined) headers.set('Origin', origin);
          if (h) headers.set('Host', h);
          if (xfh) headers.set('X-Forwarded-Host', xfh);
          let remixThrows = false;
          try {
            throwIfPotentialCSRFAttack(headers);
          } catch {
            remixThrows = true;
          }
          const refused = csrfRejection({
            method: 'POST',
            secFetchSite: site,
            origin,
            appOrigin,
            host: hostForOriginCheck({ forwardedHost: xfh, host: h }),
          });
          if (remixThrows) expect(refused, JSON.stringify({ site, origin, h, xfh })).not.toBeNull();
          checked += 1;
        }
      }
    }
    expect(checked).toBe(table.length * 16);
  });

  it('refuses our own origin arriving under another Host (a Remix 500 before)', () => {
    expect(
      csrfRejection({ method: 'POST', origin: appOrigin, appOrigin, host: 'evil.example' }),
    ).toMatch(/Host/);
    expect(csrfRejection({ method: 'POST', origin: appOrigin, appOrigin, host: null })).toMatch(
      /Host/,
    );
    expect(
      csrfRejection({
        method: 'POST',
        secFetchSite: 'same-origin',
        origin: appOrigin,
        appOrigin,
        host: hostForOriginCheck({ forwardedHost: 'jiebang.example, proxy', host: '10.0.0.1' }),
      }),
    ).toBeNull();
  });

  it('lets header-less clients (webhooks, curl) through: they carry no browser cookies', () => {
    expect(csrfRejection({ method: 'POST', appOrigin, host })).toBeNull();
  });
});

describe('the app origin', () => {
  const req = (host: string, protocol = 'http') => ({ protocol, get: () => host });
  const withOrigin = (origin: string | undefined, fn: () => void) => {
    const before = process.env.APP_ORIGIN;
    if (origin === undefined) delete process.env.APP_ORIGIN;
    else process.env.APP_ORIGIN = origin;
    try {
      fn();
    } finally {
      if (before === undefined) delete process.env.APP_ORIGIN;
      else process.env.APP_ORIGIN = before;
    }
  };

  it('is APP_ORIGIN whatever Host a client sends', () => {
    withOrigin('https://jiebang.example.gov.cn/', () => {
      expect(appOriginOf(req('evil.example', 'https'))).toBe('https://jiebang.example.gov.cn');
      expect(appOriginOf(req('127.0.0.1:3000'))).toBe('https://jiebang.example.gov.cn');
    });
  });

  it('lets the quick start be opened as 127.0.0.1 or [::1] on the same port, nothing else', () => {
    withOrigin('http://localhost:3000', () => {
      expect(appOriginOf(req('127.0.0.1:3000'))).toBe('http://127.0.0.1:3000');
      expect(appOriginOf(req('[::1]:3000'))).toBe('http://[::1]:3000');
      expect(appOriginOf(req('127.0.0.1:4000'))).toBe('http://localhost:3000');
      expect(appOriginOf(req('evil.example:3000'))).toBe('http://localhost:3000');
      expect(appOriginOf(req('127.0.0.1:3000', 'https'))).toBe('http://localhost:3000');
    });
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

describe('the host name, for the HSTS decision', () => {
  const req = (headers: Record<string, string>) => ({ headers }) as never;
  it('reads Host without its port, and X-Forwarded-Host only from a trusted proxy', () => {
    expect(hostnameOf(req({ host: 'localhost:3000' }), false)).toBe('localhost');
    expect(hostnameOf(req({ host: '[::1]:3000' }), false)).toBe('[::1]');
    expect(hostnameOf(req({ host: '[::1]' }), false)).toBe('[::1]');
    expect(hostnameOf(req({ host: 'jiebang.example.gov.cn' }), false)).toBe(
      'jiebang.example.gov.cn',
    );
    const proxied = { host: 'localhost:3000', 'x-forwarded-host': 'jiebang.example.gov.cn, x' };
    expect(hostnameOf(req(proxied), true)).toBe('jiebang.example.gov.cn');
    // a forged header without a trusted proxy changes nothing
    expect(hostnameOf(req(proxied), false)).toBe('localhost');
    expect(hostnameOf(req({}), false)).toBe('');
  });
});
