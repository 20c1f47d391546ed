import { describe, expect, it } from 'vitest';
import { writeJson } from './ocds-json';
import {
  buildRelease,
  challengeCodeOfFile,
  contractStatus,
  DEFAULT_OCDS_PREFIX,
  milestoneStatus,
  OCDS_PREFIX_PATTERN,
  packageHead,
  parseOcdsPrefix,
  tenderStatus,
  type ProcessRecord,
} from './ocds';

const PREFIX = 'ocds-abc123';
const day = (s: string) => new Date(`${s}T00:00:00+08:00`);

function process(overrides: Partial<ProcessRecord> = {}): ProcessRecord {
  const team = { id: 'team1', name: '矿山智能装备团队', nameEn: 'Mining Team', creditCode: null };
  return {
    code: 'ZB-2021-001',
    title: '液压支架电液控制系统',
    titleEn: 'Hydraulic support control',
    background: '背景',
    status: 'AWARDED',
    bountyFen: 300_000_000n,
    publishedAt: day('2021-05-10'),
    applicationDeadline: day('2021-06-30'),
    closedEarlyAt: null,
    targets: [
      { text: '指标一', textEn: 'Target one' },
      { text: '指标二', textEn: null },
    ],
    enterprise: {
      id: 'ent1',
      name: '某某有限公司',
      nameEn: null,
      creditCode: '91370303MA3J9BT97B',
    },
    bureau: { id: 'bur1', name: '淄博市科学技术局', nameEn: 'Zibo S&T Bureau', creditCode: null },
    contracts: [
      {
        code: 'HT-2021-001',
        status: 'IN_PROGRESS',
        signedAt: day('2021-08-06'),
        acceptedAt: null,
        terminatedAt: null,
        rewardFen: 300_000_001n,
        awardedAt: day('2021-07-19'),
        team,
        milestones: [
          {
            seq: 1,
            title: '样机',
            dueDate: day('2021-09-30'),
            status: 'ACCEPTED',
            acceptedAt: day('2021-10-08'),
            payment: { amountFen: 90_000_001n, paidAt: day('2021-10-27') },
          },
          {
            seq: 2,
            title: '中试',
            dueDate: day('2021-12-10'),
            status: 'REJECTED',
            acceptedAt: null,
            payment: null,
          },
          {
            seq: 3,
            title: '验收',
            dueDate: day('2023-01-31'),
            status: 'PENDING',
            acceptedAt: null,
            payment: null,
          },
        ],
      },
    ],
    ...overrides,
  };
}

describe('the ocid prefix', () => {
  it('defaults to a prefix of the registered form and refuses anything else', () => {
    expect(parseOcdsPrefix(undefined)).toBe(DEFAULT_OCDS_PREFIX);
    expect(parseOcdsPrefix('')).toBe(DEFAULT_OCDS_PREFIX);
    expect(DEFAULT_OCDS_PREFIX).toMatch(OCDS_PREFIX_PATTERN);
    expect(parseOcdsPrefix('ocds-213czf')).toBe('ocds-213czf');
    for (const bad of ['ocds-jiebang', 'OCDS-213CZF', 'ocds-12345', 'ocds-213czf ', 'x-213czf']) {
      expect(() => parseOcdsPrefix(bad), bad).toThrow(/OCDS_PREFIX/);
    }
  });
});

describe('challengeCodeOfFile', () => {
  it('reads the challenge code of <ocid>.json', () => {
    expect(challengeCodeOfFile(PREFIX, `${PREFIX}-ZB-2021-056.json`)).toBe('ZB-2021-056');
  });

  it('gives null for anything that is not an ocid of this prefix', () => {
    for (const file of [
      '',
      '.json',
      `${PREFIX}.json`,
      `${PREFIX}-.json`,
      `${PREFIX}-ZB-2021-056`,
      `${PREFIX}-ZB-2021-056.json.json`,
      `ocds-zzzzzz-ZB-2021-056.json`,
      `${PREFIX}-../ZB-2021-056.json`,
      `${PREFIX}-ZB 2021.json`,
      `${PREFIX}-ZB-2021-056\u0000.json`,
      `${PREFIX}-榜单.json`,
      `${PREFIX}-${'9'.repeat(5000)}.json`,
      `${PREFIX}--ZB.json`,
    ]) {
      expect(challengeCodeOfFile(PREFIX, file), file).toBeNull();
    }
  });
});

describe('status mapping', () => {
  it('maps every public status onto the OCDS codelists', () => {
    expect(tenderStatus('PUBLISHED')).toBe('active');
    expect(tenderStatus('CLOSED')).toBe('active');
    expect(tenderStatus('AWARDED')).toBe('complete');
    expect(tenderStatus('UNAWARDED')).toBe('unsuccessful');
    expect(tenderStatus('DRAFT')).toBeNull();
    expect(contractStatus('SIGNED')).toBe('active');
    expect(contractStatus('ACCEPTED')).toBe('terminated');
    expect(milestoneStatus('ACCEPTED')).toBe('met');
    expect(milestoneStatus('REJECTED')).toBe('notMet');
    expect(milestoneStatus('DELIVERED')).toBe('scheduled');
  });
});

describe('buildRelease', () => {
  const release = buildRelease(PREFIX, process());
  const json = JSON.parse(writeJson(release));

  it('names the process by prefix and challenge code, dated by its latest public event', () => {
    expect(json.ocid).toBe(`${PREFIX}-ZB-2021-001`);
    expect(json.date).toBe('2021-10-26T16:00:00.000Z');
    expect(json.id).toBe(`${PREFIX}-ZB-2021-001-20211026T160000Z`);
    expect(json.tag).toEqual(['tender', 'award', 'contract', 'implementation']);
  });

  it('makes the challenge the tender, with its bounty in yuan and its targets as items', () => {
    expect(json.tender).toMatchObject({
      id: 'ZB-2021-001',
      title: '液压支架电液控制系统',
      title_en: 'Hydraulic support control',
      status: 'complete',
      value: { amount: 3_000_000, currency: 'CNY' },
      tenderPeriod: {
        startDate: '2021-05-09T16:00:00.000Z',
        // applications close when the deadline's Shanghai day ends
        endDate: '2021-06-30T16:00:00.000Z',
      },
    });
    expect(json.tender.items).toEqual([
      { id: '1', description: '指标一', description_en: 'Target one' },
      { id: '2', description: '指标二' },
    ]);
  });

  it('leaves an open bounty without an amount', () => {
    const open = buildRelease(PREFIX, process({ bountyFen: null, contracts: [] }));
    expect(open.tender.value).toBeUndefined();
    expect(open.tag).toEqual(['tender']);
    expect(open.awards).toEqual([]);
  });

  it('identifies an enterprise by its credit code and every party once with all its roles', () => {
    expect(json.parties).toEqual([
      {
        id: 'CN-USCC-91370303MA3J9BT97B',
        name: '某某有限公司',
        identifier: {
          scheme: 'CN-USCC',
          id: '91370303MA3J9BT97B',
          legalName: '某某有限公司',
        },
        roles: ['buyer'],
      },
      {
        id: `${PREFIX}-org-bur1`,
        name: '淄博市科学技术局',
        name_en: 'Zibo S&T Bureau',
        roles: ['procuringEntity', 'funder', 'payer'],
      },
      {
        id: `${PREFIX}-org-team1`,
        name: '矿山智能装备团队',
        name_en: 'Mining Team',
        roles: ['supplier', 'payee'],
      },
    ]);
  });

  it('puts milestones met and instalments paid in the implementation, linked', () => {
    const [contract] = json.contracts;
    expect(contract).toMatchObject({
      id: 'HT-2021-001',
      awardID: 'HT-2021-001-award',
      status: 'active',
      value: { amount: 3_000_000.01, currency: 'CNY' },
    });
    expect(json.awards[0].id).toBe(contract.awardID);
    expect(contract.implementation.milestones).toEqual([
      {
        id: '1',
        title: '样机',
        type: 'delivery',
        dueDate: '2021-09-29T16:00:00.000Z',
        status: 'met',
        dateMet: '2021-10-07T16:00:00.000Z',
      },
      {
        id: '2',
        title: '中试',
        type: 'delivery',
        dueDate: '2021-12-09T16:00:00.000Z',
        status: 'notMet',
      },
      {
        id: '3',
        title: '验收',
        type: 'delivery',
        dueDate: '2023-01-30T16:00:00.000Z',
        status: 'scheduled',
      },
    ]);
    expect(contract.implementation.transactions).toEqual([
      {
        id: 'HT-2021-001-1',
        date: '2021-10-26T16:00:00.000Z',
        value: { amount: 900_000.01, currency: 'CNY' },
        payer: { id: `${PREFIX}-org-bur1`, name: '淄博市科学技术局' },
        payee: { id: `${PREFIX}-org-team1`, name: '矿山智能装备团队' },
        relatedImplementationMilestone: { id: '1', title: '样机' },
      },
    ]);
    // the exact digits are in the text, not only a double close to them
    expect(writeJson(release)).toContain('"amount":900000.01,');
  });

  it('ends applications when the bureau closed them early', () => {
    const early = buildRelease(PREFIX, process({ closedEarlyAt: day('2021-06-15') }));
    expect(early.tender.tenderPeriod.endDate).toBe('2021-06-14T16:00:00.000Z');
  });
});

describe('packageHead', () => {
  it('declares OCDS 1.1 and the milestone link extension', () => {
    const head = packageHead({
      uri: 'https://x.example/open-data/ocds/releases.json',
      origin: 'https://x.example',
      publisher: '淄博市科学技术局',
    });
    expect(head.version).toBe('1.1');
    expect(head.extensions[0]).toMatch(/transactions_relatedMilestone.*extension\.json$/);
    expect(head.publicationPolicy).toBe('https://x.example/open-data');
  });
});
