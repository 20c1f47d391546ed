// Contracts (揭榜项目合同) from registration to acceptance: the bureau registers the contract of
// an approved award, the team delivers milestones, the enterprise accepts or rejects them, the
// bureau confirms, and the contract is accepted when every milestone is done. The rules are in
// app/domain/contract.ts and app/domain/contract-rules.ts; here every change commits with its
// audit record and notifications, one at a time per contract (see lockContract).
import {
  formatContractCode,
  milestoneAmounts,
  parseContractCode,
  transitionContract,
  transitionMilestone,
  type ContractAction,
  type ContractStatus,
  type MilestoneStatus,
} from '~/domain/contract';
import {
  acceptanceConfirms,
  allMilestonesDone,
  canConfirmMilestone,
  canRegisterContract,
  challengeSettlement,
  checkDueDates,
  checkSigningDate,
  contractActionsFor,
  contractOpenForMilestones,
  contractRewardFen,
  deliveryStartsContract,
  earlierDelivered,
  milestoneActionsFor,
  type MilestoneFacts,
} from '~/domain/contract-rules';
import { TransitionError } from '~/domain/lifecycle';
import {
  acceptedOffer,
  isOfferSide,
  isOfferStatus,
  negotiationState,
  type BountyType,
  type OfferFacts,
} from '~/domain/negotiation';
import { transitionNeed } from '~/domain/need';
import { isStaffRole, type Role } from '~/domain/roles';
import { shanghaiDateString } from '~/domain/shanghai-date';
import type { ContractInput } from '~/forms/contracts';
import type { Db, Tx } from '~/lib/db.server';
import { toFen, toFenOrNull } from '~/lib/fen';
import {
  deleteStoredFile,
  saveAttachment,
  type AttachmentError,
} from '~/services/attachments/attachments.server';
import { audit } from '~/services/kernel/audit.server';
import { nextInSeries } from '~/lib/counters.server';
import { deliver } from '~/lib/mail.server';
import { lockChallenge } from '~/services/evaluation/evaluation.server';
import { acceptedOfferFen, lockAward } from '~/services/contracts/negotiation.server';
import { notifyOrganization } from '~/services/kernel/notify.server';

export type Actor = { id: string; role: Role; organizationId: string };

const TX_OPTIONS = { maxWait: 20_000, timeout: 30_000 };
const LIST_LIMIT = 200;

const shanghaiYear = (d: Date) => Number(shanghaiDateString(d).slice(0, 4));

// ---------------------------------------------------------------------------------------------
// Codes

/** The year's next contract code, HT-2026-001 (docs/decisions/017). */
async function nextContractCode(tx: Tx, year: number) {
  const seq = await nextInSeries(tx, `contract-code:${year}`, async () => {
    const rows = await tx.contract.findMany({
      where: { code: { startsWith: `HT-${year}-` } },
      select: { code: true },
    });
    return rows.reduce((max, r) => Math.max(max, parseContractCode(r.code)?.seq ?? 0), 0);
  });
  return formatContractCode(year, seq);
}

// ---------------------------------------------------------------------------------------------
// The bureau's desk

const awaitingSelect = {
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

/** Approved awards still waiting for their contract, oldest approval first. */
type AwardWhere = NonNullable<NonNullable<Parameters<Db['award']['findMany']>[0]>['where']>;

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

const contractListSelect = {
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

// ---------------------------------------------------------------------------------------------
// Registration

/** What the registration form shows of an award; null when there is no such award. */
export async function awardForRegistration(db: Db | Tx, awardId: string) {
  const award = await db.award.findUnique({
    where: { id: awardId },
    select: {
      ...awaitingSelect,
      status: true,
      contract: { select: { code: true } },
      challenge: {
        select: {
          ...awaitingSelect.challenge.select,
          implementationMonths: true,
          enterprise: { select: { name: true, creditCode: true } },
        },
      },
      application: {
        select: {
          teamId: true,
          requestedFen: true,
          team: { select: { name: true, institution: true } },
        },
      },
    },
  });
  if (!award) return null;
  const bountyType: BountyType = award.challenge.bountyType === 'OPEN' ? 'OPEN' : 'FIXED';
  const accepted = await acceptedOfferFen(db, award.applicationId, award.challenge.id);
  const reward = contractRewardFen({
    bountyType,
    bountyFen: toFenOrNull(award.challenge.bountyFen),
    acceptedOfferFen: accepted,
  });
  const registrable = canRegisterContract({
    status: award.status,
    hasContract: award.contract !== null,
    stageGateOutcome: award.stageGateOutcome,
  });
  return {
    awardId: award.id,
    status: award.status,
    decidedAt: award.decidedAt,
    challengeId: award.challenge.id,
    challengeCode: award.challenge.code,
    title: award.challenge.title,
    implementationMonths: award.challenge.implementationMonths,
    enterpriseId: award.challenge.enterpriseId,
    enterprise: award.challenge.enterprise,
    teamId: award.application.teamId,
    team: award.application.team,
    requestedFen: toFenOrNull(award.application.requestedFen),
    bountyType,
    bountyFen: toFenOrNull(award.challenge.bountyFen),
    rewardFen: reward.ok ? reward.fen : null,
    contractCode: award.contract?.code ?? null,
    refusal: !registrable.ok ? registrable.reason : !reward.ok ? reward.reason : null,
  };
}

export type RegisterResult =
  | { ok: true; code: string }
  | {
      ok: false;
      error:
        | 'notFound'
        | 'notApproved'
        | 'alreadyRegistered'
        | 'stopped'
        | 'noAgreedAmount'
        | 'noBounty'
        | 'rdBelowReward'
        | 'signedInFuture'
        | 'signedBeforeAward'
        | 'dueBeforeSigning';
    };

class Refused<T> extends Error {
  constructor(readonly result: T) {
    super('refused');
  }
}

function refuseRegistration(error: Extract<RegisterResult, { ok: false }>['error']): never {
  throw new Refused<RegisterResult>({ ok: false, error });
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002';

/**
 * Registers the contract of an approved award. The reward is read inside the transaction
 * (the fixed bounty or the accepted offer), the milestone amounts are the exact split of it,
 * and the unique award id makes a second contract for the award impossible: of any number of
 * parallel registrations one commits, the others answer `alreadyRegistered`. The code comes
 * from the year's counter row, so it cannot collide with another registration's.
 */
export async function registerContract(
  db: Db,
  actor: Actor,
  awardId: string,
  input: ContractInput,
  opts: { origin?: string; now?: Date } = {},
): Promise<RegisterResult> {
  const now = opts.now ?? new Date();
  try {
    const { code, mailIds } = await db.$transaction(async (tx) => {
      // the award's row lock first: parallel registrations of one award queue here, and on
      // SQLite the transaction writes from its first statement (no read-to-write upgrade)
      await lockAward(tx, awardId);
      const award = await awardForRegistration(tx, awardId);
      if (!award) refuseRegistration('notFound');
      if (award.refusal) refuseRegistration(award.refusal);
      const rewardFen = award.rewardFen!;
      if (input.rdInvestmentFen < rewardFen) refuseRegistration('rdBelowReward');
      const signing = checkSigningDate(input.signedAt, now, award.decidedAt);
      if (signing === 'future') refuseRegistration('signedInFuture');
      if (signing === 'beforeAward') refuseRegistration('signedBeforeAward');
      const dueDates = input.milestones.map((m) => m.dueDate);
      if (checkDueDates(input.signedAt, dueDates)) refuseRegistration('dueBeforeSigning');
      const amounts = milestoneAmounts(
        rewardFen,
        input.milestones.map((m) => m.shareBp),
      );
      const code = await nextContractCode(tx, shanghaiYear(input.signedAt));
      const contract = await tx.contract.create({
        data: {
          code,
          challengeId: award.challengeId,
          awardId: award.awardId,
          enterpriseId: award.enterpriseId,
          teamId: award.teamId,
          rewardFen: BigInt(rewardFen),
          rdInvestmentFen: BigInt(input.rdInvestmentFen),
          status: 'SIGNED',
          signedAt: input.signedAt,
          milestones: {
            create: input.milestones.map((m, i) => ({
              seq: i + 1,
              title: m.title,
              dueDate: m.dueDate,
              deliverables: m.deliverables,
              shareBp: m.shareBp,
              amountFen: BigInt(amounts[i]!),
              status: 'PENDING',
            })),
          },
        },
        select: { id: true, code: true },
      });
      await audit(tx, {
        actorId: actor.id,
        action: 'contract.registered',
        entityType: 'Contract',
        entityId: contract.id,
        data: {
          code,
          awardId,
          rewardFen,
          rdInvestmentFen: input.rdInvestmentFen,
          signedAt: shanghaiDateString(input.signedAt),
          milestones: input.milestones.map((m, i) => ({
            seq: i + 1,
            shareBp: m.shareBp,
            amountFen: amounts[i],
          })),
        },
        at: now,
      });
      const notice = {
        kind: 'contractCreated' as const,
        params: { contract: code },
        link: `/workspace/contracts/${code}`,
        origin: opts.origin,
      };
      const mailIds = [
        ...(await notifyOrganization(tx, award.enterpriseId, notice)),
        ...(await notifyOrganization(tx, award.teamId, notice)),
      ];
      return { code: contract.code, mailIds };
    }, TX_OPTIONS);
    await deliver(db, mailIds);
    return { ok: true, code };
  } catch (error) {
    if (error instanceof Refused) return error.result as RegisterResult;
    if (!isUniqueViolation(error)) throw error;
    // the award's contract was registered meanwhile (the unique award id behind the lock)
    const taken = await db.contract.findUnique({ where: { awardId }, select: { id: true } });
    if (taken) return { ok: false, error: 'alreadyRegistered' };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// A contract and its milestones

type Viewer = { role: Role; organizationId: string };

function partyRole(viewer: Viewer, c: { enterpriseId: string; teamId: string }): Role | null {
  if (isStaffRole(viewer.role)) return viewer.role;
  if (viewer.role === 'ENTERPRISE' && viewer.organizationId === c.enterpriseId) return 'ENTERPRISE';
  if (viewer.role === 'TEAM' && viewer.organizationId === c.teamId) return 'TEAM';
  return null;
}

/** Whether the viewer may see the contract: its two parties and the bureau. */
export async function mayViewContract(db: Db, viewer: Viewer, code: string) {
  const c = await db.contract.findUnique({
    where: { code },
    select: { enterpriseId: true, teamId: true },
  });
  return c !== null && partyRole(viewer, c) !== null;
}

const asContractStatus = (s: string) => s as ContractStatus;
const asMilestoneStatus = (s: string) => s as MilestoneStatus;

/** The contract page: facts, milestones with what the viewer may do, evidence and trail. */
export async function contractForViewer(db: Db, viewer: Viewer, code: string) {
  const c = await db.contract.findUnique({
    where: { code },
    select: {
      id: true,
      code: true,
      status: true,
      signedAt: true,
      acceptedAt: true,
      terminatedAt: true,
      rewardFen: true,
      rdInvestmentFen: true,
      enterpriseId: true,
      teamId: true,
      awardId: true,
      challenge: { select: { code: true, title: true, titleEn: true, bountyType: true } },
      enterprise: { select: { name: true, nameEn: true } },
      team: { select: { name: true, nameEn: true, institution: true, institutionEn: true } },
      milestones: {
        orderBy: { seq: 'asc' },
        select: {
          id: true,
          seq: true,
          title: true,
          dueDate: true,
          deliverables: true,
          shareBp: true,
          amountFen: true,
          status: true,
          evidence: true,
          deliveredAt: true,
          acceptedAt: true,
          confirmedAt: true,
          rejectReason: true,
        },
      },
    },
  });
  if (!c) return null;
  const role = partyRole(viewer, c);
  if (!role) return null;
  const status = asContractStatus(c.status);
  const facts: MilestoneFacts[] = c.milestones.map((m) => ({
    seq: m.seq,
    status: asMilestoneStatus(m.status),
    confirmedAt: m.confirmedAt,
  }));
  const milestoneIds = c.milestones.map((m) => m.id);
  const [attachments, events] = await Promise.all([
    milestoneIds.length
      ? db.attachment.findMany({
          where: { ownerType: 'Milestone', ownerId: { in: milestoneIds } },
          orderBy: { createdAt: 'asc' },
          select: { id: true, ownerId: true, originalName: true, sizeBytes: true },
        })
      : [],
    db.auditEvent.findMany({
      where: {
        OR: [
          { entityType: 'Contract', entityId: c.id },
          { entityType: 'Milestone', entityId: { in: milestoneIds } },
        ],
      },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
      take: 500,
      select: { action: true, at: true, entityType: true, entityId: true, data: true },
    }),
  ]);
  const seqOf = new Map(c.milestones.map((m) => [m.id, m.seq]));
  return {
    code: c.code,
    status,
    signedAt: c.signedAt.toISOString(),
    acceptedAt: c.acceptedAt?.toISOString() ?? null,
    terminatedAt: c.terminatedAt?.toISOString() ?? null,
    rewardFen: toFen(c.rewardFen),
    rdInvestmentFen: toFen(c.rdInvestmentFen),
    awardId: c.awardId,
    challenge: c.challenge,
    enterprise: c.enterprise,
    team: c.team,
    viewer: {
      role,
      contractActions: contractActionsFor(status, role),
    },
    milestones: c.milestones.map((m, i) => ({
      id: m.id,
      seq: m.seq,
      title: m.title,
      dueDate: m.dueDate.toISOString(),
      deliverables: m.deliverables,
      shareBp: m.shareBp,
      amountFen: toFen(m.amountFen),
      status: m.status,
      evidence: m.evidence,
      deliveredAt: m.deliveredAt?.toISOString() ?? null,
      acceptedAt: m.acceptedAt?.toISOString() ?? null,
      confirmedAt: m.confirmedAt?.toISOString() ?? null,
      rejectReason: m.rejectReason,
      attachments: attachments.filter((a) => a.ownerId === m.id),
      actions: milestoneActionsFor(status, facts, facts[i]!, role),
    })),
    trail: events.map((e) => {
      const data = parseData(e.data);
      return {
        action: e.action,
        at: e.at.toISOString(),
        seq: e.entityType === 'Milestone' ? (seqOf.get(e.entityId) ?? null) : null,
        reason: typeof data.reason === 'string' ? data.reason : null,
      };
    }),
  };
}

function parseData(data: string | null): Record<string, unknown> {
  if (!data) return {};
  try {
    const parsed: unknown = JSON.parse(data);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

// ---------------------------------------------------------------------------------------------
// Actions on a contract

export type ContractActionResult =
  | { ok: true; done: string }
  | {
      ok: false;
      error:
        | 'notFound'
        | 'forbidden'
        | 'notNow'
        | 'outOfOrder'
        | 'closed'
        | 'conflict'
        | `upload_${AttachmentError}`;
    };

export type ContractActionInput =
  | { intent: 'deliver' | 'redeliver'; milestoneId: string; evidence: string }
  | { intent: 'accept'; milestoneId: string }
  | { intent: 'reject'; milestoneId: string; reason: string }
  | { intent: 'confirm'; milestoneId: string }
  | { intent: 'start' }
  | { intent: 'terminate'; reason: string };

type Locked = {
  id: string;
  code: string;
  challengeId: string;
  status: ContractStatus;
  enterpriseId: string;
  teamId: string;
  milestones: {
    id: string;
    seq: number;
    title: string;
    status: MilestoneStatus;
    confirmedAt: Date | null;
  }[];
};

/**
 * Takes the contract's row lock before reading it, so that actions on one contract run one
 * after the other and each sees the one before: two confirmations of the last two milestones
 * cannot both miss that the contract is now complete.
 */
async function lockContract(tx: Tx, code: string, now: Date): Promise<Locked | null> {
  const locked = await tx.contract.updateMany({ where: { code }, data: { updatedAt: now } });
  if (locked.count !== 1) return null;
  const c = await tx.contract.findUnique({
    where: { code },
    select: {
      id: true,
      code: true,
      challengeId: true,
      status: true,
      enterpriseId: true,
      teamId: true,
      milestones: {
        orderBy: { seq: 'asc' },
        select: { id: true, seq: true, title: true, status: true, confirmedAt: true },
      },
    },
  });
  if (!c) return null;
  return {
    ...c,
    status: asContractStatus(c.status),
    milestones: c.milestones.map((m) => ({ ...m, status: asMilestoneStatus(m.status) })),
  };
}

function refuse(error: Extract<ContractActionResult, { ok: false }>['error']): never {
  throw new Refused<ContractActionResult>({ ok: false, error });
}

/** The transition, or the refusal it stands for: wrong moment, or not this role's to take. */
function attempt<S>(run: () => S): S {
  try {
    return run();
  } catch (error) {
    if (error instanceof TransitionError)
      refuse(error.code === 'FORBIDDEN_ACTOR' ? 'forbidden' : 'notNow');
    throw error;
  }
}

async function moveContract(
  tx: Tx,
  c: Locked,
  action: ContractAction,
  role: Role,
  actorId: string | null,
  now: Date,
  data: Record<string, unknown> = {},
) {
  const to = attempt(() => transitionContract(c.status, action, role));
  const updated = await tx.contract.updateMany({
    where: { id: c.id, status: c.status },
    data: {
      status: to,
      ...(to === 'ACCEPTED' ? { acceptedAt: now } : {}),
      ...(to === 'TERMINATED' ? { terminatedAt: now } : {}),
    },
  });
  if (updated.count !== 1) refuse('conflict');
  await audit(tx, {
    actorId,
    action: `contract.${action}`,
    entityType: 'Contract',
    entityId: c.id,
    data: { code: c.code, from: c.status, to, by: role, ...data },
    at: now,
  });
  c.status = to;
  if (to === 'ACCEPTED' || to === 'TERMINATED') await settleChallenge(tx, c, now);
}

/**
 * The challenge ends with its last running contract (challengeSettlement). Its row is locked
 * first, so that the last two contracts of a 赛马制 challenge finishing at the same time cannot
 * both see the other still running.
 */
async function settleChallenge(tx: Tx, c: Locked, now: Date) {
  await lockChallenge(tx, c.challengeId);
  const challenge = await tx.challenge.findUniqueOrThrow({
    where: { id: c.challengeId },
    select: {
      status: true,
      contracts: { select: { status: true } },
      awards: {
        select: { status: true, stageGateOutcome: true, contract: { select: { id: true } } },
      },
    },
  });
  if (challenge.status !== 'AWARDED') return;
  const settlement = challengeSettlement({
    contracts: challenge.contracts.map((x) => asContractStatus(x.status)),
    awards: challenge.awards.map((a) => ({
      status: a.status,
      stageGateOutcome: a.stageGateOutcome,
      hasContract: a.contract !== null,
    })),
  });
  if (!settlement) return;
  const to = transitionNeed('AWARDED', settlement, 'SYSTEM');
  await tx.challenge.updateMany({
    where: { id: c.challengeId, status: 'AWARDED' },
    data: { status: to },
  });
  await audit(tx, {
    actorId: null,
    action: `need.${settlement}`,
    entityType: 'Challenge',
    entityId: c.challengeId,
    data: { from: 'AWARDED', to, by: 'SYSTEM', trigger: `contract ${c.code} ${c.status}` },
    at: now,
  });
}

/**
 * One action of the contract page by `actor`. Parties act by their side (the team delivers,
 * the enterprise accepts or rejects), the bureau starts, confirms and (an admin) terminates.
 * Evidence files of a delivery are kept with it, in the same transaction: a refused file
 * leaves neither the delivery nor any file behind.
 */
export async function contractAction(
  db: Db,
  actor: Actor,
  code: string,
  input: ContractActionInput,
  opts: { files?: FormDataEntryValue[]; origin?: string; now?: Date } = {},
): Promise<ContractActionResult> {
  const now = opts.now ?? new Date();
  const saved: string[] = [];
  try {
    const mailIds = await db.$transaction(async (tx) => {
      const c = await lockContract(tx, code, now);
      if (!c) refuse('notFound');
      const role = partyRole(actor, c);
      if (!role) refuse('notFound');
      const link = `/workspace/contracts/${c.code}`;
      const notify = async (
        orgs: string[],
        kind:
          | 'milestoneDelivered'
          | 'milestoneAccepted'
          | 'milestoneRejected'
          | 'milestoneConfirmed'
          | 'contractAccepted'
          | 'contractTerminated',
        params: Record<string, string>,
      ) => {
        // one query at a time on a transaction's connection
        const ids: string[] = [];
        for (const org of orgs)
          ids.push(
            ...(await notifyOrganization(tx, org, { kind, params, link, origin: opts.origin })),
          );
        return ids;
      };

      if (input.intent === 'start' || input.intent === 'terminate') {
        if (!isStaffRole(role)) refuse('forbidden');
        await moveContract(
          tx,
          c,
          input.intent,
          role,
          actor.id,
          now,
          input.intent === 'terminate' ? { reason: input.reason } : {},
        );
        if (input.intent === 'start') return [];
        return notify([c.teamId, c.enterpriseId], 'contractTerminated', {
          contract: c.code,
          comment: input.reason,
        });
      }

      const m = c.milestones.find((x) => x.id === input.milestoneId);
      if (!m) refuse('notFound');
      if (!contractOpenForMilestones(c.status)) refuse('closed');
      const params = { contract: c.code, title: m.title, comment: '' };

      if (input.intent === 'deliver' || input.intent === 'redeliver') {
        const to = attempt(() => transitionMilestone(m.status, input.intent, role));
        if (input.intent === 'deliver' && !earlierDelivered(c.milestones, m.seq))
          refuse('outOfOrder');
        const updated = await tx.milestone.updateMany({
          where: { id: m.id, status: m.status },
          data: {
            status: to,
            evidence: input.evidence,
            deliveredAt: now,
            rejectReason: null,
          },
        });
        if (updated.count !== 1) refuse('conflict');
        const files: { id: string; name: string }[] = [];
        for (const file of opts.files ?? []) {
          if (typeof file === 'string' || file.size === 0) continue;
          const result = await saveAttachment(tx, {
            ownerType: 'Milestone',
            ownerId: m.id,
            file,
            uploadedById: actor.id,
          });
          if (!result.ok) refuse(`upload_${result.error}`);
          saved.push(result.attachment.storedName);
          files.push({ id: result.attachment.id, name: result.attachment.originalName });
        }
        await audit(tx, {
          actorId: actor.id,
          action: `milestone.${input.intent}`,
          entityType: 'Milestone',
          entityId: m.id,
          data: { contract: c.code, seq: m.seq, attachments: files },
          at: now,
        });
        if (deliveryStartsContract(c.status))
          await moveContract(tx, c, 'start', 'SYSTEM', null, now, {
            trigger: `milestone ${m.seq} delivered`,
          });
        return notify([c.enterpriseId], 'milestoneDelivered', params);
      }

      if (input.intent === 'accept' || input.intent === 'reject') {
        const to = attempt(() => transitionMilestone(m.status, input.intent, role));
        const confirmed = input.intent === 'accept' && acceptanceConfirms(role);
        const updated = await tx.milestone.updateMany({
          where: { id: m.id, status: m.status },
          data:
            input.intent === 'accept'
              ? { status: to, acceptedAt: now, confirmedAt: confirmed ? now : null }
              : { status: to, rejectReason: input.reason },
        });
        if (updated.count !== 1) refuse('conflict');
        await audit(tx, {
          actorId: actor.id,
          action: `milestone.${input.intent}`,
          entityType: 'Milestone',
          entityId: m.id,
          data: {
            contract: c.code,
            seq: m.seq,
            by: role,
            ...(input.intent === 'reject' ? { reason: input.reason } : { confirmed }),
          },
          at: now,
        });
        if (input.intent === 'reject')
          return notify([c.teamId], 'milestoneRejected', { ...params, comment: input.reason });
        m.status = to;
        m.confirmedAt = confirmed ? now : null;
        const ids = await notify([c.teamId], 'milestoneAccepted', params);
        if (!confirmed) return ids;
        return [...ids, ...(await completeIfDone(tx, c, role, actor.id, now, notify, params))];
      }

      // confirm
      if (!isStaffRole(role)) refuse('forbidden');
      if (!canConfirmMilestone(c.status, m, role)) refuse('notNow');
      const updated = await tx.milestone.updateMany({
        where: { id: m.id, status: 'ACCEPTED', confirmedAt: null },
        data: { confirmedAt: now },
      });
      if (updated.count !== 1) refuse('conflict');
      await audit(tx, {
        actorId: actor.id,
        action: 'milestone.confirm',
        entityType: 'Milestone',
        entityId: m.id,
        data: { contract: c.code, seq: m.seq },
        at: now,
      });
      m.confirmedAt = now;
      return completeIfDone(tx, c, role, actor.id, now, notify, params);
    }, TX_OPTIONS);
    await deliver(db, mailIds);
    return { ok: true, done: input.intent };
  } catch (error) {
    // the transaction rolled back: the files saved with it go too
    await Promise.all(saved.map((s) => deleteStoredFile(s).catch(() => undefined)));
    if (error instanceof Refused) return error.result as ContractActionResult;
    throw error;
  }
}

/** Notifies both parties of the bureau's confirmation; accepts the contract when it was the last. */
async function completeIfDone(
  tx: Tx,
  c: Locked,
  role: Role,
  actorId: string,
  now: Date,
  notify: (
    orgs: string[],
    kind: 'milestoneConfirmed' | 'contractAccepted',
    params: Record<string, string>,
  ) => Promise<string[]>,
  params: Record<string, string>,
) {
  const ids = await notify([c.teamId, c.enterpriseId], 'milestoneConfirmed', params);
  if (!allMilestonesDone(c.milestones)) return ids;
  await moveContract(tx, c, 'accept', role, actorId, now);
  return [...ids, ...(await notify([c.teamId, c.enterpriseId], 'contractAccepted', params))];
}
