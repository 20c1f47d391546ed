import { describe, expect, it } from 'vitest';
import { pairsFtsQuery, pairTerms, pairToken } from './search-pairs';

describe('the pair index', () => {
  it('serves terms of exactly two characters, counted as code points', () => {
    expect(pairTerms(['材料', '钆镓石榴石', '钆', 'ab', '%_', '🙂x', '🙂', 'abc'])).toEqual([
      '材料',
      'ab',
      '%_',
      '🙂x',
    ]);
  });

  it('writes a pair as the hex of its UTF-8 bytes, as SQLite hex() does', () => {
    expect(pairToken('材料')).toBe('e69d90e69699');
    expect(pairToken('a ')).toBe('6120');
    // SQLite's lower() folds ASCII letters only, as its LIKE does; others stay as they are
    expect(pairToken('AB')).toBe(pairToken('ab'));
    expect(pairToken('ÀB')).toBe(Buffer.from('Àb').toString('hex'));
  });

  it('quotes tokens of hex digits only, whatever the term holds', () => {
    const query = pairsFtsQuery(['"*', 'OR', '%_']);
    expect(query).toBe('"222a" AND "6f72" AND "255f"');
    expect(query.replace(/"[0-9a-f]+"|AND| /g, '')).toBe('');
  });
});
