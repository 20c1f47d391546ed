// Awards: a reviewer proposes an application for an award slot, an admin who is not the
// proposer approves or rejects (four-eyes). Approval takes the lowest free slot inside the
// approving transaction; the unique (challengeId, slotNo) index makes a slot impossible to
// take twice, so a race that slips past the challenge lock (see lockChallenge) ends in a
// refusal, never in an extra award. Once every slot is taken (or, under 赛马制, at an
// admin's word) the challenge is AWARDED and the applications still open are declined and
// told. At the stage gate of a parallel award an admin records which teams continue.
import { transitionApplication, type ApplicationStatus } from '~/domain/application';
import {
  AWARD_PROPOSER_ROLES,
  assertFourEyes,
  FourEyesError,
  isParallelAward,
  nextFreeSlot,
  stageGateDue,
  transitionAwardProposal,
  type AwardProposalAction,
  type AwardProposalStatus,
} from '~/domain/award';
import {
  OPEN_REVIEW_STATUSES,
  roundScore,
  stageGateOutcomeAllowed,
  type StageGateOutcome,
} from '~/domain/evaluation';
import { TransitionError } from '~/domain/lifecycle';
import { transitionNeed, type NeedAction } from '~/domain/need';
import { parseShanghaiDate, startOfNextShanghaiDay } from '~/domain/shanghai-date';
import { getT, tKey } from '~/i18n/i18n';
import type { Db, Tx } from '~/lib/db.server';
import { audit } from '~/services/kernel/audit.server';
import type { ChallengeDeskInput } from '~/forms/evaluation';
import type { DoneKey } from '~/lib/done';
import {
  assignReviewers,
  challengeRanking,
  conflictWith,
  decideApplication,
  evaluationStatus,
  lockChallenge,
  Refused,
  refusing,
  setCriteria,
  setSlots,
  staffIdsExcept,
  unassign,
  userNames,
  type Actor,
  type Refusal,
  type Result,
} from '~/services/evaluation/evaluation.server';
import { deliver, thenDeliver } from '~/lib/mail.server';
import { notifyOrganization, notifyUsers } from '~/services/kernel/notify.server';

type Opts = { origin?: string; now?: Date };

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002';

const challengeState = {
  id: true,
  code: true,
  status: true,
  applicationDeadline: true,
  awardSlots: true,
  stageGateDate: true,
  closedAt: true,
} as const;

function checkTransition<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof TransitionError)
      throw new Refused(error.code === 'FORBIDDEN_ACTOR' ? 'forbidden' : 'invalid');
    throw error;
  }
}

/** The challenge an award or application belongs to (it never changes), or null. */
async function challengeOf(db: Db, where: { awardId: string } | { applicationId: string }) {
  const row =
    'awardId' in where
      ? await db.award.findUnique({ where: { id: where.awardId }, select: { challengeId: true } })
      : await db.application.findUnique({
          where: { id: where.applicationId },
          select: { challengeId: true },
        });
  return row?.challengeId ?? null;
}

/* Proposal */

/**
 * A reviewer (or admin) proposes an application for an award. A bid not yet shortlisted is
 * shortlisted by the proposal. A proposer with a conflict of interest may not propose it.
 */
export async function proposeAward(
  db: Db,
  actor: Actor,
  applicationId: string,
  opts: Opts = {},
): Promise<Result<{ awardId: string }>> {
  const now = opts.now ?? new Date();
  if (!(AWARD_PROPOSER_ROLES as readonly string[]).includes(actor.role))
    return { ok: false, error: 'forbidden' };
  const challengeId = await challengeOf(db, { applicationId });
  if (!challengeId) return { ok: false, error: 'notFound' };
  return thenDeliver(db, (queue) =>
    refusing(() =>
      db.$transaction(async (tx) => {
        await lockChallenge(tx, challengeId);
        const application = await tx.application.findUniqueOrThrow({
          where: { id: applicationId },
          select: { status: true, teamId: true, challenge: { select: challengeState } },
        });
        const challenge = application.challenge;
        if (evaluationStatus(challenge, now) !== 'CLOSED')
          throw new Refused(
            evaluationStatus(challenge, now) === 'PUBLISHED' ? 'notClosed' : 'decided',
          );
        const from = application.status as ApplicationStatus;
        if (from !== 'SUBMITTED' && from !== 'SHORTLISTED') throw new Refused('invalid');
        const recused = await tx.reviewAssignment.count({
          where: { applicationId, reviewerId: actor.id, recusedAt: { not: null } },
        });
        if (recused > 0 || (await conflictWith(tx, actor.id, applicationId)))
          throw new Refused('conflictOfInterest');
        const pending = await tx.award.count({ where: { applicationId, status: 'PROPOSED' } });
        const approved = await tx.award.count({ where: { challengeId, status: 'APPROVED' } });
        if (pending > 0) throw new Refused('alreadyProposed');
        if (approved >= challenge.awardSlots) throw new Refused('full');
        if (from === 'SUBMITTED') {
          const to = checkTransition(() => transitionApplication(from, 'shortlist', actor.role));
          const updated = await tx.application.updateMany({
            where: { id: applicationId, status: from },
            data: { status: to },
          });
          if (updated.count !== 1) throw new Refused('conflict');
          await audit(tx, {
            actorId: actor.id,
            action: 'application.shortlist',
            entityType: 'Application',
            entityId: applicationId,
            data: { from, to, by: 'proposal' },
          });
          queue(
            await notifyOrganization(tx, application.teamId, {
              kind: 'applicationShortlisted',
              params: { code: challenge.code ?? '' },
              link: `/applications/${applicationId}/feedback`,
              origin: opts.origin,
            }),
          );
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
        await audit(tx, {
          actorId: actor.id,
          action: 'award.proposed',
          entityType: 'Award',
          entityId: award.id,
          data: { challengeId, applicationId },
        });
        queue(
          await notifyUsers(tx, await staffIdsExcept(tx, ['ADMIN'], actor.id), {
            kind: 'awardProposed',
            params: { code: challenge.code ?? '' },
            link: '/review/awards',
            origin: opts.origin,
          }),
        );
        return { ok: true as const, awardId: award.id };
      }),
    ),
  );
}

/* Approval and rejection */

/**
 * Closes a challenge's award: the challenge becomes AWARDED (or UNAWARDED), the bids still
 * open are declined and told, and proposals still waiting are set aside. Returns mail ids.
 */
async function closeOut(
  tx: Tx,
  actor: Actor,
  challenge: { id: string; code: string | null; status: string; closedAt: Date | null },
  action: Extract<NeedAction, 'award' | 'unaward'>,
  now: Date,
  origin?: string,
): Promise<string[]> {
  const to = checkTransition(() => transitionNeed('CLOSED', action, actor.role));
  if (challenge.status === 'PUBLISHED') {
    // past its deadline but never closed by the deadline job: record the close it missed
    await audit(tx, {
      actorId: null,
      action: 'need.close',
      entityType: 'Challenge',
      entityId: challenge.id,
      data: { from: 'PUBLISHED', to: 'CLOSED', by: 'SYSTEM' },
    });
  }
  const updated = await tx.challenge.updateMany({
    where: { id: challenge.id, status: challenge.status },
    data: { status: to, closedAt: challenge.closedAt ?? now },
  });
  if (updated.count !== 1) throw new Refused('conflict');
  await audit(tx, {
    actorId: actor.id,
    action: `need.${action}`,
    entityType: 'Challenge',
    entityId: challenge.id,
    data: { from: 'CLOSED', to },
  });
  const open = await tx.application.findMany({
    where: { challengeId: challenge.id, status: { in: [...OPEN_REVIEW_STATUSES] } },
    select: { id: true, status: true, teamId: true },
  });
  const mailIds: string[] = [];
  for (const a of open) {
    const declined = checkTransition(() =>
      transitionApplication(a.status as ApplicationStatus, 'decline', actor.role),
    );
    const done = await tx.application.updateMany({
      where: { id: a.id, status: a.status },
      data: { status: declined, active: null, decidedAt: now },
    });
    if (done.count !== 1) throw new Refused('conflict');
    await audit(tx, {
      actorId: actor.id,
      action: 'application.decline',
      entityType: 'Application',
      entityId: a.id,
      data: { from: a.status, to: declined, by: `challenge.${action}` },
    });
    mailIds.push(
      ...(await notifyOrganization(tx, a.teamId, {
        kind: 'applicationDeclined',
        params: { code: challenge.code ?? '' },
        link: `/applications/${a.id}/feedback`,
        origin,
      })),
    );
  }
  const waiting = await tx.award.findMany({
    where: { challengeId: challenge.id, status: 'PROPOSED' },
    select: { id: true },
  });
  for (const w of waiting) {
    await tx.award.updateMany({
      where: { id: w.id, status: 'PROPOSED' },
      data: { status: 'REJECTED', decidedById: actor.id, decidedAt: now },
    });
    await audit(tx, {
      actorId: actor.id,
      action: 'award.set_aside',
      entityType: 'Award',
      entityId: w.id,
      data: { by: `challenge.${action}` },
    });
  }
  return mailIds;
}

async function approveOnce(
  db: Db,
  actor: Actor,
  awardId: string,
  challengeId: string,
  reason: string | null,
  now: Date,
  origin: string | undefined,
): Promise<Result<{ slotNo: number; challengeAwarded: boolean }> & { mailIds?: string[] }> {
  return refusing(() =>
    db.$transaction(async (tx) => {
      await lockChallenge(tx, challengeId);
      const award = await tx.award.findUniqueOrThrow({
        where: { id: awardId },
        select: {
          status: true,
          proposedById: true,
          applicationId: true,
          application: { select: { status: true, teamId: true } },
          challenge: { select: challengeState },
        },
      });
      checkTransition(() =>
        transitionAwardProposal(award.status as AwardProposalStatus, 'approve', actor.role),
      );
      try {
        assertFourEyes(award.proposedById, actor.id);
      } catch (error) {
        if (error instanceof FourEyesError) throw new Refused('ownProposal');
        throw error;
      }
      if (await conflictWith(tx, actor.id, award.applicationId))
        throw new Refused('conflictOfInterest');
      const challenge = award.challenge;
      if (evaluationStatus(challenge, now) !== 'CLOSED') throw new Refused('decided');
      const appTo = checkTransition(() =>
        transitionApplication(award.application.status as ApplicationStatus, 'award', actor.role),
      );
      const taken = await tx.award.findMany({
        where: { challengeId, status: 'APPROVED', slotNo: { not: null } },
        select: { slotNo: true },
      });
      const slotNo = nextFreeSlot(
        taken.map((t) => t.slotNo!),
        challenge.awardSlots,
      );
      if (slotNo === null) throw new Refused('full');
      const updated = await tx.award.updateMany({
        where: { id: awardId, status: 'PROPOSED' },
        data: { status: 'APPROVED', slotNo, decidedById: actor.id, decidedAt: now, reason },
      });
      if (updated.count !== 1) throw new Refused('conflict');
      const won = await tx.application.updateMany({
        where: { id: award.applicationId, status: award.application.status },
        data: { status: appTo, decidedAt: now },
      });
      if (won.count !== 1) throw new Refused('conflict');
      await audit(tx, {
        actorId: actor.id,
        action: 'award.approved',
        entityType: 'Award',
        entityId: awardId,
        data: { challengeId, applicationId: award.applicationId, slotNo, reason },
      });
      await audit(tx, {
        actorId: actor.id,
        action: 'application.award',
        entityType: 'Application',
        entityId: award.applicationId,
        data: { from: award.application.status, to: appTo, awardId },
      });
      const mailIds = await notifyOrganization(tx, award.application.teamId, {
        kind: 'awardApproved',
        params: { code: challenge.code ?? '' },
        link: `/applications/${award.applicationId}/feedback`,
        origin,
      });
      const challengeAwarded = taken.length + 1 >= challenge.awardSlots;
      if (challengeAwarded)
        mailIds.push(...(await closeOut(tx, actor, challenge, 'award', now, origin)));
      return { ok: true as const, slotNo, challengeAwarded, mailIds };
    }),
  );
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
): Promise<Result<{ slotNo: number; challengeAwarded: boolean }>> {
  const now = opts.now ?? new Date();
  const challengeId = await challengeOf(db, { awardId });
  if (!challengeId) return { ok: false, error: 'notFound' };
  const attempt = () =>
    approveOnce(db, actor, awardId, challengeId, opts.reason || null, now, opts.origin);
  let result;
  try {
    result = await attempt();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    try {
      result = await attempt();
    } catch (again) {
      if (!isUniqueViolation(again)) throw again;
      return { ok: false, error: 'full' };
    }
  }
  if (!result.ok) return result;
  const { mailIds, ...rest } = result;
  await deliver(db, mailIds ?? []);
  return rest;
}

export async function rejectAward(
  db: Db,
  actor: Actor,
  awardId: string,
  reason: string,
  opts: Opts = {},
): Promise<Result> {
  const now = opts.now ?? new Date();
  const challengeId = await challengeOf(db, { awardId });
  if (!challengeId) return { ok: false, error: 'notFound' };
  return thenDeliver(db, (queue) =>
    refusing(() =>
      db.$transaction(async (tx) => {
        await lockChallenge(tx, challengeId);
        const award = await tx.award.findUniqueOrThrow({
          where: { id: awardId },
          select: {
            status: true,
            proposedById: true,
            applicationId: true,
            challenge: { select: { code: true } },
          },
        });
        checkTransition(() =>
          transitionAwardProposal(award.status as AwardProposalStatus, 'reject', actor.role),
        );
        try {
          assertFourEyes(award.proposedById, actor.id);
        } catch (error) {
          if (error instanceof FourEyesError) throw new Refused('ownProposal');
          throw error;
        }
        const updated = await tx.award.updateMany({
          where: { id: awardId, status: 'PROPOSED' },
          data: { status: 'REJECTED', decidedById: actor.id, decidedAt: now, reason },
        });
        if (updated.count !== 1) throw new Refused('conflict');
        await audit(tx, {
          actorId: actor.id,
          action: 'award.rejected',
          entityType: 'Award',
          entityId: awardId,
          data: { challengeId, applicationId: award.applicationId, reason },
        });
        queue(
          await notifyUsers(tx, [award.proposedById], {
            kind: 'awardRejected',
            params: { code: award.challenge.code ?? '', comment: reason },
            link: `/review/challenges/${award.challenge.code ?? ''}`,
            origin: opts.origin,
          }),
        );
        return { ok: true as const };
      }),
    ),
  );
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

/* Closing a challenge's award by hand */

async function closeByHand(
  db: Db,
  actor: Actor,
  challengeId: string,
  action: 'award' | 'unaward',
  opts: Opts,
): Promise<Result> {
  const now = opts.now ?? new Date();
  return thenDeliver(db, (queue) =>
    refusing(() =>
      db.$transaction(async (tx) => {
        await lockChallenge(tx, challengeId);
        const challenge = await tx.challenge.findUniqueOrThrow({
          where: { id: challengeId },
          select: challengeState,
        });
        const status = evaluationStatus(challenge, now);
        if (status !== 'CLOSED')
          throw new Refused(status === 'PUBLISHED' ? 'notClosed' : 'decided');
        const approved = await tx.award.count({ where: { challengeId, status: 'APPROVED' } });
        const pending = await tx.award.count({ where: { challengeId, status: 'PROPOSED' } });
        if (action === 'award') {
          if (!isParallelAward(challenge.awardSlots)) throw new Refused('notParallel');
          if (approved === 0) throw new Refused('noApproved');
        } else if (approved > 0) throw new Refused('hasApproved');
        if (pending > 0) throw new Refused('pendingProposal');
        queue(await closeOut(tx, actor, challenge, action, now, opts.origin));
        return { ok: true as const };
      }),
    ),
  );
}

/** 赛马制: an admin ends the award with fewer teams than slots; the rest are declined. */
export function finalizeParallelAward(db: Db, actor: Actor, challengeId: string, opts: Opts = {}) {
  return closeByHand(db, actor, challengeId, 'award', opts);
}

/** No bid is good enough: the challenge is UNAWARDED and every open bid declined. */
export function unawardChallenge(db: Db, actor: Actor, challengeId: string, opts: Opts = {}) {
  return closeByHand(db, actor, challengeId, 'unaward', opts);
}

/* Stage gate (赛马制) */

export async function recordStageGate(
  db: Db,
  actor: Actor,
  awardId: string,
  outcome: StageGateOutcome,
  comment: string,
  opts: Opts = {},
): Promise<Result> {
  const now = opts.now ?? new Date();
  if (actor.role !== 'ADMIN') return { ok: false, error: 'forbidden' };
  const challengeId = await challengeOf(db, { awardId });
  if (!challengeId) return { ok: false, error: 'notFound' };
  return thenDeliver(db, (queue) =>
    refusing(() =>
      db.$transaction(async (tx) => {
        await lockChallenge(tx, challengeId);
        const award = await tx.award.findUniqueOrThrow({
          where: { id: awardId },
          select: {
            status: true,
            stageGateOutcome: true,
            applicationId: true,
            application: { select: { teamId: true } },
            challenge: { select: challengeState },
          },
        });
        if (award.status !== 'APPROVED') throw new Refused('invalid');
        if (!isParallelAward(award.challenge.awardSlots)) throw new Refused('notParallel');
        if (!stageGateDue(award.challenge.stageGateDate, now)) throw new Refused('stageGateNotDue');
        if (award.stageGateOutcome) throw new Refused('stageGateRecorded');
        const others = await tx.award.findMany({
          where: { challengeId, status: 'APPROVED', id: { not: awardId } },
          select: { stageGateOutcome: true },
        });
        if (
          !stageGateOutcomeAllowed(
            outcome,
            others.map((o) => o.stageGateOutcome as StageGateOutcome | null),
          )
        )
          throw new Refused('lastTeam');
        const updated = await tx.award.updateMany({
          where: { id: awardId, status: 'APPROVED', stageGateOutcome: null },
          data: { stageGateOutcome: outcome, stageGateAt: now },
        });
        if (updated.count !== 1) throw new Refused('conflict');
        await audit(tx, {
          actorId: actor.id,
          action: 'award.stage_gate',
          entityType: 'Award',
          entityId: awardId,
          data: { challengeId, applicationId: award.applicationId, outcome, comment },
        });
        const label = (locale: 'zh' | 'en') =>
          tKey(getT(locale), `evaluation.stageGate.outcome.${outcome}`);
        queue(
          await notifyOrganization(tx, award.application.teamId, {
            kind: 'stageGateDecided',
            params: {
              code: award.challenge.code ?? '',
              comment: `${label('zh')} / ${label('en')} — ${comment}`,
            },
            link: `/applications/${award.applicationId}/feedback`,
            origin: opts.origin,
          }),
        );
        return { ok: true as const };
      }),
    ),
  );
}

/* The admins' award desk */

export async function awardDesk(db: Db, actor: Actor, now = new Date()) {
  const [pending, recent, gates] = await Promise.all([
    db.award.findMany({
      where: { status: 'PROPOSED' },
      orderBy: [{ proposedAt: 'asc' }, { id: 'asc' }],
      take: 200,
      select: awardSelect,
    }),
    db.award.findMany({
      where: { status: { in: ['APPROVED', 'REJECTED'] }, decidedAt: { not: null } },
      orderBy: [{ decidedAt: 'desc' }, { id: 'asc' }],
      take: 20,
      select: awardSelect,
    }),
    db.award.findMany({
      where: {
        status: 'APPROVED',
        stageGateOutcome: null,
        challenge: {
          awardSlots: { gt: 1 },
          stageGateDate: { not: null, lt: startOfNextShanghaiDay(now) },
        },
      },
      orderBy: [{ challengeId: 'asc' }, { slotNo: 'asc' }],
      take: 200,
      select: awardSelect,
    }),
  ]);
  const challengeIds = [...new Set(pending.map((p) => p.challengeId))];
  const rankings = new Map(
    await Promise.all(
      challengeIds.map(async (id) => [id, await challengeRanking(db, id)] as const),
    ),
  );
  const approvedCounts = new Map(
    (
      await db.award.groupBy({
        by: ['challengeId'],
        where: { challengeId: { in: challengeIds }, status: 'APPROVED' },
        _count: { _all: true },
      })
    ).map((g) => [g.challengeId, g._count._all]),
  );
  const names = await userNames(db, [
    ...pending.map((p) => p.proposedById),
    ...recent.flatMap((r) => [r.proposedById, r.decidedById]),
  ]);
  const conflicts = new Map(
    await Promise.all(
      pending.map(async (p) => [p.id, await conflictWith(db, actor.id, p.applicationId)] as const),
    ),
  );
  const view = (a: (typeof pending)[number]) => ({
    id: a.id,
    status: a.status,
    slotNo: a.slotNo,
    code: a.challenge.code ?? '',
    title: a.challenge.title,
    titleEn: a.challenge.titleEn,
    awardSlots: a.challenge.awardSlots,
    team: a.application.team.name,
    teamEn: a.application.team.nameEn,
    institution: a.application.institution ?? a.application.team.institution,
    proposedBy: names.get(a.proposedById) ?? '—',
    proposedAt: a.proposedAt.toISOString(),
    decidedBy: a.decidedById ? (names.get(a.decidedById) ?? '—') : null,
    decidedAt: a.decidedAt?.toISOString() ?? null,
    reason: a.reason,
  });
  return {
    pending: pending.map((p) => {
      const ranked = rankings.get(p.challengeId)?.ranked.find((r) => r.id === p.applicationId);
      return {
        ...view(p),
        mine: p.proposedById === actor.id,
        conflict: conflicts.get(p.id) ?? null,
        approvedCount: approvedCounts.get(p.challengeId) ?? 0,
        weighted: ranked?.weighted == null ? null : roundScore(ranked.weighted),
        rank: ranked?.rank ?? null,
        reviewers: ranked?.summary.reviewers ?? 0,
      };
    }),
    recent: recent.map(view),
    stageGates: gates
      .filter((g) => stageGateDue(g.challenge.stageGateDate, now))
      .map((g) => ({ ...view(g), stageGateDate: g.challenge.stageGateDate!.toISOString() })),
  };
}

const awardSelect = {
  id: true,
  challengeId: true,
  applicationId: true,
  status: true,
  slotNo: true,
  proposedById: true,
  proposedAt: true,
  decidedById: true,
  decidedAt: true,
  reason: true,
  challenge: {
    select: { code: true, title: true, titleEn: true, awardSlots: true, stageGateDate: true },
  },
  application: {
    select: {
      institution: true,
      team: { select: { name: true, nameEn: true, institution: true } },
    },
  },
} as const;

/* The evaluation desk's form intents (review.challenges.$code) */

/** What the desk tells the user after an intent (a `challengeDesk` notice, app/lib/done.ts). */
export type DeskDone = { done: DoneKey<'challengeDesk'>; values?: Record<string, number> };

/** Runs one intent of the challenge's evaluation desk for a member of the bureau. */
export async function runDeskIntent(
  db: Db,
  actor: Actor,
  challengeId: string,
  input: ChallengeDeskInput,
  opts: Opts = {},
): Promise<({ ok: true } & DeskDone) | { ok: false; error: Refusal }> {
  const done = (r: Result, what: DeskDone['done']) =>
    r.ok ? { ok: true as const, done: what } : r;
  switch (input.intent) {
    case 'criteria':
      return done(
        await setCriteria(
          db,
          actor,
          challengeId,
          input.criteria.map((c) => ({ name: c.name, nameEn: c.nameEn, weight: Number(c.weight) })),
          opts.now,
        ),
        'criteriaSaved',
      );
    case 'defaults':
      return done(await setCriteria(db, actor, challengeId, 'defaults', opts.now), 'criteriaSaved');
    case 'slots':
      return done(
        await setSlots(
          db,
          actor,
          challengeId,
          {
            awardSlots: Number(input.awardSlots),
            stageGateDate: input.stageGateDate ? parseShanghaiDate(input.stageGateDate) : null,
          },
          opts.now,
        ),
        'slotsSaved',
      );
    case 'assign': {
      const r = await assignReviewers(db, actor, challengeId, input.reviewerIds, opts);
      return r.ok
        ? { ok: true, done: 'assigned', values: { created: r.created, recused: r.recused } }
        : r;
    }
    case 'unassign':
      return done(await unassign(db, actor, challengeId, input.assignmentId), 'unassigned');
    case 'shortlist':
    case 'decline':
      return done(
        await decideApplication(db, actor, challengeId, input.applicationId, input.intent, opts),
        input.intent === 'shortlist' ? 'shortlisted' : 'declined',
      );
    case 'propose': {
      if ((await challengeOf(db, { applicationId: input.applicationId })) !== challengeId)
        return { ok: false, error: 'notFound' };
      return done(await proposeAward(db, actor, input.applicationId, opts), 'proposed');
    }
    case 'finalize':
      if (actor.role !== 'ADMIN') return { ok: false, error: 'forbidden' };
      return done(await finalizeParallelAward(db, actor, challengeId, opts), 'finalized');
    case 'unaward':
      return done(await unawardChallenge(db, actor, challengeId, opts), 'unawarded');
    case 'stageGate': {
      if ((await challengeOf(db, { awardId: input.awardId })) !== challengeId)
        return { ok: false, error: 'notFound' };
      return done(
        await recordStageGate(db, actor, input.awardId, input.outcome, input.comment, opts),
        'stageGateRecorded',
      );
    }
  }
}
