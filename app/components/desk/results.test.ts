import { describe, expect, it } from 'vitest';
import { rowTarget } from './results';

describe('rowTarget', () => {
  it('names the row of a record id and the page otherwise', () => {
    expect(rowTarget({ appealId: 'cm4x9k2ab0001' }, 'appealId', 'appeal-')).toBe(
      'appeal-cm4x9k2ab0001',
    );
    expect(rowTarget({}, 'appealId', 'appeal-')).toBe('page');
    expect(rowTarget({ appealId: ['a', 'b'] }, 'appealId', 'appeal-')).toBe('page');
  });

  it('does not echo what cannot be an id (a hostile body stays with its sender)', () => {
    expect(rowTarget({ appealId: 'x'.repeat(1_000_000) }, 'appealId', 'appeal-')).toBe('page');
    expect(rowTarget({ appealId: '<script>' }, 'appealId', 'appeal-')).toBe('page');
    expect(rowTarget({ appealId: 'a\u0000b' }, 'appealId', 'appeal-')).toBe('page');
  });
});
