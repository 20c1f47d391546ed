import { describe, expect, it } from 'vitest';
import { isDemo, load, trustedOrigin } from './env.server';

describe('demo mode', () => {
  it('is on outside production and off in production unless DEMO=1', () => {
    expect(isDemo({ NODE_ENV: 'development' })).toBe(true);
    expect(isDemo({ NODE_ENV: 'production' })).toBe(false);
    expect(isDemo({ NODE_ENV: 'production', DEMO: '1' })).toBe(true);
    expect(isDemo({ NODE_ENV: 'development', DEMO: '0' })).toBe(false);
  });
});

describe('the origin of links in mail', () => {
  it('must be configured in production: the environment check names APP_ORIGIN', () => {
    expect(() => load({ NODE_ENV: 'production' })).toThrow(/APP_ORIGIN: required/);
    expect(() => load({ NODE_ENV: 'production', APP_ORIGIN: 'https://a.example/path' })).toThrow(
      /APP_ORIGIN: must be an origin/,
    );
    expect(load({ NODE_ENV: 'production', APP_ORIGIN: 'https://a.example' }).APP_ORIGIN).toBe(
      'https://a.example',
    );
  });

  it('never comes from a foreign Host header', () => {
    const evil = new Request('http://evil.example/password/forgot');
    expect(trustedOrigin(evil, { APP_ORIGIN: 'https://a.example/' })).toBe('https://a.example');
    expect(trustedOrigin(evil, { NODE_ENV: 'development', PORT: '3130' })).toBe(
      'http://localhost:3130',
    );
    expect(trustedOrigin(new Request('http://[::1]:3000/x'), {})).toBe('http://[::1]:3000');
    expect(() => trustedOrigin(evil, { NODE_ENV: 'production' })).toThrow(/APP_ORIGIN/);
  });
});
