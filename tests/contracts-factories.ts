// Builders for the contracts desk's tests: an approved award on a closed challenge with the
// awarded team's application, for a fixed or an open bounty, ready for its contract.
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { Db } from '~/lib/db.server';
import { makeUser } from './auth-helpers';
import { makeEnterprise, makeTeam } from './factories';

const uid = () => randomBytes(5).toString('hex');

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

/** One member of each party, for signed-in requests. */
export async function partiesOf(db: Db, f: { enterpriseId: string; teamId: string }) {
  const [enterprise, team] = await Promise.all([
    makeUser(db, { role: 'ENTERPRISE', organizationId: f.enterpriseId }),
    makeUser(db, { role: 'TEAM', organizationId: f.teamId }),
  ]);
  return { enterprise, team };
}

/** The fields of the registration form, as a browser posts them. */
export function contractForm(
  opts: {
    rdInvestmentWan?: string;
    signedAt?: string;
    milestones?: { title?: string; dueDate?: string; deliverables?: string; sharePct?: string }[];
  } = {},
): Record<string, string> {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const later = (days: number) =>
    new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
  const milestones = opts.milestones ?? [
    { title: '方案评审及样机', dueDate: later(90), deliverables: '方案、样机', sharePct: '30' },
    { title: '中试验证', dueDate: later(270), deliverables: '中试报告', sharePct: '40' },
    { title: '项目验收', dueDate: later(540), deliverables: '验收报告', sharePct: '30' },
  ];
  const fields: Record<string, string> = {
    rdInvestmentWan: opts.rdInvestmentWan ?? '1200',
    signedAt: opts.signedAt ?? today,
  };
  for (const [i, m] of milestones.entries()) {
    if (m.title !== undefined) fields[`milestones[${i}].title`] = m.title;
    if (m.dueDate !== undefined) fields[`milestones[${i}].dueDate`] = m.dueDate;
    if (m.deliverables !== undefined) fields[`milestones[${i}].deliverables`] = m.deliverables;
    if (m.sharePct !== undefined) fields[`milestones[${i}].sharePct`] = m.sharePct;
  }
  return fields;
}

/** A valid one-pixel PNG: an evidence file the attachment check accepts. */
export function tinyPng() {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
