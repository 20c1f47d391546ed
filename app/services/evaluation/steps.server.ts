// The steps that several evaluation commands take alike inside their transaction: an
// application moved on only if nobody moved it meanwhile, an approved award vacated, an award
// proposal checked and decided, the proposals still waiting set aside, an expert assigned. A
// lost race refuses with `conflict`, every refusal in the namespace of the command that runs
// the step.
import {
  assertFourEyes,
  FourEyesError,
  transitionAwardProposal,
  type AwardProposalAction,
  type AwardProposalStatus,
} from '~/domain/award';
import {
  detectConflict,
  encodeRecuseReason,
  type ApplicantProfile,
  type ReviewerProfile,
} from '~/domain/evaluation';
import type { Prisma, Tx } from '~/lib/db.server';
import type { Actor } from '~/services/kernel/actor';
import type { Context } from '~/services/kernel/command.server';
import { Refused } from '~/services/kernel/refusal';
import { challengeState, checkTransition } from './shared.server';

/**
 * Moves an application from `from` to `to` (writing `set` too) if it is still at `from`, else
 * refuses `conflict`, and audits `application.<verb>` with `{ from, to, ...data }`.
 */
export async function moveApplicationStatus(
  { tx, audit }: Pick<Context, 'tx' | 'audit'>,
  move: {
    id: string;
    from: string;
    to: string;
    verb: string;
    set?: { active?: boolean | null; decidedAt?: Date };
    data?: Record<string, unknown>;
    /** the audit's actor, when not the command's */
    actorId?: string | null;
    at?: Date;
  },
) {
  const moved = await tx.application.updateMany({
    where: { id: move.id, status: move.from },
    data: { status: move.to, ...move.set },
  });
  if (moved.count !== 1) throw new Refused('conflict');
  await audit({
    actorId: move.actorId,
    action: `application.${move.verb}`,
    entityType: 'Application',
    entityId: move.id,
    data: { from: move.from, to: move.to, ...move.data },
    at: move.at,
  });
}

/** What vacating an award reads of it (vacancies.server.ts, and a remedy that replaces it). */
export const vacateSelect = {
  id: true,
  status: true,
  kind: true,
  slotNo: true,
  decidedAt: true,
  applicationId: true,
  contract: { select: { id: true } },
  application: { select: { status: true, teamId: true } },
  challenge: { select: { id: true, code: true, enterpriseId: true } },
} as const;

/**
 * Vacates an award if it is still APPROVED, else refuses `conflict`: its slot freed and kept in
 * `vacatedSlotNo`, audited `award.vacated` (with `data`); then its application leaves the award
 * (moved from the status read to `to` by `verb`, audited with `applicationData`).
 */
export async function vacateApproved(
  ctx: Pick<Context, 'tx' | 'audit'>,
  award: {
    id: string;
    slotNo: number | null;
    applicationId: string;
    application: { status: string };
    challenge: { id: string };
  },
  vacate: {
    reason: string;
    verb: string;
    to: string;
    actorId: string;
    now: Date;
    at?: Date;
    data: Record<string, unknown>;
    applicationData: Record<string, unknown>;
  },
) {
  const updated = await ctx.tx.award.updateMany({
    where: { id: award.id, status: 'APPROVED' },
    data: {
      status: 'VACATED',
      slotNo: null,
      vacatedAt: vacate.now,
      vacatedReason: vacate.reason,
      vacatedSlotNo: award.slotNo,
      vacatedById: vacate.actorId,
    },
  });
  if (updated.count !== 1) throw new Refused('conflict');
  await ctx.audit({
    action: 'award.vacated',
    entityType: 'Award',
    entityId: award.id,
    data: {
      challengeId: award.challenge.id,
      applicationId: award.applicationId,
      reason: vacate.reason,
      slotNo: award.slotNo,
      ...vacate.data,
    },
    at: vacate.at,
  });
  await moveApplicationStatus(ctx, {
    id: award.applicationId,
    from: award.application.status,
    to: vacate.to,
    verb: vacate.verb,
    set: { active: null },
    data: { awardId: award.id, ...vacate.applicationData },
    at: vacate.at,
  });
}

/** What a decision on an award proposal reads of it, whatever its kind. */
export const proposalState = {
  id: true,
  status: true,
  kind: true,
  proposedById: true,
  applicationId: true,
} as const;

/** …and of its application and challenge, for a decision whose approval fills a slot. */
export const slotProposalState = {
  ...proposalState,
  application: { select: { status: true, teamId: true } },
  challenge: { select: challengeState },
} as const;

/**
 * An admin's decision on an award proposal: the table must allow it (`forbidden` for a role
 * that may not), and, the four-eyes rule, whoever proposed the award may not decide it
 * (`ownProposal`).
 */
export function checkProposalDecision(
  p: { status: string; proposedById: string },
  action: AwardProposalAction,
  actor: Actor,
) {
  checkTransition(
    () => transitionAwardProposal(p.status as AwardProposalStatus, action, actor.role),
    'forbidden',
  );
  try {
    assertFourEyes(p.proposedById, actor.id);
  } catch (error) {
    if (error instanceof FourEyesError) throw new Refused('ownProposal');
    throw error;
  }
}

/** Who decided an award proposal, when, and why. */
type Decided = { actorId: string; now: Date; reason: string | null };

/**
 * Records an admin's decision on an award proposal if it is still PROPOSED, else refuses
 * `conflict`: APPROVED into its slot, or REJECTED.
 */
async function decideProposal(
  tx: Tx,
  id: string,
  outcome: { status: 'APPROVED'; slotNo: number | null } | { status: 'REJECTED' },
  { actorId, now, reason }: Decided,
) {
  const decided = await tx.award.updateMany({
    where: { id, status: 'PROPOSED' },
    data: { ...outcome, decidedById: actorId, decidedAt: now, reason },
  });
  if (decided.count !== 1) throw new Refused('conflict');
}

export const approveProposal = (tx: Tx, id: string, slotNo: number | null, decided: Decided) =>
  decideProposal(tx, id, { status: 'APPROVED', slotNo }, decided);

export const rejectProposal = (tx: Tx, id: string, decided: Decided) =>
  decideProposal(tx, id, { status: 'REJECTED' }, decided);

/**
 * Assigns an expert to an application, due `dueAt` (in `round`, by default the first). An
 * expert with a conflict of interest with the applicant is assigned and recused at once, with
 * the reason, so that the desk shows the flag and the scores never count. Returns whether the
 * expert was recused.
 */
export async function createAssignment(
  tx: Tx,
  a: {
    applicationId: string;
    expert: ReviewerProfile & { id: string };
    applicant: ApplicantProfile;
    round?: number;
    now: Date;
    dueAt: Date;
  },
) {
  const conflict = detectConflict(a.expert, a.applicant);
  await tx.reviewAssignment.create({
    data: {
      applicationId: a.applicationId,
      reviewerId: a.expert.id,
      round: a.round,
      createdAt: a.now,
      dueAt: a.dueAt,
      ...(conflict
        ? { recusedAt: a.now, recuseReason: encodeRecuseReason({ kind: 'auto', conflict }) }
        : {}),
    },
  });
  return conflict !== null;
}

/**
 * Sets aside the award proposals still waiting among those `where` picks: REJECTED, decided by
 * `actorId` at `now`, each audited `award.set_aside` with `by` (what set it aside).
 */
export async function setAsideProposals(
  { tx, audit }: Pick<Context, 'tx' | 'audit'>,
  where: Prisma.AwardWhereInput,
  by: string,
  decided: { actorId: string; now: Date; at?: Date },
) {
  const waiting = await tx.award.findMany({
    where: { ...where, status: 'PROPOSED' },
    select: { id: true },
  });
  for (const w of waiting) {
    await tx.award.updateMany({
      where: { id: w.id, status: 'PROPOSED' },
      data: { status: 'REJECTED', decidedById: decided.actorId, decidedAt: decided.now },
    });
    await audit({
      action: 'award.set_aside',
      entityType: 'Award',
      entityId: w.id,
      data: { by },
      at: decided.at,
    });
  }
}
