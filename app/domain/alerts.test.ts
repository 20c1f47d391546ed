import { describe, expect, it } from 'vitest';
import {
  criteriaProblems,
  digestSlot,
  KEYWORD_MAX_LENGTH,
  matches,
  MAX_KEYWORDS,
  mergeChannels,
  parseKeywords,
  pickFields,
  type AlertCriteria,
} from './alerts';
import { INDUSTRIES } from './industry';
import { withDefaults } from './fixture.testkit';

const WAN = 1_000_000;
const none: AlertCriteria = {
  fields: [],
  keywords: [],
  minBountyFen: null,
  maxBountyFen: null,
  includeOpen: true,
};
const challenge = withDefaults<Parameters<typeof matches>[1]>({
  field: '新材料',
  searchText: '高性能陶瓷膜 ceramic membrane 淄博某公司',
  bountyFen: 200 * WAN,
});

describe('parseKeywords', () => {
  it('splits on spaces, commas of either width, 、 and semicolons; normalises; drops repeats', () => {
    expect(parseKeywords(' 陶瓷膜，Ceramic、ＭＥＭＢＲＡＮＥ;陶瓷膜  氢能 ')).toEqual({
      ok: true,
      keywords: ['陶瓷膜', 'ceramic', 'membrane', '氢能'],
    });
    expect(parseKeywords('  ')).toEqual({ ok: true, keywords: [] });
  });

  it('refuses more than MAX_KEYWORDS and a keyword longer than KEYWORD_MAX_LENGTH', () => {
    const many = Array.from({ length: MAX_KEYWORDS + 1 }, (_, i) => `k${i}`).join(' ');
    expect(parseKeywords(many)).toEqual({ ok: false, error: 'tooMany' });
    expect(
      parseKeywords(Array.from({ length: MAX_KEYWORDS }, (_, i) => `k${i}`).join(',')),
    ).toMatchObject({ ok: true });
    expect(parseKeywords('材'.repeat(KEYWORD_MAX_LENGTH))).toMatchObject({ ok: true });
    expect(parseKeywords('材'.repeat(KEYWORD_MAX_LENGTH + 1))).toEqual({
      ok: false,
      error: 'tooLong',
    });
  });
});

describe('pickFields', () => {
  it('keeps the industries once, drops anything else', () => {
    expect(pickFields(['氢能', '氢能', 'x', 7, null, '新材料'])).toEqual(['氢能', '新材料']);
    expect(pickFields([...INDUSTRIES])).toEqual([...INDUSTRIES]);
  });
});

describe('matches', () => {
  it('by field: any of the listed, or any when none is listed', () => {
    expect(matches({ ...none, fields: ['新材料', '氢能'] }, challenge())).toBe(true);
    expect(matches({ ...none, fields: ['氢能'] }, challenge())).toBe(false);
    expect(matches(none, challenge({ field: '氢能' }))).toBe(true);
  });

  it('by keyword: one of them found anywhere in the search text, case and width folded', () => {
    expect(matches({ ...none, keywords: ['membrane'] }, challenge())).toBe(true);
    expect(matches({ ...none, keywords: ['氢', '陶瓷膜'] }, challenge())).toBe(true);
    expect(matches({ ...none, keywords: ['氢'] }, challenge())).toBe(false);
    expect(
      matches({ ...none, keywords: ['membrane'] }, challenge({ searchText: 'MEMBRANE' })),
    ).toBe(true);
  });

  it('by bounty: inclusive bounds, open bounties only when taken', () => {
    const range = { ...none, minBountyFen: 100 * WAN, maxBountyFen: 200 * WAN };
    expect(matches(range, challenge({ bountyFen: 100 * WAN }))).toBe(true);
    expect(matches(range, challenge({ bountyFen: 200 * WAN }))).toBe(true);
    expect(matches(range, challenge({ bountyFen: 100 * WAN - 1 }))).toBe(false);
    expect(matches(range, challenge({ bountyFen: 200 * WAN + 1 }))).toBe(false);
    expect(matches(range, challenge({ bountyFen: null }))).toBe(true);
    expect(matches({ ...range, includeOpen: false }, challenge({ bountyFen: null }))).toBe(false);
    expect(matches({ ...none, minBountyFen: 500 * WAN }, challenge())).toBe(false);
    expect(matches({ ...none, maxBountyFen: 500 * WAN }, challenge())).toBe(true);
  });

  it('every criterion must hold', () => {
    const c = { ...none, fields: ['新材料' as const], keywords: ['陶瓷'], maxBountyFen: 100 * WAN };
    expect(matches(c, challenge())).toBe(false);
    expect(matches(c, challenge({ bountyFen: 50 * WAN }))).toBe(true);
  });
});

describe('criteriaProblems', () => {
  const both = { inApp: true, mail: 'IMMEDIATE' as const };
  it('wants something to look for, a non-empty range and a channel', () => {
    expect(criteriaProblems(none, both)).toEqual([{ code: 'noCriteria', field: 'fields' }]);
    expect(criteriaProblems({ ...none, keywords: ['x'] }, both)).toEqual([]);
    expect(criteriaProblems({ ...none, minBountyFen: 2, maxBountyFen: 1 }, both)).toEqual([
      { code: 'rangeInverted', field: 'maxWan' },
    ]);
    expect(criteriaProblems({ ...none, minBountyFen: 1, maxBountyFen: 1 }, both)).toEqual([]);
    expect(criteriaProblems({ ...none, fields: ['氢能'] }, { inApp: false, mail: 'NONE' })).toEqual(
      [{ code: 'noChannel', field: 'inApp' }],
    );
  });
});

describe('mergeChannels', () => {
  it('one notice: in the app if any says so, mail in the promptest mode', () => {
    expect(mergeChannels([])).toBeNull();
    expect(
      mergeChannels([
        { id: 'a', inApp: false, mail: 'DAILY' },
        { id: 'b', inApp: true, mail: 'NONE' },
        { id: 'c', inApp: false, mail: 'IMMEDIATE' },
      ]),
    ).toEqual({ inApp: true, mail: 'IMMEDIATE', subscriptionId: 'c' });
    expect(
      mergeChannels([
        { id: 'a', inApp: false, mail: 'NONE' },
        { id: 'b', inApp: false, mail: 'DAILY' },
      ]),
    ).toEqual({ inApp: false, mail: 'DAILY', subscriptionId: 'b' });
  });
});

describe('digestSlot', () => {
  it('is the Shanghai day, due at 08:00 there', () => {
    // 2026-12-06 23:30 UTC is 07:30 on the 7th in Shanghai
    expect(digestSlot(new Date('2026-12-06T23:30:00Z'))).toEqual({
      day: '2026-12-07',
      dueAt: new Date('2026-12-07T00:00:00Z'),
    });
    expect(digestSlot(new Date('2026-12-07T15:59:59Z')).day).toBe('2026-12-07');
    expect(digestSlot(new Date('2026-12-07T16:00:00Z')).day).toBe('2026-12-08');
  });
});
