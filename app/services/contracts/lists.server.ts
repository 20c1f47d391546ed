// The contract desks' lists: approved awards still waiting for their contract, and registered
// contracts with the work waiting on them. Read by the bureau's desk and an organisation's own.
import { contractRewardFen } from '~/domain/contract-rules';
import {
  acceptedOffer,
  isOfferSide,
  isOfferStatus,
  negotiationState,
  type BountyType,
  type OfferFacts,
} from '~/domain/negotiation';
import type { Db } from '~/lib/db.server';
import { toFen, toFenOrNull } from '~/lib/fen';
import type { Actor } from '~/services/kernel/actor';

const LIST_LIMIT = 200;

/** What every list (and the registration form) reads of an award. */
export const awaitingSelect = {
  id: true,
  decidedAt: true,
  slotNo: true,
  applicationId: true,
  stageGateOutcome: true,
  challenge: {
    select: {
      id: true,
      code: true,
      title: true,
      bountyType: true,
      bountyFen: true,
      enterpriseId: true,
      enterprise: { select: { name: true } },
    },
  },
  application: { select: { teamId: true, team: { select: { name: true } } } },
} as const;

type AwaitingRow = {
  id: string;
  decidedAt: Date | null;
  applicationId: string;
  stageGateOutcome: string | null;
  challenge: {
    id: string;
    code: string | null;
    title: string;
    bountyType: string;
    bountyFen: bigint | null;
    enterprise: { name: string };
  };
  application: { team: { name: string } };
};

async function awaitingView(db: Db, rows: AwaitingRow[]) {
  const offers = rows.length
    ? await db.offer.findMany({
        where: { applicationId: { in: rows.map((r) => r.applicationId) } },
        select: {
          id: true,
          applicationId: true,
          challengeId: true,
          side: true,
          status: true,
          amountFen: true,
        },
      })
    : [];
  return rows.map((r) => {
    const bountyType: BountyType = r.challenge.bountyType === 'OPEN' ? 'OPEN' : 'FIXED';
    const trail: OfferFacts[] = offers
      .filter((o) => o.applicationId === r.applicationId && o.challengeId === r.challenge.id)
      .filter((o) => isOfferSide(o.side) && isOfferStatus(o.status))
      .map((o) => ({
        id: o.id,
        side: o.side as OfferFacts['side'],
        status: o.status as OfferFacts['status'],
        amountFen: toFen(o.amountFen),
      }));
    const reward = contractRewardFen({
      bountyType,
      bountyFen: toFenOrNull(r.challenge.bountyFen),
      acceptedOfferFen: acceptedOffer(trail)?.amountFen ?? null,
    });
    return {
      awardId: r.id,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      challengeCode: r.challenge.code,
      title: r.challenge.title,
      enterprise: r.challenge.enterprise.name,
      team: r.application.team.name,
      bountyType,
      rewardFen: reward.ok ? reward.fen : null,
      negotiation: negotiationState(bountyType, trail),
    };
  });
}

type AwardWhere = NonNullable<NonNullable<Parameters<Db['award']['findMany']>[0]>['where']>;

/** Approved awards still waiting for their contract, oldest approval first. */
export async function awardsAwaitingContract(db: Db, where: AwardWhere = {}) {
  const rows = await db.award.findMany({
    where: {
      AND: [
        { status: 'APPROVED', contract: { is: null } },
        // an award stopped at a 赛马制 stage gate gets no contract
        { OR: [{ stageGateOutcome: null }, { stageGateOutcome: { not: 'STOP' } }] },
        where,
      ],
    },
    orderBy: [{ decidedAt: 'asc' }, { id: 'asc' }],
    take: LIST_LIMIT,
    select: awaitingSelect,
  });
  return awaitingView(db, rows);
}

/** A contract row of the lists (the desk's and the contracts export's). */
export const contractListSelect = {
  code: true,
  status: true,
  signedAt: true,
  rewardFen: true,
  rdInvestmentFen: true,
  challenge: { select: { code: true, title: true } },
  enterprise: { select: { name: true } },
  team: { select: { name: true } },
  milestones: { select: { status: true, confirmedAt: true } },
} as const;

function contractRow(c: {
  code: string;
  status: string;
  signedAt: Date;
  rewardFen: bigint;
  rdInvestmentFen: bigint;
  challenge: { code: string | null; title: string };
  enterprise: { name: string };
  team: { name: string };
  milestones: { status: string; confirmedAt: Date | null }[];
}) {
  return {
    code: c.code,
    status: c.status,
    signedAt: c.signedAt.toISOString(),
    rewardFen: toFen(c.rewardFen),
    rdInvestmentFen: toFen(c.rdInvestmentFen),
    challengeCode: c.challenge.code,
    title: c.challenge.title,
    enterprise: c.enterprise.name,
    team: c.team.name,
    milestones: c.milestones.length,
    done: c.milestones.filter((m) => m.status === 'ACCEPTED' && m.confirmedAt).length,
    // work waiting for someone: a delivery to answer, an acceptance to confirm
    delivered: c.milestones.filter((m) => m.status === 'DELIVERED').length,
    toConfirm: c.milestones.filter((m) => m.status === 'ACCEPTED' && !m.confirmedAt).length,
  };
}

/** The bureau's list of registered contracts, newest signing first. */
export async function registeredContracts(db: Db, filter: { status?: string } = {}) {
  const where = filter.status ? { status: filter.status } : {};
  const [rows, total] = await Promise.all([
    db.contract.findMany({
      where,
      orderBy: [{ signedAt: 'desc' }, { code: 'desc' }],
      take: LIST_LIMIT,
      select: contractListSelect,
    }),
    db.contract.count({ where }),
  ]);
  return { rows: rows.map(contractRow), total };
}

/** An organisation's own contracts, and its approved awards still waiting for one. */
export async function ownContracts(db: Db, actor: Actor) {
  const org = actor.organizationId;
  const [rows, awaiting] = await Promise.all([
    db.contract.findMany({
      where: { OR: [{ enterpriseId: org }, { teamId: org }] },
      orderBy: [{ signedAt: 'desc' }, { code: 'desc' }],
      take: LIST_LIMIT,
      select: contractListSelect,
    }),
    awardsAwaitingContract(db, {
      OR: [{ challenge: { enterpriseId: org } }, { application: { teamId: org } }],
    }),
  ]);
  return { contracts: rows.map(contractRow), awaiting };
}
