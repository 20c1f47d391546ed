// A team's appeal against the decision on its application, and an admin's answer to it.
import {
  appealRefusal,
  transitionAppeal,
  type AppealAction,
  type AppealStatus,
} from '~/domain/evaluation';
import { transitionApplication, type ApplicationStatus } from '~/domain/application';
import type { Db } from '~/lib/db.server';
import type { Actor } from '~/services/kernel/actor';
import { command } from '~/services/kernel/command.server';
import { lockApplication, lockChallenge } from '~/services/kernel/locks.server';
import {
  checkTransition,
  ERRORS,
  refusalOf,
  refuse,
  staffIdsExcept,
  type Opts,
} from './shared.server';
import { moveApplicationStatus } from './steps.server';

const APPEAL_REFUSAL = {
  not_decided: 'appealNotDecided',
  not_declined: 'appealNotDeclined',
  window_closed: 'appealWindowClosed',
  already_appealed: 'appealAlready',
} as const;

/** The team appeals once, within the window, against the decline of its application. */
export async function submitAppeal(
  db: Db,
  actor: Actor,
  applicationId: string,
  reason: string,
  opts: Opts = {},
) {
  const now = opts.now ?? new Date();
  // concurrent appeals on one application queue up on its lock, and the count below then
  // sees the one that committed first
  return command(
    db,
    { errors: ERRORS, actor, lock: (tx) => lockApplication(tx, applicationId) },
    async ({ tx, audit, notifyUsers }) => {
      const application = await tx.application.findFirst({
        where: { id: applicationId, teamId: actor.organizationId },
        select: {
          status: true,
          decidedAt: true,
          challenge: { select: { code: true } },
          _count: { select: { appeals: true } },
        },
      });
      // another team's application does not exist for this one
      if (!application) refuse('notFound');
      const refusal = appealRefusal(
        {
          status: application.status,
          decidedAt: application.decidedAt,
          appeals: application._count.appeals,
        },
        now,
      );
      if (refusal) refuse(APPEAL_REFUSAL[refusal]);
      const appeal = await tx.appeal.create({
        data: { applicationId, reason, status: 'OPEN', createdAt: now },
      });
      await audit({
        action: 'appeal.created',
        entityType: 'Appeal',
        entityId: appeal.id,
        data: { applicationId },
      });
      await notifyUsers(await staffIdsExcept(tx, ['ADMIN'], null), {
        kind: 'appealReceived',
        params: { code: application.challenge.code ?? '' },
        link: '/review/appeals',
        origin: opts.origin,
      });
      return {};
    },
  );
}

/**
 * An admin answers an appeal. Upholding it reopens the application's evaluation in the same
 * transaction (docs/decisions/034-upheld-appeals.md): the application goes back to SUBMITTED
 * for a re-evaluation by other experts (appeal-remedies.server.ts), and the team, the
 * enterprise and the staff are told.
 */
export async function resolveAppeal(
  db: Db,
  actor: Actor,
  appealId: string,
  action: AppealAction,
  resolution: string,
  opts: Opts = {},
) {
  const now = opts.now ?? new Date();
  const found = await db.appeal.findUnique({
    where: { id: appealId },
    select: { applicationId: true, application: { select: { challengeId: true } } },
  });
  if (!found) return refusalOf('notFound');
  const challengeId = found.application.challengeId;
  return command(
    db,
    {
      errors: ERRORS,
      actor,
      // the challenge first, then the application (kernel/locks.server.ts's order)
      lock: async (tx) => {
        await lockChallenge(tx, challengeId);
        await lockApplication(tx, found.applicationId);
      },
    },
    async ({ tx, audit, notifyOrganization, notifyUsers }) => {
      const appeal = await tx.appeal.findUnique({
        where: { id: appealId },
        select: {
          status: true,
          applicationId: true,
          application: {
            select: {
              status: true,
              teamId: true,
              challenge: { select: { code: true, enterpriseId: true } },
            },
          },
        },
      });
      if (!appeal) refuse('notFound');
      const to = checkTransition(() =>
        transitionAppeal(appeal.status as AppealStatus, action, actor.role),
      );
      const reopen = action === 'uphold';
      // the status as read: of two admins answering at once, the second is refused
      const updated = await tx.appeal.updateMany({
        where: { id: appealId, status: 'OPEN' },
        data: {
          status: to,
          resolution,
          resolvedById: actor.id,
          resolvedAt: now,
          ...(reopen ? { reopenedAt: now } : {}),
        },
      });
      if (updated.count !== 1) refuse('conflict');
      await audit({
        action: `appeal.${action}`,
        entityType: 'Appeal',
        entityId: appealId,
        data: { applicationId: appeal.applicationId, to, resolution },
      });
      const code = appeal.application.challenge.code ?? '';
      await notifyOrganization(appeal.application.teamId, {
        kind: 'appealResolved',
        params: { code, comment: resolution },
        link: `/applications/${appeal.applicationId}/feedback`,
        origin: opts.origin,
      });
      if (!reopen) return {};
      const from = appeal.application.status as ApplicationStatus;
      const back = checkTransition(() => transitionApplication(from, 'reopen', actor.role));
      await moveApplicationStatus(
        { tx, audit },
        {
          id: appeal.applicationId,
          from,
          to: back,
          verb: 'reopen',
          set: { active: true },
          data: { appealId },
        },
      );
      await notifyOrganization(appeal.application.teamId, {
        kind: 'appealRemedy.reopened',
        params: { code },
        link: `/applications/${appeal.applicationId}/feedback`,
        origin: opts.origin,
      });
      await notifyOrganization(appeal.application.challenge.enterpriseId, {
        kind: 'appealRemedy.reopened',
        params: { code },
        link: `/applications/${appeal.applicationId}`,
        origin: opts.origin,
      });
      await notifyUsers(await staffIdsExcept(tx, ['REVIEWER', 'ADMIN'], actor.id), {
        kind: 'appealRemedy.reopened',
        params: { code },
        link: `/review/appeals/${appealId}`,
        origin: opts.origin,
      });
      return {};
    },
  );
}
