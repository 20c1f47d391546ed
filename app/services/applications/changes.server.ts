// The team's changes to its own application (揭榜): edit until the deadline, submit a draft,
// withdraw until decided, add and remove attachments while it is editable. The rules are in
// app/domain/application-rules.ts and the transition table in app/domain/application.ts; each
// change is a kernel command, so it commits with its audit record and its notifications, and
// mail is sent after the commit. The enterprise is told when an application is submitted and
// when a submitted one is withdrawn.
import { transitionApplication } from '~/domain/application';
import {
  EDITABLE_APPLICATION_STATUSES,
  mayEdit,
  maySubmit,
  mayWithdraw,
} from '~/domain/application-rules';
import type { ApplicationInput } from '~/forms/applications';
import type { Db, Tx } from '~/lib/db.server';
import { deleteStoredFile, saveAttachment } from '~/services/attachments/attachments.server';
import type { Actor } from '~/services/kernel/actor';
import { command, type Context } from '~/services/kernel/command.server';
import { lockApplication, lockChallenge } from '~/services/kernel/locks.server';
import { refusal, Refused, type Result } from '~/services/kernel/refusal';
import { APPLICATION_ERRORS, appStatus, needStatus, rowData } from './rows';

/** The actor's team's own application (another team's is "not found"), with its challenge. */
export function findOwnApplication(db: Db | Tx, actor: Actor, id: string) {
  return db.application.findFirst({
    where: { id, teamId: actor.organizationId },
    select: {
      id: true,
      status: true,
      submittedAt: true,
      challenge: {
        select: {
          id: true,
          code: true,
          status: true,
          applicationDeadline: true,
          bountyType: true,
          enterpriseId: true,
        },
      },
    },
  });
}

type OwnApplication = NonNullable<Awaited<ReturnType<typeof findOwnApplication>>>;

const challengeState = (a: OwnApplication) => ({
  status: needStatus(a.challenge.status),
  applicationDeadline: a.challenge.applicationDeadline,
});

export type ChangeError =
  'notFound' | 'notEditable' | 'closed' | 'invalidAction' | 'conflict' | `upload_${string}`;
export type ChangeResult<T extends object = object> = Result<T, ChangeError>;

/**
 * One change to the team's own application, as a command: it locks the application's
 * challenge (whose status and deadline decide what the team may do, and which closing early
 * locks too) and then the application, in the kernel's order, and hands `work` the
 * application as read under those locks. An application never moves to another challenge, so
 * which challenge to lock is read before the transaction.
 */
async function ownChange<T extends object>(
  db: Db,
  actor: Actor,
  id: string,
  work: (ctx: Context, app: OwnApplication) => Promise<T>,
): Promise<ChangeResult<T>> {
  const own = await db.application.findFirst({
    where: { id, teamId: actor.organizationId },
    select: { challengeId: true },
  });
  if (!own) return refusal(APPLICATION_ERRORS, 'notFound');
  const lock = async (tx: Tx) =>
    (await lockChallenge(tx, own.challengeId)) && lockApplication(tx, id);
  return command(db, { errors: APPLICATION_ERRORS, actor, lock }, async (ctx) => {
    const app = await findOwnApplication(ctx.tx, actor, id);
    if (!app) throw new Refused('notFound');
    return work(ctx, app);
  });
}

/** Refuses unless the team may still change the application's text and attachments. */
function mustBeEditable(app: OwnApplication, now: Date) {
  const decision = mayEdit(appStatus(app.status), challengeState(app), now);
  if (!decision.ok) throw new Refused(decision.reason === 'closed' ? 'closed' : 'notEditable');
}

/**
 * Moves the team's application by `action` (the table's row for the team) in one update
 * guarded by the status it was read in, with `data` alongside, and audits the move.
 */
async function moveOwn(
  ctx: Context,
  actor: Actor,
  app: OwnApplication,
  action: 'submit' | 'withdraw',
  data: { submittedAt?: Date; active?: null },
  now: Date,
) {
  const from = appStatus(app.status);
  const to = transitionApplication(from, action, 'TEAM');
  const updated = await ctx.tx.application.updateMany({
    where: { id: app.id, teamId: actor.organizationId, status: from },
    data: { status: to, ...data },
  });
  if (updated.count !== 1) throw new Refused('conflict');
  await ctx.audit({
    action: `application.${action}`,
    entityType: 'Application',
    entityId: app.id,
    data: { from, to },
    at: now,
  });
}

/** Saves the form's text; the application keeps its status (a draft stays a draft). */
export function updateApplication(
  db: Db,
  actor: Actor,
  id: string,
  input: ApplicationInput,
  opts: { now?: Date } = {},
): Promise<ChangeResult> {
  const now = opts.now ?? new Date();
  return ownChange(db, actor, id, async (ctx, app) => {
    mustBeEditable(app, now);
    const updated = await ctx.tx.application.updateMany({
      where: {
        id,
        teamId: actor.organizationId,
        status: { in: [...EDITABLE_APPLICATION_STATUSES] },
      },
      data: rowData(input),
    });
    if (updated.count !== 1) throw new Refused('notEditable');
    await ctx.audit({
      action: 'application.updated',
      entityType: 'Application',
      entityId: id,
      at: now,
    });
    return {};
  });
}

/** Sends a draft to the enterprise and the bureau, before the deadline. */
export function submitApplication(
  db: Db,
  actor: Actor,
  id: string,
  opts: { now?: Date; origin?: string } = {},
): Promise<ChangeResult> {
  const now = opts.now ?? new Date();
  return ownChange(db, actor, id, async (ctx, app) => {
    const decision = maySubmit(appStatus(app.status), challengeState(app), now);
    if (!decision.ok) throw new Refused(decision.reason === 'closed' ? 'closed' : 'invalidAction');
    await moveOwn(ctx, actor, app, 'submit', { submittedAt: now }, now);
    await ctx.notifyOrganization(app.challenge.enterpriseId, {
      kind: 'applicationReceived',
      params: { code: app.challenge.code ?? '' },
      link: `/applications/${id}`,
      origin: opts.origin,
    });
    return {};
  });
}

/**
 * Withdraws the application until it is decided: status WITHDRAWN and the active place freed
 * (active NULL) in one status-guarded update, so the team may apply again while the challenge
 * is open. The enterprise is told when the application had been submitted.
 */
export function withdrawApplication(
  db: Db,
  actor: Actor,
  id: string,
  opts: { now?: Date; origin?: string } = {},
): Promise<ChangeResult> {
  const now = opts.now ?? new Date();
  return ownChange(db, actor, id, async (ctx, app) => {
    if (!mayWithdraw(appStatus(app.status))) throw new Refused('invalidAction');
    await moveOwn(ctx, actor, app, 'withdraw', { active: null }, now);
    if (app.submittedAt) {
      await ctx.notifyOrganization(app.challenge.enterpriseId, {
        kind: 'applicationWithdrawn',
        params: { code: app.challenge.code ?? '' },
        link: `/needs/${app.challenge.id}/applications`,
        origin: opts.origin,
      });
    }
    return {};
  });
}

// ---------------------------------------------------------------------------------------------
// Attachments: same types and size as a need's, changed only while the application is editable

/** Adds a file; a file refused for itself (empty, too large, not an allowed type) is `upload_…`. */
export function addApplicationAttachment(
  db: Db,
  actor: Actor,
  id: string,
  file: FormDataEntryValue | null,
  opts: { now?: Date } = {},
): Promise<ChangeResult<{ attachmentId: string }>> {
  const now = opts.now ?? new Date();
  return ownChange(db, actor, id, async (ctx, app) => {
    mustBeEditable(app, now);
    const saved = await saveAttachment(ctx.tx, {
      ownerType: 'Application',
      ownerId: id,
      file,
      uploadedById: actor.id,
    });
    if (!saved.ok) throw new Refused(`upload_${saved.error}`);
    await ctx.audit({
      action: 'application.attachment_added',
      entityType: 'Application',
      entityId: id,
      data: { attachmentId: saved.attachment.id, name: saved.attachment.originalName },
    });
    return { attachmentId: saved.attachment.id };
  });
}

/** Removes a file; its stored bytes go once the removal has committed. */
export function removeApplicationAttachment(
  db: Db,
  actor: Actor,
  id: string,
  attachmentId: string,
  opts: { now?: Date } = {},
): Promise<ChangeResult> {
  const now = opts.now ?? new Date();
  return ownChange(db, actor, id, async (ctx, app) => {
    mustBeEditable(app, now);
    const attachment = await ctx.tx.attachment.findFirst({
      where: { id: attachmentId, ownerType: 'Application', ownerId: id },
    });
    if (!attachment) throw new Refused('notFound');
    await ctx.tx.attachment.delete({ where: { id: attachment.id } });
    await ctx.audit({
      action: 'application.attachment_removed',
      entityType: 'Application',
      entityId: id,
      data: { attachmentId, name: attachment.originalName },
    });
    ctx.afterCommit(() => deleteStoredFile(attachment.storedName));
    return {};
  });
}
