// Contracts and what they come from: an approved award on a closed challenge with the awarded
// team's application (fixed or open bounty), a signed contract, the registration form's fields.
import type { Db } from '~/lib/db.server';
import { inDays, today } from './dates';
import { fundChallenge, makeChallenge } from './needs';
import { makeEnterprise, makeTeam, makeUser } from './people';
import { uid } from './unique';

export type AwardFixture = Awaited<ReturnType<typeof makeApprovedAward>>;

/**
 * An APPROVED award of a closed (AWARDED) challenge. `bountyFen: null` makes an open bounty.
 * Parties default to new organisations, each with one member; pass ids to reuse existing ones.
 */
export async function makeApprovedAward(
  db: Db,
  opts: {
    bountyFen?: number | null;
    enterpriseId?: string;
    teamId?: string;
    decidedAt?: Date;
    status?: string;
    requestedFen?: number | null;
    /** another award on this challenge (赛马制), in slot `slotNo` */
    challengeId?: string;
    slotNo?: number;
  } = {},
) {
  const existing = opts.challengeId
    ? await db.challenge.findUniqueOrThrow({ where: { id: opts.challengeId } })
    : null;
  const enterpriseId = existing?.enterpriseId ?? opts.enterpriseId ?? (await makeEnterprise(db)).id;
  const teamId = opts.teamId ?? (await makeTeam(db)).id;
  const open = existing ? existing.bountyType === 'OPEN' : opts.bountyFen === null;
  const id = uid();
  const decidedAt = opts.decidedAt ?? new Date(Date.now() - 30 * 86_400_000);
  const challenge =
    existing ??
    (await db.challenge.create({
      data: {
        ref: `T-${id}`,
        code: `ZB-2099-${id}`,
        enterpriseId,
        title: `合同测试榜单 ${id}`,
        field: '高端装备',
        background: '测试背景',
        bountyType: open ? 'OPEN' : 'FIXED',
        bountyFen: open ? null : BigInt(opts.bountyFen ?? 300_000_000),
        applicationDeadline: new Date(decidedAt.getTime() - 30 * 86_400_000),
        implementationMonths: 24,
        contactName: '联系人',
        contactPhone: '0533-0000000',
        status: 'AWARDED',
        submittedAt: new Date(decidedAt.getTime() - 90 * 86_400_000),
        publishedAt: new Date(decidedAt.getTime() - 80 * 86_400_000),
        closedAt: new Date(decidedAt.getTime() - 30 * 86_400_000),
        targets: { create: [{ position: 1, text: '指标一' }] },
      },
    }));
  // 榜额到位: the fixed bounty was funded before it was published
  if (!existing && !open) await fundChallenge(db, challenge.id);
  const application = await db.application.create({
    data: {
      challengeId: challenge.id,
      teamId,
      status: 'AWARDED',
      approach: '技术路线',
      schedule: '进度安排',
      requestedFen:
        opts.requestedFen === undefined || opts.requestedFen === null
          ? open
            ? 400_000_000n
            : null
          : BigInt(opts.requestedFen),
      submittedAt: new Date(decidedAt.getTime() - 60 * 86_400_000),
      decidedAt,
    },
  });
  const proposer = await makeUser(db, { role: 'REVIEWER' });
  const approver = await makeUser(db, { role: 'ADMIN' });
  const award = await db.award.create({
    data: {
      challengeId: challenge.id,
      applicationId: application.id,
      status: opts.status ?? 'APPROVED',
      slotNo: (opts.status ?? 'APPROVED') === 'APPROVED' ? (opts.slotNo ?? 1) : null,
      proposedById: proposer.id,
      proposedAt: new Date(decidedAt.getTime() - 5 * 86_400_000),
      decidedById: approver.id,
      decidedAt,
    },
  });
  return { award, challenge, application, enterpriseId, teamId };
}

/** The fields of the registration form, as a browser posts them. */
export function contractForm(
  opts: {
    rdInvestmentWan?: string;
    signedAt?: string;
    milestones?: { title?: string; dueDate?: string; deliverables?: string; sharePct?: string }[];
  } = {},
): Record<string, string> {
  const milestones = opts.milestones ?? [
    { title: '方案评审及样机', dueDate: inDays(90), deliverables: '方案、样机', sharePct: '30' },
    { title: '中试验证', dueDate: inDays(270), deliverables: '中试报告', sharePct: '40' },
    { title: '项目验收', dueDate: inDays(540), deliverables: '验收报告', sharePct: '30' },
  ];
  const fields: Record<string, string> = {
    rdInvestmentWan: opts.rdInvestmentWan ?? '1200',
    signedAt: opts.signedAt ?? today(),
  };
  for (const [i, m] of milestones.entries()) {
    if (m.title !== undefined) fields[`milestones[${i}].title`] = m.title;
    if (m.dueDate !== undefined) fields[`milestones[${i}].dueDate`] = m.dueDate;
    if (m.deliverables !== undefined) fields[`milestones[${i}].deliverables`] = m.deliverables;
    if (m.sharePct !== undefined) fields[`milestones[${i}].sharePct`] = m.sharePct;
  }
  return fields;
}

/** A contract in progress with one accepted milestone worth the whole reward. */
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
