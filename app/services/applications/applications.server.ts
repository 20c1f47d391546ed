// Applications (揭榜): a team applies to an open challenge, edits until the deadline, submits,
// withdraws until decided; and who sees which application. The rules are in
// app/domain/application-rules.ts and the transition table in app/domain/application.ts; here each
// change commits with its audit record and its notifications, mail is sent after the commit.
//
// A new application is saved as a DRAFT or submitted at once, as the team chooses on the form
// (intent 'save' or 'submit'): a draft lets the team add attachments before sending; it is the
// team's alone (the enterprise and the bureau see an application once it has been submitted).
// The enterprise is told when an application is submitted and when a submitted one is withdrawn.
//
// One active application per team per challenge: the check here tells the team in plain words,
// the unique index over (challengeId, teamId, active) makes it hold under any concurrency
// (active is true while the application holds the place, NULL once withdrawn or declined).
import { transitionApplication, type ApplicationStatus } from '~/domain/application';
import {
  EDITABLE_APPLICATION_STATUSES,
  isDecided,
  mayApply,
  mayEdit,
  maySeeApplication,
  maySubmit,
  mayWithdraw,
  parseMembers,
  type ApplicationViewer,
  type BountyType,
} from '~/domain/application-rules';
import { effectiveNeedStatus, isNeedStatus, PUBLIC_STATUSES, type NeedStatus } from '~/domain/need';
import { isStaffRole, type Role } from '~/domain/roles';
import {
  fenToWanInput,
  type ApplicationFormDefaults,
  type ApplicationInput,
} from '~/forms/applications';
import type { Db, Tx } from '~/lib/db.server';
import { toFenOrNull } from '~/lib/fen';
import { deleteStoredFile, saveAttachment } from '~/services/attachments/attachments.server';
import { audit } from '~/services/kernel/audit.server';
import { thenDeliver } from '~/lib/mail.server';
import { notifyOrganization } from '~/services/kernel/notify.server';
import type { Auth } from '~/lib/session.server';

export type Actor = { id: string; role: Role; organizationId: string };

export function actorOf(auth: Auth): Actor {
  return { id: auth.user.id, role: auth.user.role, organizationId: auth.user.organizationId };
}

/** Who a session stands for when looking at applications (staff only after the second factor). */
export function viewerOf(auth: Auth | null): ApplicationViewer {
  if (!auth) return null;
  if (isStaffRole(auth.user.role) && !auth.twoFactorVerified) return null;
  return { userId: auth.user.id, role: auth.user.role, organizationId: auth.user.organizationId };
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002';

class ConflictError extends Error {
  constructor() {
    super('the application changed meanwhile');
  }
}

// Parallel requests queue for a connection (PostgreSQL pool) or for the write lock (SQLite):
// let them wait rather than fail on Prisma's 2-second default.
const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;

const needStatus = (s: string): NeedStatus => (isNeedStatus(s) ? s : 'DRAFT');
const appStatus = (s: string) => s as ApplicationStatus;
const bountyTypeOf = (s: string): BountyType => (s === 'OPEN' ? 'OPEN' : 'FIXED');

function rowData(input: ApplicationInput) {
  return {
    institution: input.institution,
    approach: input.approach,
    schedule: input.schedule,
    budgetFen: BigInt(input.budgetFen),
    requestedFen: input.requestedFen === null ? null : BigInt(input.requestedFen),
    membersJson: JSON.stringify(input.members),
  };
}

// ---------------------------------------------------------------------------------------------
// The challenge applied to

const challengeSelect = {
  id: true,
  code: true,
  title: true,
  titleEn: true,
  status: true,
  applicationDeadline: true,
  bountyType: true,
  bountyFen: true,
  enterpriseId: true,
  enterprise: { select: { name: true, nameEn: true } },
} as const;

/** A public challenge by its code, with what applying needs; null when there is none. */
export async function findChallengeToApply(db: Db, code: string, now = new Date()) {
  const c = await db.challenge.findFirst({
    where: { code, status: { in: [...PUBLIC_STATUSES] } },
    select: challengeSelect,
  });
  if (!c) return null;
  const status = needStatus(c.status);
  return {
    id: c.id,
    code: c.code ?? '',
    title: c.title,
    titleEn: c.titleEn,
    enterprise: c.enterprise,
    status: effectiveNeedStatus(status, c.applicationDeadline, now),
    open: mayApply({ status, applicationDeadline: c.applicationDeadline }, [], now).ok,
    applicationDeadline: c.applicationDeadline.toISOString(),
    bountyType: bountyTypeOf(c.bountyType),
    bountyFen: toFenOrNull(c.bountyFen),
  };
}

/** The team's active application to a challenge (its one place), or null. */
export function findActiveApplication(db: Db | Tx, teamId: string, challengeId: string) {
  return db.application.findFirst({
    where: { challengeId, teamId, active: true },
    select: { id: true, status: true },
  });
}

/** What the form starts with for a new application: the team's institution and roster. */
export async function newApplicationDefaults(
  db: Db,
  teamId: string,
): Promise<Partial<ApplicationFormDefaults>> {
  const team = await db.organization.findUnique({
    where: { id: teamId },
    select: { institution: true, membersJson: true },
  });
  const members = parseMembers(team?.membersJson).map((m) => ({
    name: m.name,
    role: m.role,
    title: m.title ?? '',
  }));
  return {
    institution: team?.institution ?? '',
    members: members.length ? members.slice(0, 20) : [{ name: '', role: '', title: '' }],
  };
}

// ---------------------------------------------------------------------------------------------
// Changes

export type CreateResult =
  | { ok: true; id: string; status: ApplicationStatus }
  | { ok: false; error: 'notFound' | 'closed' }
  | { ok: false; error: 'alreadyActive'; existingId: string | null };

/**
 * A new application of the actor's team, as a draft or submitted (input.intent). Refused when
 * the challenge is not open (past its deadline counts, whether or not it has been closed yet)
 * or the team already holds an active application to it.
 */
export async function createApplication(
  db: Db,
  actor: Actor,
  challengeId: string,
  input: ApplicationInput,
  opts: { now?: Date; origin?: string } = {},
): Promise<CreateResult> {
  const now = opts.now ?? new Date();
  const submit = input.intent === 'submit';
  return thenDeliver(db, (queue) =>
    db
      .$transaction(async (tx): Promise<CreateResult> => {
        const c = await tx.challenge.findUnique({
          where: { id: challengeId },
          select: {
            id: true,
            code: true,
            status: true,
            applicationDeadline: true,
            enterpriseId: true,
          },
        });
        if (!c || !(PUBLIC_STATUSES as readonly string[]).includes(c.status))
          return { ok: false, error: 'notFound' };
        const existing = await tx.application.findMany({
          where: { challengeId, teamId: actor.organizationId },
          select: { id: true, status: true, active: true },
        });
        const decision = mayApply(
          { status: needStatus(c.status), applicationDeadline: c.applicationDeadline },
          existing.map((a) => appStatus(a.status)),
          now,
        );
        if (!decision.ok) {
          return decision.reason === 'closed'
            ? { ok: false, error: 'closed' }
            : {
                ok: false,
                error: 'alreadyActive',
                existingId: existing.find((a) => a.active)?.id ?? null,
              };
        }
        const status: ApplicationStatus = submit
          ? transitionApplication('DRAFT', 'submit', 'TEAM')
          : 'DRAFT';
        const app = await tx.application.create({
          data: {
            ...rowData(input),
            challengeId,
            teamId: actor.organizationId,
            status,
            active: true,
            submittedAt: submit ? now : null,
            createdAt: now,
          },
          select: { id: true },
        });
        await audit(tx, {
          actorId: actor.id,
          action: 'application.created',
          entityType: 'Application',
          entityId: app.id,
          data: { challengeId, code: c.code, status },
          at: now,
        });
        if (submit) {
          await audit(tx, {
            actorId: actor.id,
            action: 'application.submit',
            entityType: 'Application',
            entityId: app.id,
            data: { from: 'DRAFT', to: status },
            at: now,
          });
          queue(
            await notifyOrganization(tx, c.enterpriseId, {
              kind: 'applicationReceived',
              params: { code: c.code ?? '' },
              link: `/applications/${app.id}`,
              origin: opts.origin,
            }),
          );
        }
        return { ok: true, id: app.id, status };
      }, TX_OPTIONS)
      .catch(async (error): Promise<CreateResult> => {
        // another request of the same team took the one active place first
        if (!isUniqueViolation(error)) throw error;
        const active = await findActiveApplication(db, actor.organizationId, challengeId);
        return { ok: false, error: 'alreadyActive', existingId: active?.id ?? null };
      }),
  );
}

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

export type ChangeError = 'notFound' | 'notEditable' | 'closed' | 'invalid' | 'conflict';
export type ChangeResult = { ok: true } | { ok: false; error: ChangeError };

const refusal = (error: ChangeError) => ({ ok: false as const, error });

async function guarded(run: () => Promise<ChangeResult>): Promise<ChangeResult> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ConflictError) return refusal('conflict');
    throw error;
  }
}

/** Saves the form's text; the application keeps its status (a draft stays a draft). */
export async function updateApplication(
  db: Db,
  actor: Actor,
  id: string,
  input: ApplicationInput,
  opts: { now?: Date } = {},
): Promise<ChangeResult> {
  const now = opts.now ?? new Date();
  return guarded(() =>
    db.$transaction(async (tx) => {
      const app = await findOwnApplication(tx, actor, id);
      if (!app) return refusal('notFound');
      const decision = mayEdit(appStatus(app.status), challengeState(app), now);
      if (!decision.ok) return refusal(decision.reason === 'closed' ? 'closed' : 'notEditable');
      const updated = await tx.application.updateMany({
        where: {
          id,
          teamId: actor.organizationId,
          status: { in: [...EDITABLE_APPLICATION_STATUSES] },
        },
        data: rowData(input),
      });
      if (updated.count !== 1) return refusal('notEditable');
      await audit(tx, {
        actorId: actor.id,
        action: 'application.updated',
        entityType: 'Application',
        entityId: id,
        at: now,
      });
      return { ok: true };
    }, TX_OPTIONS),
  );
}

/** Sends a draft to the enterprise and the bureau, before the deadline. */
export async function submitApplication(
  db: Db,
  actor: Actor,
  id: string,
  opts: { now?: Date; origin?: string } = {},
): Promise<ChangeResult> {
  const now = opts.now ?? new Date();
  return thenDeliver(db, (queue) =>
    guarded(() =>
      db.$transaction(async (tx) => {
        const app = await findOwnApplication(tx, actor, id);
        if (!app) return refusal('notFound');
        const decision = maySubmit(appStatus(app.status), challengeState(app), now);
        if (!decision.ok) return refusal(decision.reason === 'closed' ? 'closed' : 'invalid');
        const to = transitionApplication(appStatus(app.status), 'submit', 'TEAM');
        const updated = await tx.application.updateMany({
          where: { id, teamId: actor.organizationId, status: app.status },
          data: { status: to, submittedAt: now },
        });
        if (updated.count !== 1) throw new ConflictError();
        await audit(tx, {
          actorId: actor.id,
          action: 'application.submit',
          entityType: 'Application',
          entityId: id,
          data: { from: app.status, to },
          at: now,
        });
        queue(
          await notifyOrganization(tx, app.challenge.enterpriseId, {
            kind: 'applicationReceived',
            params: { code: app.challenge.code ?? '' },
            link: `/applications/${id}`,
            origin: opts.origin,
          }),
        );
        return { ok: true as const };
      }, TX_OPTIONS),
    ),
  );
}

/**
 * Withdraws the application until it is decided: status WITHDRAWN and the active place freed
 * (active NULL) in one status-guarded update, so the team may apply again while the challenge
 * is open. The enterprise is told when the application had been submitted.
 */
export async function withdrawApplication(
  db: Db,
  actor: Actor,
  id: string,
  opts: { now?: Date; origin?: string } = {},
): Promise<ChangeResult> {
  const now = opts.now ?? new Date();
  return thenDeliver(db, (queue) =>
    guarded(() =>
      db.$transaction(async (tx) => {
        const app = await findOwnApplication(tx, actor, id);
        if (!app) return refusal('notFound');
        const from = appStatus(app.status);
        if (!mayWithdraw(from)) return refusal('invalid');
        const to = transitionApplication(from, 'withdraw', 'TEAM');
        const updated = await tx.application.updateMany({
          where: { id, teamId: actor.organizationId, status: from },
          data: { status: to, active: null },
        });
        if (updated.count !== 1) throw new ConflictError();
        await audit(tx, {
          actorId: actor.id,
          action: 'application.withdraw',
          entityType: 'Application',
          entityId: id,
          data: { from, to },
          at: now,
        });
        if (app.submittedAt) {
          queue(
            await notifyOrganization(tx, app.challenge.enterpriseId, {
              kind: 'applicationWithdrawn',
              params: { code: app.challenge.code ?? '' },
              link: `/needs/${app.challenge.id}/applications`,
              origin: opts.origin,
            }),
          );
        }
        return { ok: true as const };
      }, TX_OPTIONS),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Attachments: same types and size as a need's, changed only while the application is editable

export async function addApplicationAttachment(
  db: Db,
  actor: Actor,
  id: string,
  file: FormDataEntryValue | null,
  opts: { now?: Date } = {},
) {
  const now = opts.now ?? new Date();
  const app = await findOwnApplication(db, actor, id);
  if (!app) return { ok: false as const, error: 'notFound' as const };
  const decision = mayEdit(appStatus(app.status), challengeState(app), now);
  if (!decision.ok)
    return {
      ok: false as const,
      error: decision.reason === 'closed' ? 'closed' : 'notEditable',
    } as const;
  return db.$transaction(async (tx) => {
    const saved = await saveAttachment(tx, {
      ownerType: 'Application',
      ownerId: id,
      file,
      uploadedById: actor.id,
    });
    if (saved.ok) {
      await audit(tx, {
        actorId: actor.id,
        action: 'application.attachment_added',
        entityType: 'Application',
        entityId: id,
        data: { attachmentId: saved.attachment.id, name: saved.attachment.originalName },
      });
    }
    return saved;
  }, TX_OPTIONS);
}

export async function removeApplicationAttachment(
  db: Db,
  actor: Actor,
  id: string,
  attachmentId: string,
  opts: { now?: Date } = {},
): Promise<'ok' | 'notFound' | 'notEditable' | 'closed'> {
  const now = opts.now ?? new Date();
  const app = await findOwnApplication(db, actor, id);
  if (!app) return 'notFound';
  const decision = mayEdit(appStatus(app.status), challengeState(app), now);
  if (!decision.ok) return decision.reason === 'closed' ? 'closed' : 'notEditable';
  const removed = await db.$transaction(async (tx) => {
    const attachment = await tx.attachment.findFirst({
      where: { id: attachmentId, ownerType: 'Application', ownerId: id },
    });
    if (!attachment) return null;
    await tx.attachment.delete({ where: { id: attachment.id } });
    await audit(tx, {
      actorId: actor.id,
      action: 'application.attachment_removed',
      entityType: 'Application',
      entityId: id,
      data: { attachmentId, name: attachment.originalName },
    });
    return attachment;
  }, TX_OPTIONS);
  if (!removed) return 'notFound';
  await deleteStoredFile(removed.storedName);
  return 'ok';
}

// ---------------------------------------------------------------------------------------------
// Reading, per viewer

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The team's own applications, newest first, drafts and withdrawn ones included. */
export async function listForTeam(db: Db, teamId: string, now = new Date()) {
  const rows = await db.application.findMany({
    where: { teamId },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    take: 500,
    select: {
      id: true,
      status: true,
      submittedAt: true,
      updatedAt: true,
      challenge: {
        select: { code: true, title: true, titleEn: true, status: true, applicationDeadline: true },
      },
    },
  });
  return rows.map((a) => ({
    id: a.id,
    status: a.status,
    submittedAt: iso(a.submittedAt),
    updatedAt: a.updatedAt.toISOString(),
    challenge: {
      code: a.challenge.code ?? '',
      title: a.challenge.title,
      titleEn: a.challenge.titleEn,
      status: effectiveNeedStatus(
        needStatus(a.challenge.status),
        a.challenge.applicationDeadline,
        now,
      ),
      applicationDeadline: a.challenge.applicationDeadline.toISOString(),
    },
  }));
}

/**
 * The applications to one of the enterprise's own challenges (submitted ones: drafts are the
 * teams'), or null when the challenge is not the enterprise's.
 */
export async function listForChallengeOwner(
  db: Db,
  enterpriseOrgId: string,
  challengeId: string,
  now = new Date(),
) {
  const c = await db.challenge.findFirst({
    where: { id: challengeId, enterpriseId: enterpriseOrgId },
    select: {
      id: true,
      ref: true,
      code: true,
      title: true,
      status: true,
      applicationDeadline: true,
      bountyType: true,
      bountyFen: true,
    },
  });
  if (!c) return null;
  const rows = await db.application.findMany({
    where: { challengeId, submittedAt: { not: null } },
    orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      status: true,
      submittedAt: true,
      institution: true,
      budgetFen: true,
      requestedFen: true,
      membersJson: true,
      team: { select: { name: true, nameEn: true, institution: true } },
    },
  });
  return {
    challenge: {
      id: c.id,
      ref: c.ref,
      code: c.code,
      title: c.title,
      status: effectiveNeedStatus(needStatus(c.status), c.applicationDeadline, now),
      applicationDeadline: c.applicationDeadline.toISOString(),
      bountyType: bountyTypeOf(c.bountyType),
      bountyFen: toFenOrNull(c.bountyFen),
    },
    applications: rows.map((a) => ({
      id: a.id,
      status: a.status,
      submittedAt: iso(a.submittedAt),
      team: a.team,
      institution: a.institution ?? a.team.institution,
      budgetFen: toFenOrNull(a.budgetFen),
      requestedFen: toFenOrNull(a.requestedFen),
      memberCount: parseMembers(a.membersJson).length,
    })),
  };
}

/** The applications a reviewer (or admin) is assigned to review, recused ones marked. */
export async function listAssignedToReviewer(db: Db, userId: string) {
  const rows = await db.reviewAssignment.findMany({
    where: { reviewerId: userId, application: { submittedAt: { not: null } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 500,
    select: {
      recusedAt: true,
      submittedAt: true,
      application: {
        select: {
          id: true,
          status: true,
          team: { select: { name: true, nameEn: true } },
          challenge: { select: { code: true, title: true, titleEn: true } },
        },
      },
    },
  });
  return rows.map((r) => ({
    id: r.application.id,
    status: r.application.status,
    team: r.application.team,
    challenge: { ...r.application.challenge, code: r.application.challenge.code ?? '' },
    recused: r.recusedAt !== null,
    scored: r.submittedAt !== null,
  }));
}

/**
 * An application as the viewer may see it, or null when the viewer may not (another team's,
 * another enterprise's, a reviewer not assigned to it, a draft for anyone but its team, the
 * public): the caller answers 404 either way.
 */
export async function getApplicationFor(
  db: Db,
  viewer: ApplicationViewer,
  id: string,
  now = new Date(),
) {
  if (!viewer) return null;
  const a = await db.application.findUnique({
    where: { id },
    select: {
      id: true,
      status: true,
      teamId: true,
      institution: true,
      approach: true,
      schedule: true,
      budgetFen: true,
      requestedFen: true,
      membersJson: true,
      submittedAt: true,
      decidedAt: true,
      createdAt: true,
      updatedAt: true,
      team: { select: { name: true, nameEn: true, institution: true, country: true } },
      challenge: {
        select: {
          id: true,
          code: true,
          title: true,
          titleEn: true,
          status: true,
          applicationDeadline: true,
          bountyType: true,
          bountyFen: true,
          enterpriseId: true,
          enterprise: { select: { name: true, nameEn: true } },
        },
      },
      assignments: { where: { reviewerId: viewer.userId }, select: { id: true } },
    },
  });
  if (!a) return null;
  const visible = maySeeApplication(viewer, {
    teamId: a.teamId,
    enterpriseId: a.challenge.enterpriseId,
    submitted: a.submittedAt !== null,
    assignedToViewer: a.assignments.length > 0,
  });
  if (!visible) return null;
  const attachments = await db.attachment.findMany({
    where: { ownerType: 'Application', ownerId: id },
    orderBy: { createdAt: 'asc' },
    select: { id: true, originalName: true, sizeBytes: true },
  });
  const status = appStatus(a.status);
  const state = {
    status: needStatus(a.challenge.status),
    applicationDeadline: a.challenge.applicationDeadline,
  };
  const ownTeam = viewer.role === 'TEAM' && viewer.organizationId === a.teamId;
  return {
    id: a.id,
    status,
    institution: a.institution,
    approach: a.approach,
    schedule: a.schedule,
    budgetFen: toFenOrNull(a.budgetFen),
    requestedFen: toFenOrNull(a.requestedFen),
    members: parseMembers(a.membersJson),
    submittedAt: iso(a.submittedAt),
    decidedAt: iso(a.decidedAt),
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    team: a.team,
    challenge: {
      id: a.challenge.id,
      code: a.challenge.code ?? '',
      title: a.challenge.title,
      titleEn: a.challenge.titleEn,
      status: effectiveNeedStatus(state.status, state.applicationDeadline, now),
      applicationDeadline: a.challenge.applicationDeadline.toISOString(),
      bountyType: bountyTypeOf(a.challenge.bountyType),
      bountyFen: toFenOrNull(a.challenge.bountyFen),
      enterprise: a.challenge.enterprise,
    },
    attachments,
    // what the page offers: team actions for the team's own members only
    own: ownTeam,
    ownerEnterprise: viewer.role === 'ENTERPRISE',
    editable: ownTeam && mayEdit(status, state, now).ok,
    canSubmit: ownTeam && maySubmit(status, state, now).ok,
    canWithdraw: ownTeam && mayWithdraw(status),
    decided: isDecided(status),
  };
}

/** The edit form's values from a stored application. */
export function applicationFormDefaults(a: {
  institution: string | null;
  approach: string;
  schedule: string;
  budgetFen: number | null;
  requestedFen: number | null;
  members: { name: string; role: string; title?: string | null }[];
}): ApplicationFormDefaults {
  return {
    institution: a.institution ?? '',
    approach: a.approach,
    schedule: a.schedule,
    budgetWan: fenToWanInput(a.budgetFen),
    requestedWan: fenToWanInput(a.requestedFen),
    members: a.members.map((m) => ({ name: m.name, role: m.role, title: m.title ?? '' })),
  };
}
