import { describe, expect, it } from 'vitest';
import { en } from '~/i18n/en';
import { translator } from '~/i18n/translate';
import { zh } from '~/i18n/zh';
import { ALL_PERIOD } from './period';
import {
  isEmptyPeriod,
  paragraphWan,
  summaryParagraph,
  type SummaryFigures,
  type Translate,
} from './programme-report';

const tZh = translator(zh) as unknown as Translate;
const tEn = translator(en) as unknown as Translate;

// the programme of the bureau's 2021 work summary, section 六.3
const SEEDED: SummaryFigures = {
  needsCollected: 97,
  published: 55,
  fixedBounty: { count: 45, totalFen: 3785 * 1_000_000 },
  openBounty: 10,
  eventsHeld: 2,
  events: [{ industry: '高端装备' }, { industry: '电子信息' }],
  teamsMatched: 27,
  contractsSigned: 11,
  rewardDisbursedFen: 912 * 1_000_000,
  rdInvestmentFen: 16607 * 1_000_000,
};

const ZERO: SummaryFigures = {
  needsCollected: 0,
  published: 0,
  fixedBounty: { count: 0, totalFen: 0 },
  openBounty: 0,
  eventsHeld: 0,
  events: [],
  teamsMatched: 0,
  contractsSigned: 0,
  rewardDisbursedFen: 0,
  rdInvestmentFen: 0,
};

describe('the summary paragraph', () => {
  it('writes the work summary’s paragraph from the seeded figures, word for word', () => {
    expect(summaryParagraph(SEEDED, ALL_PERIOD, 'zh', tZh)).toBe(
      '组织开展市级“揭榜挂帅·全球引才”活动，截至目前，已征集写榜需求97个，完成发榜55个，其中45个榜额明确为3785万元，10个以不限定榜额形式发榜。举办了高端装备、电子信息2场“揭榜”活动，累计对接学者团队27个，签订揭榜项目合同11项，兑付人才奖励资金912万元，带动项目研发投入16607万元。',
    );
  });

  it('says the same in English, with grouped amounts and the fields’ English names', () => {
    expect(summaryParagraph(SEEDED, ALL_PERIOD, 'en', tEn)).toBe(
      'The municipal “Unveil the List · Global Talent” programme to date: 97 needs collected and 55 challenges published (45 with fixed bounties totalling 3,785 × 10k yuan and 10 with open bounties). 2 matching events held (High-end equipment, Electronics & IT), 27 research teams matched, 11 contracts signed, 912 × 10k yuan of talent rewards disbursed and 16,607 × 10k yuan of R&D investment driven.',
    );
  });

  it('names a year or a quarter instead of “to date”', () => {
    const year = { kind: 'year', year: 2021 } as const;
    const q2 = { kind: 'quarter', year: 2021, quarter: 2 } as const;
    expect(summaryParagraph(SEEDED, year, 'zh', tZh)).toMatch(
      /^组织开展市级“揭榜挂帅·全球引才”活动，2021年，已征集/,
    );
    expect(summaryParagraph(SEEDED, q2, 'zh', tZh)).toContain('活动，2021年第二季度，已征集');
    expect(summaryParagraph(SEEDED, year, 'en', tEn)).toContain('programme in 2021: 97 needs');
    expect(summaryParagraph(SEEDED, q2, 'en', tEn)).toContain('programme in Q2 2021: 97 needs');
  });

  it('says that nothing was recorded rather than listing zeros', () => {
    expect(isEmptyPeriod(ZERO)).toBe(true);
    expect(summaryParagraph(ZERO, { kind: 'year', year: 2030 }, 'zh', tZh)).toBe(
      '2030年，尚无写榜需求、“揭榜”活动或揭榜合同记录。',
    );
    expect(summaryParagraph(ZERO, ALL_PERIOD, 'en', tEn)).toBe(
      'Nothing recorded to date: no needs, matching events or contracts.',
    );
  });

  it('leaves out the kinds of bounty and the events that are not there, in the singular where one', () => {
    const f: SummaryFigures = {
      ...ZERO,
      needsCollected: 1,
      published: 1,
      fixedBounty: { count: 1, totalFen: 1_500_000 },
      contractsSigned: 1,
      teamsMatched: 1,
    };
    expect(isEmptyPeriod(f)).toBe(false);
    expect(summaryParagraph(f, ALL_PERIOD, 'zh', tZh)).toBe(
      '组织开展市级“揭榜挂帅·全球引才”活动，截至目前，已征集写榜需求1个，完成发榜1个，其中1个榜额明确为1.5万元。未举办“揭榜”活动，累计对接学者团队1个，签订揭榜项目合同1项，兑付人才奖励资金0万元，带动项目研发投入0万元。',
    );
    expect(summaryParagraph(f, ALL_PERIOD, 'en', tEn)).toBe(
      'The municipal “Unveil the List · Global Talent” programme to date: 1 need collected and 1 challenge published (1 with a fixed bounty of 1.5 × 10k yuan). No matching event held, 1 research team matched, 1 contract signed, 0 × 10k yuan of talent rewards disbursed and 0 × 10k yuan of R&D investment driven.',
    );
    // collected but nothing published: no split at all
    const unpublished = { ...ZERO, needsCollected: 3 };
    expect(summaryParagraph(unpublished, ALL_PERIOD, 'zh', tZh)).toContain(
      '已征集写榜需求3个，完成发榜0个。',
    );
  });

  it('names a field once however many of its events there were', () => {
    const f = {
      ...SEEDED,
      eventsHeld: 3,
      events: [{ industry: '高端装备' }, { industry: '电子信息' }, { industry: '高端装备' }],
    };
    expect(summaryParagraph(f, ALL_PERIOD, 'zh', tZh)).toContain('举办了高端装备、电子信息3场');
  });

  it('writes amounts without separators in Chinese prose and with them in English', () => {
    expect(paragraphWan(16_607_000_000, 'zh')).toBe('16607');
    expect(paragraphWan(16_607_000_000, 'en')).toBe('16,607');
    expect(paragraphWan(12_345_670_000, 'zh')).toBe('12345.67');
  });
});
