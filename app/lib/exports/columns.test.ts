import { describe, expect, it } from 'vitest';
import { getT, LOCALES } from '~/i18n/i18n';
import {
  applicationColumns,
  catalogueColumns,
  contractColumns,
  instalmentColumns,
  paymentColumns,
  type CatalogueExportRow,
} from './columns';
import { csvCell } from './table';

const criteria = [{ name: '技术先进性', nameEn: 'Technical merit', weight: 40 }];
const lists = (locale: (typeof LOCALES)[number]) => {
  const t = getT(locale);
  return {
    catalogue: catalogueColumns(t),
    contracts: contractColumns(t),
    applications: applicationColumns(t, criteria, locale),
    instalments: instalmentColumns(t),
    payments: paymentColumns(t),
  };
};

const challenge: CatalogueExportRow = {
  code: 'ZB-2021-001',
  title: '=HYPERLINK("http://evil.example","点我")',
  titleEn: null,
  enterprise: '淄博某某陶瓷有限公司',
  enterpriseEn: null,
  field: '先进陶瓷',
  bountyType: 'FIXED',
  bountyFen: 5_000_001,
  deadline: new Date('2021-08-31T00:00:00+08:00'),
  publishedAt: new Date('2021-06-01T00:00:00+08:00'),
  status: 'PUBLISHED',
};

describe('export columns', () => {
  it('heads every column in each language, never with a bare key', () => {
    for (const locale of LOCALES)
      for (const [list, columns] of Object.entries(lists(locale))) {
        const headers = columns.map((c) => c.header);
        expect(
          headers.filter((h) => /^exports\.|{{/.test(h)),
          `${locale} ${list}`,
        ).toEqual([]);
        expect(new Set(headers).size, `${locale} ${list}: distinct headers`).toBe(headers.length);
      }
  });

  it('gives every amount twice, in 万元 and in fen', () => {
    for (const locale of LOCALES)
      for (const columns of Object.values(lists(locale))) {
        const wan = columns.filter((c) => c.kind === 'wan').length;
        expect(columns.filter((c) => c.kind === 'fen').length).toBe(wan);
      }
    const zh = catalogueColumns(getT('zh')).map((c) => c.header);
    expect(zh).toContain('榜额（万元）');
    expect(zh).toContain('榜额（分）');
    expect(catalogueColumns(getT('en')).map((c) => c.header)).toContain('Bounty (fen)');
  });

  it('writes a challenge as the catalogue names it, its title neutralised', () => {
    const cells = catalogueColumns(getT('zh')).map((c) =>
      csvCell(c.kind, c.value(challenge), 'zh'),
    );
    expect(cells).toEqual([
      'ZB-2021-001',
      `'=HYPERLINK("http://evil.example","点我")`,
      '',
      '淄博某某陶瓷有限公司',
      '',
      '先进陶瓷',
      '明确榜额',
      '5',
      '5000001',
      '2021-08-31',
      '2021-06-01',
      '征集中',
    ]);
    const en = catalogueColumns(getT('en')).map((c) => csvCell(c.kind, c.value(challenge), 'en'));
    expect(en.at(-1)).toBe('Open');
    expect(en[6]).toBe(getT('en')('contractsDesk.bountyType.FIXED'));
  });

  it("heads the desk's criteria with their weights, in the reader's language", () => {
    expect(applicationColumns(getT('zh'), criteria, 'zh').map((c) => c.header)).toContain(
      '技术先进性（权重 40%）',
    );
    expect(applicationColumns(getT('en'), criteria, 'en').map((c) => c.header)).toContain(
      'Technical merit (weight 40%)',
    );
  });
});
