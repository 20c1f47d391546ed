// A need's lifecycle once written: the enterprise submits, resubmits or withdraws it, the
// bureau returns, rejects or publishes it and may close its applications early. Each
// transition is checked against the need lifecycle's table (app/domain/need.ts) under the
// challenge's lock, and commits with its review-trail row, audit record and notices. Also the
// bureau's reads for vetting. Drafting and editing are in intake.server.ts.
import { fundingAllowsPublication, releasesFunding } from '~/domain/funding';
import { TransitionError } from '~/domain/lifecycle';
import {
  canCloseEarly,
  isNeedStatus,
  transitionNeed,
  type NeedAction,
  type NeedStatus,
} from '~/domain/need';
import type { Role } from '~/domain/roles';
import { QUEUE_STATUSES } from '~/forms/needs';
import type { Db, Tx } from '~/lib/db.server';
import { toFenOrNull } from '~/lib/fen';
import { enqueueChallengeAlerts, requestAlertsRun } from '~/services/alerts/delivery.server';
import { listAttachments } from '~/services/attachments/attachments.server';
import type { Actor } from '~/services/kernel/actor';
import { releaseFunding } from '~/services/funding/funding.server';
import { command } from '~/services/kernel/command.server';
import { lockChallenge } from '~/services/kernel/locks.server';
import type { NotificationKind } from '~/services/kernel/notify.server';
import { Refused } from '~/services/kernel/refusal';
import { nextChallengeCode, shanghaiYear } from './references.server';
import { needDetailSelect } from './selects';

export type TransitionRefusal = 'notFound' | 'invalidAction' | 'fundingNotSecured';
export type CloseEarlyRefusal = 'notFound' | 'notOpen';

/** The status `action` leads to; an action this actor may not take is refused. */
function nextStatus(from: NeedStatus, action: NeedAction, role: Role): NeedStatus {
  try {
    return transitionNeed(from, action, role);
  } catch (error) {
    if (error instanceof TransitionError)
      throw new Refused(error.code === 'FORBIDDEN_ACTOR' ? 'notFound' : 'invalidAction');
    throw error;
  }
}

/** What the enterprise is told of a bureau decision; the other transitions tell nobody. */
const NOTICE: Partial<Record<NeedAction, NotificationKind>> = {
  publish: 'needPublished',
  return: 'needReturned',
  reject: 'needRejected',
};

/**
 * Applies one action of the need lifecycle. Enterprise actions are limited to the actor's own
 * needs (others are "not found"); bureau actions to staff. Under the challenge's lock, of
 * concurrent decisions on the same need the first lands and the others find it decided.
 */
export function transition(
  db: Db | Tx,
  actor: Actor,
  id: string,
  action: NeedAction,
  opts: { comment?: string; origin?: string; now?: Date } = {},
) {
  const now = opts.now ?? new Date();
  return command<{ status: NeedStatus; code?: string }, TransitionRefusal>(
    db,
    { errors: 'needs.errors', actor, lock: (tx) => lockChallenge(tx, id) },
    async ({ tx, audit, notifyOrganization, afterCommit }) => {
      const need = await tx.challenge.findUnique({
        where: { id },
        select: {
          id: true,
          status: true,
          title: true,
          enterpriseId: true,
          ref: true,
          bountyType: true,
          bountyFen: true,
          fundingSecuredAt: true,
        },
      });
      if (!need || (actor.role === 'ENTERPRISE' && need.enterpriseId !== actor.organizationId))
        throw new Refused('notFound');
      const to = nextStatus(need.status as NeedStatus, action, actor.role);
      // 榜额到位: a fixed bounty is published only once its funding is secured (ADR 032)
      if (
        action === 'publish' &&
        !fundingAllowsPublication(
          { bountyType: need.bountyType, bountyFen: toFenOrNull(need.bountyFen) },
          need.fundingSecuredAt,
        )
      )
        throw new Refused('fundingNotSecured', { key: 'funding.errors.notSecured' });
      const code =
        action === 'publish' ? await nextChallengeCode(tx, shanghaiYear(now)) : undefined;
      await tx.challenge.update({
        where: { id },
        data: {
          status: to,
          ...(action === 'submit' || action === 'resubmit' ? { submittedAt: now } : {}),
          ...(action === 'publish' ? { code, publishedAt: now } : {}),
          ...(action === 'close' ? { closedAt: now } : {}),
        },
      });
      await tx.needReview.create({
        data: {
          challengeId: id,
          action,
          comment: opts.comment ?? null,
          actorId: actor.id,
          at: now,
        },
      });
      await audit({
        action: `need.${action}`,
        entityType: 'Challenge',
        entityId: id,
        data: { from: need.status, to, code, comment: opts.comment },
      });
      if (releasesFunding(to))
        await releaseFunding({ tx, audit }, id, {
          actorId: actor.id,
          reason: `need.${action}`,
          now,
        });
      if (action === 'publish') {
        // teams subscribed to what it is about are told by a job that commits with it
        await enqueueChallengeAlerts(tx, id);
        afterCommit(requestAlertsRun);
      }
      const kind = NOTICE[action];
      if (kind) {
        await notifyOrganization(need.enterpriseId, {
          kind,
          params: { title: need.title, code: code ?? '', comment: opts.comment ?? '' },
          link: action === 'publish' ? `/challenges/${code}` : `/needs/${id}`,
          origin: opts.origin,
        });
      }
      return { status: to, code };
    },
  );
}

/**
 * Bureau staff close a challenge's applications before its deadline, giving a reason, so that
 * expert review can start. The `close` edge of the lifecycle table, under the challenge's
 * lock: of two staff closing at once, one closes and the other is told it is no longer open,
 * with one transition, one audit record and one round of notifications. The enterprise and
 * every team with a submitted application are notified (in-app and by mail, after commit).
 * Refusals carry the messages of the challenge desk, where staff close.
 */
export function closeApplicationsEarly(
  db: Db,
  actor: Actor,
  id: string,
  reason: string,
  opts: { origin?: string; now?: Date } = {},
) {
  const now = opts.now ?? new Date();
  return command<{ code: string }, CloseEarlyRefusal>(
    db,
    { errors: 'evaluation.desk.closeEarly', actor, lock: (tx) => lockChallenge(tx, id) },
    async ({ tx, audit, notifyOrganization }) => {
      const c = await tx.challenge.findUnique({
        where: { id },
        select: {
          status: true,
          code: true,
          title: true,
          applicationDeadline: true,
          enterpriseId: true,
        },
      });
      if (!c || !c.code || !isNeedStatus(c.status)) throw new Refused('notFound');
      const decision = canCloseEarly(c.status, c.applicationDeadline, actor.role, now);
      if (!decision.ok) throw new Refused(decision.reason === 'role' ? 'notFound' : 'notOpen');
      const to = transitionNeed(c.status, 'close', actor.role);
      await tx.challenge.update({
        where: { id },
        data: { status: to, closedAt: now, closedReason: reason },
      });
      await tx.needReview.create({
        data: { challengeId: id, action: 'close', comment: reason, actorId: actor.id, at: now },
      });
      await audit({
        action: 'need.close_early',
        entityType: 'Challenge',
        entityId: id,
        data: {
          from: c.status,
          to,
          code: c.code,
          reason,
          applicationDeadline: c.applicationDeadline.toISOString(),
        },
        at: now,
      });
      const applicants = await tx.application.findMany({
        where: { challengeId: id, status: 'SUBMITTED' },
        distinct: ['teamId'],
        select: { teamId: true },
      });
      const notice = {
        kind: 'applicationsClosedEarly' as const,
        params: { code: c.code, title: c.title, comment: reason },
        link: `/challenges/${c.code}`,
        origin: opts.origin,
      };
      for (const organizationId of [c.enterpriseId, ...applicants.map((a) => a.teamId)]) {
        await notifyOrganization(organizationId, notice);
      }
      return { code: c.code };
    },
  );
}

/** When and why the bureau closed a challenge's applications early; null when it did not. */
export async function earlyClosure(db: Db, id: string) {
  const c = await db.challenge.findUnique({
    where: { id },
    select: { closedAt: true, closedReason: true },
  });
  if (!c?.closedAt || c.closedReason === null) return null;
  return { closedAt: c.closedAt.toISOString(), reason: c.closedReason };
}

/** The bureau's vetting queue: oldest submission first. */
export async function vettingQueue(
  db: Db,
  filter: { status: string; field?: string; bounty?: string },
) {
  const where = {
    status: filter.status === 'all' ? { in: [...QUEUE_STATUSES] } : filter.status,
    ...(filter.field ? { field: filter.field } : {}),
    ...(filter.bounty === 'FIXED' || filter.bounty === 'OPEN' ? { bountyType: filter.bounty } : {}),
  };
  const [rows, total] = await Promise.all([
    db.challenge.findMany({
      where,
      orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
      take: 200,
      select: {
        id: true,
        ref: true,
        title: true,
        field: true,
        status: true,
        bountyFen: true,
        submittedAt: true,
        enterprise: { select: { name: true } },
      },
    }),
    db.challenge.count({ where }),
  ]);
  return { rows, total };
}

/** A need as the bureau sees it when deciding. */
export async function needForReview(db: Db, id: string) {
  const need = await db.challenge.findUnique({
    where: { id },
    select: {
      ...needDetailSelect,
      submittedAt: true,
      enterprise: { select: { name: true, creditCode: true } },
    },
  });
  if (!need || need.status === 'DRAFT') return null;
  return { ...need, attachments: await listAttachments(db, 'Challenge', id) };
}
