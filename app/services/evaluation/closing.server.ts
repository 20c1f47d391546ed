// The end of a challenge's award: AWARDED once its slots are taken (or, under 赛马制, at an
// admin's word), or UNAWARDED when no bid is good enough. Either way the bids still open are
// declined and told, and proposals still waiting are set aside.
import { transitionApplication, type ApplicationStatus } from '~/domain/application';
import { isParallelAward } from '~/domain/award';
import { OPEN_REVIEW_STATUSES } from '~/domain/evaluation';
import { transitionNeed, type NeedAction } from '~/domain/need';
import type { Db } from '~/lib/db.server';
import { releaseFunding } from '~/services/funding/funding.server';
import type { Actor } from '~/services/kernel/actor';
import { command, type Context } from '~/services/kernel/command.server';
import {
  challengeState,
  checkTransition,
  evaluationStatus,
  onChallenge,
  refuse,
  type Opts,
} from './shared.server';
import { moveApplicationStatus, setAsideProposals } from './steps.server';

/** Closes the challenge's award inside the command of `ctx` (an approval or an admin's word). */
export async function closeOut(
  { tx, audit, notifyOrganization }: Context,
  actor: Actor,
  challenge: { id: string; code: string | null; status: string; closedAt: Date | null },
  action: Extract<NeedAction, 'award' | 'unaward'>,
  now: Date,
  origin?: string,
) {
  const to = checkTransition(() => transitionNeed('CLOSED', action, actor.role), 'forbidden');
  if (challenge.status === 'PUBLISHED') {
    // past its deadline but never closed by the deadline job: record the close it missed
    await audit({
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
  if (updated.count !== 1) refuse('conflict');
  await audit({
    action: `need.${action}`,
    entityType: 'Challenge',
    entityId: challenge.id,
    data: { from: 'CLOSED', to },
  });
  // 榜额到位: an unawarded bounty's held funding goes back (ADR 032)
  if (action === 'unaward')
    await releaseFunding({ tx, audit }, challenge.id, {
      actorId: actor.id,
      reason: 'need.unaward',
      now,
    });
  const open = await tx.application.findMany({
    where: { challengeId: challenge.id, status: { in: [...OPEN_REVIEW_STATUSES] } },
    select: { id: true, status: true, teamId: true },
  });
  for (const a of open) {
    const declined = checkTransition(
      () => transitionApplication(a.status as ApplicationStatus, 'decline', actor.role),
      'forbidden',
    );
    await moveApplicationStatus(
      { tx, audit },
      {
        id: a.id,
        from: a.status,
        to: declined,
        verb: 'decline',
        set: { active: null, decidedAt: now },
        data: { by: `challenge.${action}` },
      },
    );
    await notifyOrganization(a.teamId, {
      kind: 'applicationDeclined',
      params: { code: challenge.code ?? '' },
      link: `/applications/${a.id}/feedback`,
      origin,
    });
  }
  await setAsideProposals({ tx, audit }, { challengeId: challenge.id }, `challenge.${action}`, {
    actorId: actor.id,
    now,
  });
}

async function closeByHand(
  db: Db,
  actor: Actor,
  challengeId: string,
  action: 'award' | 'unaward',
  opts: Opts,
) {
  const now = opts.now ?? new Date();
  return command(db, onChallenge(actor, challengeId), async (ctx) => {
    const challenge = await ctx.tx.challenge.findUniqueOrThrow({
      where: { id: challengeId },
      select: challengeState,
    });
    const status = evaluationStatus(challenge, now);
    if (status !== 'CLOSED') refuse(status === 'PUBLISHED' ? 'notClosed' : 'decided');
    const approved = await ctx.tx.award.count({ where: { challengeId, status: 'APPROVED' } });
    const pending = await ctx.tx.award.count({ where: { challengeId, status: 'PROPOSED' } });
    if (action === 'award') {
      if (!isParallelAward(challenge.awardSlots)) refuse('notParallel');
      if (approved === 0) refuse('noApproved');
    } else if (approved > 0) refuse('hasApproved');
    if (pending > 0) refuse('pendingProposal');
    await closeOut(ctx, actor, challenge, action, now, opts.origin);
    return {};
  });
}

/** 赛马制: an admin ends the award with fewer teams than slots; the rest are declined. */
export function finalizeParallelAward(db: Db, actor: Actor, challengeId: string, opts: Opts = {}) {
  return closeByHand(db, actor, challengeId, 'award', opts);
}

/** No bid is good enough: the challenge is UNAWARDED and every open bid declined. */
export function unawardChallenge(db: Db, actor: Actor, challengeId: string, opts: Opts = {}) {
  return closeByHand(db, actor, challengeId, 'unaward', opts);
}
