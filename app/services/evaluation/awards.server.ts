// Awards: a reviewer proposes an application for an award slot, an admin who is not the
// proposer approves or rejects (four-eyes). Approval takes the lowest free slot inside the
// approving transaction; the unique (challengeId, slotNo) index makes a slot impossible to
// take twice, so a race that slips past the challenge lock ends in a refusal, never in an
// extra award. Once every slot is taken the challenge is AWARDED (closing.server.ts). At the
// stage gate of a parallel award an admin records which teams continue.
import { transitionApplication, type ApplicationStatus } from '~/domain/application';
import {
  AWARD_PROPOSER_ROLES,
  isParallelAward,
  nextFreeSlot,
  stageGateDue,
  type AwardProposalAction,
} from '~/domain/award';
import { stageGateOutcomeAllowed, type StageGateOutcome } from '~/domain/evaluation';
import { isOneOf } from '~/domain/one-of';
import { getT, tKey } from '~/i18n/i18n';
import { isUniqueViolation, type Db, type Tx } from '~/lib/db.server';
import type { Actor } from '~/services/kernel/actor';
import { command, type Context } from '~/services/kernel/command.server';
import type { Result } from '~/services/kernel/refusal';
import { closeOut } from './closing.server';
import {
  challengeOf,
  challengeState,
  checkTransition,
  commandOnChallengeOf,
  conflictWith,
  evaluationStatus,
  onChallenge,
  refusalOf,
  refuse,
  staffIdsExcept,
  type Opts,
} from './shared.server';
import {
  approveProposal,
  checkProposalDecision,
  moveApplicationStatus,
  rejectProposal,
  slotProposalState,
} from './steps.server';

/** What the decisions on an award read of it, under its challenge's lock. */
const awardState = {
  ...slotProposalState,
  stageGateOutcome: true,
} as const;

type AwardState = Awaited<ReturnType<typeof readAward>>;

function readAward(tx: Tx, awardId: string) {
  return tx.award.findUniqueOrThrow({ where: { id: awardId }, select: awardState });
}

/**
 * An evaluation command on an award: its challenge locked, `work` given the award as read under
 * the lock and the clock.
 */
function commandOnAward<T extends object>(
  db: Db,
  actor: Actor,
  awardId: string,
  opts: Opts,
  work: (ctx: Context, award: AwardState, now: Date) => Promise<T>,
) {
  const now = opts.now ?? new Date();
  return commandOnChallengeOf(db, actor, { awardId }, async (ctx) =>
    work(ctx, await readAward(ctx.tx, awardId), now),
  );
}

/** The audit record `award.<event>`, naming the award's challenge and application. */
const auditAward = (ctx: Context, award: AwardState, event: string, data: object) =>
  ctx.audit({
    action: `award.${event}`,
    entityType: 'Award',
    entityId: award.id,
    data: { challengeId: award.challenge.id, applicationId: award.applicationId, ...data },
  });

/** The winning team's notice of a decision on its award, linking to its feedback page. */
function noticeToTeam(
  { notifyOrganization }: Context,
  award: AwardState,
  kind: 'awardApproved' | 'stageGateDecided',
  origin: string | undefined,
  comment?: string,
) {
  return notifyOrganization(award.application.teamId, {
    kind,
    params: { code: award.challenge.code ?? '', ...(comment === undefined ? {} : { comment }) },
    link: `/applications/${award.applicationId}/feedback`,
    origin,
  });
}

/* Proposal */

/**
 * A reviewer (or admin) proposes an application for an award. A bid not yet shortlisted is
 * shortlisted by the proposal. A proposer with a conflict of interest may not propose it.
 */
export async function proposeAward(db: Db, actor: Actor, applicationId: string, opts: Opts = {}) {
  const now = opts.now ?? new Date();
  if (!isOneOf(AWARD_PROPOSER_ROLES, actor.role)) return refusalOf('forbidden');
  return commandOnChallengeOf(
    db,
    actor,
    { applicationId },
    async ({ tx, audit, notifyUsers, notifyOrganization }, challengeId) => {
      const application = await tx.application.findUniqueOrThrow({
        where: { id: applicationId },
        select: { status: true, teamId: true, challenge: { select: challengeState } },
      });
      const challenge = application.challenge;
      const status = evaluationStatus(challenge, now);
      if (status !== 'CLOSED') refuse(status === 'PUBLISHED' ? 'notClosed' : 'decided');
      const from = application.status as ApplicationStatus;
      if (from !== 'SUBMITTED' && from !== 'SHORTLISTED') refuse('invalid');
      const recused = await tx.reviewAssignment.count({
        where: { applicationId, reviewerId: actor.id, recusedAt: { not: null } },
      });
      if (recused > 0 || (await conflictWith(tx, actor.id, applicationId)))
        refuse('conflictOfInterest');
      const pending = await tx.award.count({ where: { applicationId, status: 'PROPOSED' } });
      const approved = await tx.award.count({ where: { challengeId, status: 'APPROVED' } });
      if (pending > 0) refuse('alreadyProposed');
      if (approved >= challenge.awardSlots) refuse('full');
      if (from === 'SUBMITTED') {
        const to = checkTransition(
          () => transitionApplication(from, 'shortlist', actor.role),
          'forbidden',
        );
        await moveApplicationStatus(
          { tx, audit },
          { id: applicationId, from, to, verb: 'shortlist', data: { by: 'proposal' } },
        );
        await notifyOrganization(application.teamId, {
          kind: 'applicationShortlisted',
          params: { code: challenge.code ?? '' },
          link: `/applications/${applicationId}/feedback`,
          origin: opts.origin,
        });
      }
      const award = await tx.award.create({
        data: {
          challengeId,
          applicationId,
          status: 'PROPOSED',
          proposedById: actor.id,
          proposedAt: now,
        },
      });
      await audit({
        action: 'award.proposed',
        entityType: 'Award',
        entityId: award.id,
        data: { challengeId, applicationId },
      });
      await notifyUsers(await staffIdsExcept(tx, ['ADMIN'], actor.id), {
        kind: 'awardProposed',
        params: { code: challenge.code ?? '' },
        link: '/review/awards',
        origin: opts.origin,
      });
      return { awardId: award.id };
    },
  );
}

/* Approval and rejection */

function approveOnce(
  db: Db,
  actor: Actor,
  awardId: string,
  challengeId: string,
  reason: string | null,
  now: Date,
  origin: string | undefined,
) {
  return command(db, onChallenge(actor, challengeId), async (ctx) => {
    const { tx } = ctx;
    const award = await readAward(tx, awardId);
    // a promotion takes its vacated slot (vacancies.server.ts), never the lowest free one
    if (award.kind === 'PROMOTION') refuse('invalid');
    checkProposalDecision(award, 'approve', actor);
    if (await conflictWith(tx, actor.id, award.applicationId)) refuse('conflictOfInterest');
    const challenge = award.challenge;
    if (evaluationStatus(challenge, now) !== 'CLOSED') refuse('decided');
    const appTo = checkTransition(
      () =>
        transitionApplication(award.application.status as ApplicationStatus, 'award', actor.role),
      'forbidden',
    );
    const taken = await tx.award.findMany({
      where: { challengeId, status: 'APPROVED', slotNo: { not: null } },
      select: { slotNo: true },
    });
    const slotNo = nextFreeSlot(
      taken.map((t) => t.slotNo!),
      challenge.awardSlots,
    );
    if (slotNo === null) refuse('full');
    await approveProposal(tx, awardId, slotNo, { actorId: actor.id, now, reason });
    await auditAward(ctx, award, 'approved', { slotNo, reason });
    await moveApplicationStatus(ctx, {
      id: award.applicationId,
      from: award.application.status,
      to: appTo,
      verb: 'award',
      set: { decidedAt: now },
      data: { awardId },
    });
    await noticeToTeam(ctx, award, 'awardApproved', origin);
    const challengeAwarded = taken.length + 1 >= challenge.awardSlots;
    if (challengeAwarded) await closeOut(ctx, actor, challenge, 'award', now, origin);
    return { slotNo, challengeAwarded };
  });
}

/**
 * An admin who did not propose it approves an award proposal. The lowest free slot is taken
 * in the same transaction; if another approval took that slot first (the unique index
 * answers P2002), the approval is tried once more with the slots as they now are, and
 * refused when none is left.
 */
export async function approveAward(
  db: Db,
  actor: Actor,
  awardId: string,
  opts: Opts & { reason?: string | null } = {},
) {
  const now = opts.now ?? new Date();
  const challengeId = await challengeOf(db, { awardId });
  if (!challengeId) return refusalOf('notFound');
  const attempt = () =>
    approveOnce(db, actor, awardId, challengeId, opts.reason || null, now, opts.origin);
  try {
    return await attempt();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    try {
      return await attempt();
    } catch (again) {
      if (!isUniqueViolation(again)) throw again;
      return refusalOf('full');
    }
  }
}

export async function rejectAward(
  db: Db,
  actor: Actor,
  awardId: string,
  reason: string,
  opts: Opts = {},
) {
  return commandOnAward(db, actor, awardId, opts, async (ctx, award, now) => {
    checkProposalDecision(award, 'reject', actor);
    await rejectProposal(ctx.tx, awardId, { actorId: actor.id, now, reason });
    await auditAward(ctx, award, 'rejected', { reason });
    await ctx.notifyUsers([award.proposedById], {
      kind: 'awardRejected',
      params: { code: award.challenge.code ?? '', comment: reason },
      link: `/review/challenges/${award.challenge.code ?? ''}`,
      origin: opts.origin,
    });
    return {};
  });
}

/** An admin's decision on a proposal: the slot taken (null when rejected). */
export async function decideAward(
  db: Db,
  actor: Actor,
  awardId: string,
  action: AwardProposalAction,
  reason: string | null,
  opts: Opts = {},
): Promise<Result<{ slotNo: number | null; challengeAwarded: boolean }>> {
  if (action === 'approve') return approveAward(db, actor, awardId, { ...opts, reason });
  const r = await rejectAward(db, actor, awardId, reason ?? '', opts);
  return r.ok ? { ok: true, slotNo: null, challengeAwarded: false } : r;
}

/* Stage gate (赛马制) */

export async function recordStageGate(
  db: Db,
  actor: Actor,
  awardId: string,
  outcome: StageGateOutcome,
  comment: string,
  opts: Opts = {},
) {
  if (actor.role !== 'ADMIN') return refusalOf('forbidden');
  return commandOnAward(db, actor, awardId, opts, async (ctx, award, now) => {
    if (award.status !== 'APPROVED') refuse('invalid');
    if (!isParallelAward(award.challenge.awardSlots)) refuse('notParallel');
    if (!stageGateDue(award.challenge.stageGateDate, now)) refuse('stageGateNotDue');
    if (award.stageGateOutcome) refuse('stageGateRecorded');
    const others = await ctx.tx.award.findMany({
      where: { challengeId: award.challenge.id, status: 'APPROVED', id: { not: awardId } },
      select: { stageGateOutcome: true },
    });
    if (
      !stageGateOutcomeAllowed(
        outcome,
        others.map((o) => o.stageGateOutcome as StageGateOutcome | null),
      )
    )
      refuse('lastTeam');
    const updated = await ctx.tx.award.updateMany({
      where: { id: awardId, status: 'APPROVED', stageGateOutcome: null },
      data: { stageGateOutcome: outcome, stageGateAt: now },
    });
    if (updated.count !== 1) refuse('conflict');
    await auditAward(ctx, award, 'stage_gate', { outcome, comment });
    const label = (locale: 'zh' | 'en') =>
      tKey(getT(locale), `evaluation.stageGate.outcome.${outcome}`);
    const both = `${label('zh')} / ${label('en')} — ${comment}`;
    await noticeToTeam(ctx, award, 'stageGateDecided', opts.origin, both);
    return {};
  });
}
