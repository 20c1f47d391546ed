// Small builders for test records; every call makes new, uniquely named rows.
import { randomBytes } from 'node:crypto';
import { computeCheckChar } from '~/domain/credit-code';
import { buildSearchText } from '~/domain/search';
import type { Db } from '~/lib/db.server';

const uid = () => randomBytes(5).toString('hex');

export function creditCode(): string {
  const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let body = '91370303';
  for (let i = 0; i < 9; i++) body += charset[Math.floor(Math.random() * charset.length)];
  return body + computeCheckChar(body);
}

export function makeEnterprise(db: Db, name = `测试企业${uid()}有限公司`) {
  return db.organization.create({ data: { kind: 'ENTERPRISE', name, creditCode: creditCode() } });
}

export function makeTeam(db: Db, name = `测试团队${uid()}`) {
  return db.organization.create({
    data: { kind: 'TEAM', name, institution: '山东理工大学', country: 'CN' },
  });
}

export async function makeChallenge(
  db: Db,
  opts: {
    status?: string;
    bountyFen?: number | null;
    published?: boolean;
    deadline?: Date;
    title?: string;
    field?: string;
  } = {},
) {
  const enterprise = await makeEnterprise(db);
  const id = uid();
  const published = opts.published ?? true;
  const status = opts.status ?? (published ? 'PUBLISHED' : 'SUBMITTED');
  return db.challenge.create({
    data: {
      ref: `T-${id}`,
      code: published ? `ZB-2099-${id}` : null,
      enterpriseId: enterprise.id,
      title: opts.title ?? `测试榜单 ${id}`,
      field: opts.field ?? '新材料',
      background: '测试背景',
      searchText: buildSearchText({
        title: opts.title ?? `测试榜单 ${id}`,
        background: '测试背景',
        targets: ['指标一'],
        enterpriseName: enterprise.name,
      }),
      bountyType: opts.bountyFen === null ? 'OPEN' : 'FIXED',
      bountyFen: opts.bountyFen === null ? null : BigInt(opts.bountyFen ?? 1_000_000),
      applicationDeadline: opts.deadline ?? new Date('2099-12-31T00:00:00+08:00'),
      implementationMonths: 12,
      contactName: '联系人',
      contactPhone: '0533-0000000',
      status,
      submittedAt: new Date(),
      publishedAt: published ? new Date() : null,
      targets: { create: [{ position: 1, text: '指标一' }] },
    },
  });
}

export async function makeContract(db: Db, opts: { rewardFen: number; rdInvestmentFen: number }) {
  const challenge = await makeChallenge(db, { status: 'AWARDED', bountyFen: opts.rewardFen });
  const team = await makeTeam(db);
  return db.contract.create({
    data: {
      code: `HT-T-${uid()}`,
      challengeId: challenge.id,
      enterpriseId: challenge.enterpriseId,
      teamId: team.id,
      rewardFen: BigInt(opts.rewardFen),
      rdInvestmentFen: BigInt(opts.rdInvestmentFen),
      status: 'IN_PROGRESS',
      signedAt: new Date(),
      milestones: {
        create: [
          {
            seq: 1,
            title: '节点一',
            dueDate: new Date(),
            deliverables: '报告',
            shareBp: 10_000,
            amountFen: BigInt(opts.rewardFen),
            status: 'ACCEPTED',
          },
        ],
      },
    },
    include: { milestones: true },
  });
}
