import { describe, expect, it } from 'vitest';
import {
  buildSearchText,
  containsPattern,
  hasLikeSpecial,
  normalizeSearch,
  searchTerms,
} from './search';

describe('search text', () => {
  it('folds full-width characters and case', () => {
    expect(normalizeSearch('ＭＥＭＳ  压力传感器')).toBe('mems 压力传感器');
  });

  it('joins the title, English title, background, targets and enterprise', () => {
    const text = buildSearchText({
      title: '氮化硅陶瓷球',
      titleEn: 'Silicon Nitride Balls',
      background: '轴承',
      targets: ['硬度≥1500 HV'],
      enterpriseName: '淄博某公司',
    });
    for (const part of [
      '氮化硅陶瓷球',
      'silicon nitride balls',
      '轴承',
      '硬度≥1500 hv',
      '淄博某公司',
    ])
      expect(text).toContain(part);
  });

  it('splits a query into distinct, bounded terms', () => {
    expect(searchTerms('  陶瓷  Bearing 陶瓷 ')).toEqual(['陶瓷', 'bearing']);
    expect(searchTerms('a b c d e f g h i j')).toHaveLength(8);
    expect(searchTerms('x'.repeat(80))[0]).toHaveLength(50);
    expect(searchTerms('   ')).toEqual([]);
  });

  it('escapes LIKE’s wildcards and escape character, so a term is found literally', () => {
    expect(containsPattern('陶瓷')).toBe('%陶瓷%');
    expect(containsPattern('20%')).toBe('%20\\%%');
    expect(containsPattern('a_b')).toBe('%a\\_b%');
    expect(containsPattern('c\\d')).toBe('%c\\\\d%');
    expect(['_', '%', 'a\\b', 'x_'].every(hasLikeSpecial)).toBe(true);
    expect(['陶瓷', 'rv-8', 'a.b'].some(hasLikeSpecial)).toBe(false);
  });
});
