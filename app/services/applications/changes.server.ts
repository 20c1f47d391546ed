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
import type { Db, Prisma } from '~/lib/db.server';
import { discardStoredBytes, saveAttachment } from '~/services/attachments/attachments.server';
import { notFound, requireTeam } from '~/lib/auth.server';
import { actorOf, type Actor } from '~/services/kernel/actor';
import { command, type Context } from '~/services/kernel/command.server';
import type { Notice } from '~/services/kernel/notify.server';
import { lockRootReading } from '~/services/kernel/locks.server';
import { refusal, Refused, type Result } from '~/services/kernel/refusal';
import { APPLICATION_ERRORS, appStatus, needStatus, rowData } from './rows';

const OWN_APPLICATION = {
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
} as const;

/**
 * The request's team member and the team's own application `id`, with its challenge: the route
 * guard of the team's changes. The session and the application (by id alone) are read side by
 * side, one round trip less on PostgreSQL; the application is used only once it is known to be
 * the member's team's. Another team's application does not exist for this user ("not found"),
 * whatever the request holds.
 */
export async function requireOwnApplication(db: Db, request: Request, id: string) {
  const [auth, found] = await Promise.all([
    requireTeam(request),
    db.application.findFirst({ where: { id }, select: { ...OWN_APPLICATION, teamId: true } }),
  ]);
  const actor = actorOf(auth.user);
  if (!found || found.teamId !== actor.organizationId) throw notFound();
  return { actor, own: found };
}

/** A team's application with what decides its changes: its status and its challenge's. */
type OwnApplication = Prisma.ApplicationGetPayload<{ select: typeof OWN_APPLICATION }>;

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
 * application as read under those locks: each lock reads its row in the same statement
 * (lockRootReading), so the change sends no read of its own. An application never moves to
 * another challenge, so which challenge to lock is read before the transaction, or taken from
 * `opts.challengeId` when the caller has just read the application (a route checking it is the
 * team's own): one round trip less on PostgreSQL. The application read under the locks must
 * belong to the team and name the same challenge, so a wrong id is refused as `notFound` and
 * never locks one challenge while changing another's application. `challenge: 'share'` (edits
 * of the text and files, which write only the application's own rows) shares the challenge's
 * lock with other teams' edits; closing early, which locks it, still waits for them (and they
 * for it).
 */
async function ownChange<T extends object>(
  db: Db,
  actor: Actor,
  id: string,
  opts: ChangeOptions & { challenge?: 'share' | 'lock' },
  work: (ctx: Context, app: OwnApplication, now: Date) => Promise<T>,
): Promise<ChangeResult<T>> {
  const now = opts.now ?? new Date();
  const challengeId =
    opts.challengeId ??
    (
      await db.application.findFirst({
        where: { id, teamId: actor.organizationId },
        select: { challengeId: true },
      })
    )?.challengeId;
  if (!challengeId) return refusal(APPLICATION_ERRORS, 'notFound');
  return command(db, { errors: APPLICATION_ERRORS, actor }, async (ctx) => {
    const challenge = await lockRootReading<OwnApplication['challenge']>(
      ctx.tx,
      'challenge',
      challengeId,
      CHALLENGE_COLUMNS,
      opts.challenge ?? 'lock',
    );
    if (!challenge) throw new Refused('notFound');
    const row = await lockRootReading<ApplicationRow>(
      ctx.tx,
      'application',
      id,
      APPLICATION_COLUMNS,
    );
    if (!row || row.teamId !== actor.organizationId || row.challengeId !== challengeId)
      throw new Refused('notFound');
    const { teamId: _team, challengeId: _challenge, ...own } = row;
    return work(ctx, { ...own, challenge }, now);
  });
}

// what OWN_APPLICATION reads, as the locks read it: its columns, and the application's team
// and challenge, which the change checks
type ApplicationRow = Omit<OwnApplication, 'challenge'> & { teamId: string; challengeId: string };
const CHALLENGE_COLUMNS = Object.keys(
  OWN_APPLICATION.challenge.select,
) as (keyof OwnApplication['challenge'])[];
const APPLICATION_COLUMNS = [
  ...Object.keys(OWN_APPLICATION).filter((k) => k !== 'challenge'),
  'teamId',
  'challengeId',
] as (keyof ApplicationRow)[];

/**
 * `now` for tests; `challengeId`: the application's challenge as the caller has just read it
 * (requireOwnApplication), so that the change does not read it again before its transaction.
 */
export type ChangeOptions = { now?: Date; challengeId?: string };

/**
 * A change to the application's text or attachments: refused unless the team may still edit
 * them (app/domain/application-rules.ts).
 */
function editableChange<T extends object>(
  db: Db,
  actor: Actor,
  id: string,
  opts: ChangeOptions,
  work: (ctx: Context, now: Date) => Promise<T>,
) {
  return ownChange(db, actor, id, { ...opts, challenge: 'share' }, (ctx, app, now) => {
    const decision = mayEdit(appStatus(app.status), challengeState(app), now);
    if (!decision.ok) throw new Refused(decision.reason === 'closed' ? 'closed' : 'notEditable');
    return work(ctx, now);
  });
}

/** Saves the form's text; the application keeps its status (a draft stays a draft). */
export function updateApplication(
  db: Db,
  actor: Actor,
  id: string,
  input: ApplicationInput,
  opts: ChangeOptions = {},
): Promise<ChangeResult> {
  return editableChange(db, actor, id, opts, async (ctx, now) => {
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

type MoveAction = 'submit' | 'withdraw';

/**
 * The team's moves of its own application: when the rules refuse one, what its update writes
 * alongside the status, and what the enterprise is told of it (nothing when null).
 */
const MOVES: Record<
  MoveAction,
  {
    refusal: (app: OwnApplication, now: Date) => ChangeError | null;
    data: (now: Date) => { submittedAt?: Date; active?: null };
    notice: (app: OwnApplication) => Pick<Notice, 'kind' | 'link'> | null;
  }
> = {
  // a draft goes to the enterprise and the bureau, before the deadline
  submit: {
    refusal(app, now) {
      const decision = maySubmit(appStatus(app.status), challengeState(app), now);
      if (decision.ok) return null;
      return decision.reason === 'closed' ? 'closed' : 'invalidAction';
    },
    data: (now) => ({ submittedAt: now }),
    notice: (app) => ({ kind: 'applicationReceived', link: `/applications/${app.id}` }),
  },
  // until it is decided: the active place is freed (active NULL) in the same update, so the team
  // may apply again while the challenge is open; the enterprise hears of it once it was submitted
  withdraw: {
    refusal: (app) => (mayWithdraw(appStatus(app.status)) ? null : 'invalidAction'),
    data: () => ({ active: null }),
    notice: (app) =>
      app.submittedAt
        ? { kind: 'applicationWithdrawn', link: `/needs/${app.challenge.id}/applications` }
        : null,
  },
};

/**
 * Submits or withdraws the team's application: moves it by `action` (the table's row for the
 * team) in one update guarded by the status it was read in, audits the move and tells the
 * enterprise.
 */
export function moveApplication(
  db: Db,
  actor: Actor,
  id: string,
  action: MoveAction,
  opts: ChangeOptions & { origin?: string } = {},
): Promise<ChangeResult> {
  const move = MOVES[action];
  return ownChange(db, actor, id, opts, async (ctx, app, now) => {
    const refusal = move.refusal(app, now);
    if (refusal) throw new Refused(refusal);
    const from = appStatus(app.status);
    const to = transitionApplication(from, action, 'TEAM');
    const updated = await ctx.tx.application.updateMany({
      where: { id, teamId: actor.organizationId, status: from },
      data: { status: to, ...move.data(now) },
    });
    if (updated.count !== 1) throw new Refused('conflict');
    await ctx.audit({
      action: `application.${action}`,
      entityType: 'Application',
      entityId: id,
      data: { from, to },
      at: now,
    });
    const notice = move.notice(app);
    if (notice) {
      await ctx.notifyOrganization(app.challenge.enterpriseId, {
        ...notice,
        params: { code: app.challenge.code ?? '' },
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
  opts: ChangeOptions = {},
): Promise<ChangeResult<{ attachmentId: string }>> {
  return editableChange(db, actor, id, opts, async (ctx) => {
    const saved = await saveAttachment(ctx.tx, {
      ownerType: 'Application',
      ownerId: id,
      file,
      uploadedById: actor.id,
    });
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
  opts: ChangeOptions = {},
): Promise<ChangeResult> {
  return editableChange(db, actor, id, opts, async (ctx) => {
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
    ctx.afterCommit(() => discardStoredBytes(attachment.storedName));
    return {};
  });
}
