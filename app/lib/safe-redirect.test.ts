import { describe, expect, it } from 'vitest';
import { safeRedirect } from './safe-redirect';

describe('safeRedirect', () => {
  it('keeps paths of this site', () => {
    expect(safeRedirect('/challenges?x=1')).toBe('/challenges?x=1');
  });
  it('refuses other sites, protocol-relative and backslash tricks', () => {
    for (const to of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '',
      null,
    ]) {
      expect(safeRedirect(to)).toBe('/account');
    }
  });
});
