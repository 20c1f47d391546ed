import { describe, expect, it } from 'vitest';
import { isDemo } from './env.server';

describe('demo mode', () => {
  it('is on outside production and off in production unless DEMO=1', () => {
    expect(isDemo({ NODE_ENV: 'development' })).toBe(true);
    expect(isDemo({ NODE_ENV: 'production' })).toBe(false);
    expect(isDemo({ NODE_ENV: 'production', DEMO: '1' })).toBe(true);
    expect(isDemo({ NODE_ENV: 'development', DEMO: '0' })).toBe(false);
  });
});
