// Due dates of review assignments (docs/decisions/028-review-due-dates.md): the bureau assigns
// one expert to many applications, moves assignments from one expert to another, or changes
// due dates, each as one command over every challenge involved (the reminders are in
// reminders.server.ts).
import { isOpenForReview } from '~/domain/evaluation';
import {
  bulkIds,
  dueDateRefusal,
  planBulkAssign,
  planReassign,
  planSummary,
  type Planned,
} from '~/domain/review-due';
import { isStaffRole, STAFF_ROLES } from '~/domain/roles';
import { shanghaiDateString } from '~/domain/shanghai-date';
import type { Db, Tx } from '~/lib/db.server';
import type { Actor } from '~/services/kernel/actor';
import { command, type Context } from '~/services/kernel/command.server';
import { lockChallenge } from '~/services/kernel/locks.server';
import type { Notice } from '~/services/kernel/notify.server';
import { ensureCriteria } from './criteria.server';
import {
  applicantProfile,
  applicantSelect,
  assignmentOpen,
  challengeState,
  ERRORS,
  evaluationStatus,
  pendingReevaluation,
  refuse,
  refusalOf,
  type Opts,
} from './shared.server';

/** Refuses a due date out of bounds, naming the form's field. */
export function checkDueDate(dueAt: Date, now: Date) {
  const error = dueDateRefusal(dueAt, now);
  if (error === 'past') refuse('duePast', { field: 'dueDate' });
  if (error === 'tooFar') refuse('dueTooFar', { field: 'dueDate' });
  if (error === 'invalid') refuse('dueInvalid', { field: 'dueDate' });
}

/** The checks made before any transaction: a staff caller, a bounded list, a due date. */
function precheck(actor: Actor, ids: readonly string[], field: string) {
  if (!isStaffRole(actor.role)) return { refusal: refusalOf('staffOnly') };
  const list = bulkIds(ids);
  if (!list.ok)
    return { refusal: refusalOf(list.error === 'empty' ? 'bulkEmpty' : 'bulkTooMany', { field }) };
  return { ids: list.ids };
}

/**
 * The command over several challenges: each is locked, in id order so that two bulk actions
 * never wait on each other in a circle (every other command locks a single challenge).
 */
function onChallenges(actor: Actor, challengeIds: readonly string[]) {
  const sorted = [...new Set(challengeIds)].sort();
  return {
    errors: ERRORS,
    actor,
    lock: async (tx: Tx) => {
      for (const id of sorted) await lockChallenge(tx, id);
    },
  };
}

/** What an assignment reads of an expert: the conflict-of-interest check's side. */
const expertSelect = { id: true, affiliation: true, organizationId: true } as const;

/** An active member of the bureau who may review; refuses `invalidReviewer` otherwise. */
async function expertOf(tx: Tx, id: string, field: string) {
  const expert = await tx.user.findFirst({
    where: { id, role: { in: [...STAFF_ROLES] }, disabledAt: null },
    select: expertSelect,
  });
  if (!expert) refuse('invalidReviewer', { field });
  return expert;
}

/**
 * The experts `ids` (distinct), each an active member of the bureau who may review; refuses
 * `invalidReviewer` on the form's `reviewerIds` otherwise.
 */
export async function expertsOf(tx: Tx, ids: readonly string[]) {
  const experts = await tx.user.findMany({
    where: { id: { in: [...ids] }, role: { in: [...STAFF_ROLES] }, disabledAt: null },
    select: expertSelect,
  });
  if (experts.length !== ids.length) refuse('invalidReviewer', { field: 'reviewerIds' });
  return experts;
}

export type BulkOutcome = {
  applied: number;
  refused: number;
  /** each refused item with its reason (a conflict of interest names its kind) */
  items: { id: string; reason: string; conflict?: string }[];
};

/** A plan's outcome as the page shows it: counts, and each refused item with its reason. */
function bulkOutcome(plan: Planned<{ id: string }>[]): BulkOutcome {
  const summary = planSummary(plan);
  return {
    applied: summary.applied,
    refused: summary.refused,
    items: plan
      .filter((p) => p.refusal !== null)
      .map((p) => ({
        id: p.item.id,
        reason: p.refusal!.reason,
        ...(p.refusal!.reason === 'conflict' ? { conflict: p.refusal!.conflict } : {}),
      })),
  };
}

/** Tells the expert once how many assignments an action gave them, and by when. */
async function tellAssigned(
  notifyUsers: (userIds: readonly string[], n: Notice) => Promise<void>,
  expertId: string,
  outcome: BulkOutcome,
  dueAt: Date,
  origin: Opts['origin'],
) {
  if (outcome.applied > 0)
    await notifyUsers([expertId], {
      kind: 'reviewAssignedMany',
      params: { count: String(outcome.applied), due: shanghaiDateString(dueAt) },
      link: '/review/assignments',
      origin,
    });
}

/** Whether an application may still get or change assignments: under review, scoring open. */
export function openForReview(
  application: { status: string; challenge: { status: string; applicationDeadline: Date } },
  now: Date,
) {
  return (
    isOpenForReview(application.status) && evaluationStatus(application.challenge, now) === 'CLOSED'
  );
}

/**
 * Assigns one expert to many applications with one due date. Every pair is checked against
 * the conflict-of-interest rule: a pair with a conflict is refused with its reason, as is an
 * application the expert already has or one no longer under review; the rest are assigned,
 * all under the locks of their challenges, so a parallel action sees either all or none of it.
 * An unknown application refuses the whole action.
 */
export async function bulkAssign(
  db: Db,
  actor: Actor,
  input: { expertId: string; applicationIds: readonly string[]; dueAt: Date },
  opts: Opts = {},
) {
  const now = opts.now ?? new Date();
  const pre = precheck(actor, input.applicationIds, 'applicationIds');
  if (pre.refusal) return pre.refusal;
  const roots = await db.application.findMany({
    where: { id: { in: pre.ids } },
    select: { challengeId: true },
  });
  if (roots.length !== pre.ids.length) return refusalOf('notFound', { field: 'applicationIds' });
  return command(
    db,
    onChallenges(
      actor,
      roots.map((r) => r.challengeId),
    ),
    async ({ tx, audit, notifyUsers }): Promise<BulkOutcome> => {
      checkDueDate(input.dueAt, now);
      const expert = await expertOf(tx, input.expertId, 'expertId');
      const applications = await tx.application.findMany({
        where: { id: { in: pre.ids } },
        select: {
          id: true,
          challengeId: true,
          status: true,
          ...applicantSelect,
          challenge: { select: { ...applicantSelect.challenge.select, ...challengeState } },
          assignments: { select: { reviewerId: true } },
        },
      });
      const plan = planBulkAssign(
        expert,
        applications.map((a) => ({
          id: a.id,
          challengeId: a.challengeId,
          open: openForReview(a, now),
          reviewerIds: a.assignments.map((s) => s.reviewerId),
          applicant: applicantProfile(a),
        })),
      );
      const criteriaSet = new Set<string>();
      for (const { item, refusal } of plan) {
        if (refusal) continue;
        if (!criteriaSet.has(item.challengeId)) {
          await ensureCriteria(tx, item.challengeId);
          criteriaSet.add(item.challengeId);
        }
        await tx.reviewAssignment.create({
          data: {
            applicationId: item.id,
            reviewerId: expert.id,
            createdAt: now,
            dueAt: input.dueAt,
          },
        });
        await audit({
          action: 'review.assigned',
          entityType: 'Application',
          entityId: item.id,
          data: { reviewerId: expert.id, dueAt: input.dueAt.toISOString(), bulk: true },
        });
      }
      const outcome = bulkOutcome(plan);
      await tellAssigned(notifyUsers, expert.id, outcome, input.dueAt, opts.origin);
      return outcome;
    },
  );
}

/** What a bulk action on existing assignments reads of each. */
const assignmentState = {
  id: true,
  round: true,
  reviewerId: true,
  applicationId: true,
  submittedAt: true,
  recusedAt: true,
  _count: { select: { scores: true } },
  application: {
    select: {
      status: true,
      ...applicantSelect,
      challenge: { select: { ...applicantSelect.challenge.select, ...challengeState } },
      assignments: { select: { reviewerId: true } },
      appeals: pendingReevaluation,
    },
  },
} as const;

/** The assignments a bulk action works on, as read under the locks of their challenges. */
function readAssignments(tx: Tx, ids: string[]) {
  return tx.reviewAssignment.findMany({ where: { id: { in: ids } }, select: assignmentState });
}
type AssignmentRow = Awaited<ReturnType<typeof readAssignments>>[number];

/** The challenges of the given assignments (they never change), or null when one is unknown. */
async function challengesOfAssignments(db: Db, ids: readonly string[]) {
  const rows = await db.reviewAssignment.findMany({
    where: { id: { in: [...ids] } },
    select: { application: { select: { challengeId: true } } },
  });
  return rows.length === ids.length ? rows.map((r) => r.application.challengeId) : null;
}

/**
 * A bulk action on existing assignments: the checks before any transaction, then one command
 * under the locks of their challenges, which refuses a due date out of bounds before `work`
 * gets the assignments as they are under those locks.
 */
async function onAssignments(
  db: Db,
  actor: Actor,
  input: { assignmentIds: readonly string[]; dueAt: Date },
  now: Date,
  work: (ctx: Context, rows: AssignmentRow[]) => Promise<BulkOutcome>,
) {
  const pre = precheck(actor, input.assignmentIds, 'assignmentIds');
  if (pre.refusal) return pre.refusal;
  const challenges = await challengesOfAssignments(db, pre.ids);
  if (!challenges) return refusalOf('notFound', { field: 'assignmentIds' });
  return command(db, onChallenges(actor, challenges), async (ctx): Promise<BulkOutcome> => {
    checkDueDate(input.dueAt, now);
    return work(ctx, await readAssignments(ctx.tx, pre.ids));
  });
}

/**
 * Moves assignments to another expert with a new due date. Only an assignment nobody has
 * started on moves, and only to an expert without a conflict of interest with the
 * application and not already assigned to it; each move is audited, and the new expert told.
 */
export async function bulkReassign(
  db: Db,
  actor: Actor,
  input: { assignmentIds: readonly string[]; toExpertId: string; dueAt: Date },
  opts: Opts = {},
) {
  const now = opts.now ?? new Date();
  return onAssignments(
    db,
    actor,
    input,
    now,
    async ({ tx, audit, notifyUsers }, rows): Promise<BulkOutcome> => {
      const target = await expertOf(tx, input.toExpertId, 'toExpertId');
      const plan = planReassign(
        target,
        rows.map((r) => ({
          id: r.id,
          applicationId: r.applicationId,
          reviewerId: r.reviewerId,
          open: assignmentOpen(r, now),
          started: r.submittedAt !== null || r._count.scores > 0,
          recused: r.recusedAt !== null,
          otherReviewerIds: r.application.assignments.map((s) => s.reviewerId),
          applicant: applicantProfile(r.application),
        })),
      );
      for (const { item, refusal } of plan) {
        if (refusal) continue;
        // the challenge's lock is held: the assignment is as read
        await tx.reviewAssignment.update({
          where: { id: item.id },
          data: { reviewerId: target.id, dueAt: input.dueAt, createdAt: now },
        });
        // the new expert gets the reminders of the new date
        await tx.assignmentReminder.deleteMany({ where: { assignmentId: item.id } });
        await audit({
          action: 'review.reassigned',
          entityType: 'Application',
          entityId: item.applicationId,
          data: {
            assignmentId: item.id,
            from: item.reviewerId,
            to: target.id,
            dueAt: input.dueAt.toISOString(),
          },
        });
      }
      const outcome = bulkOutcome(plan);
      await tellAssigned(notifyUsers, target.id, outcome, input.dueAt, opts.origin);
      return outcome;
    },
  );
}

/**
 * Sets a new due date on assignments still open and not submitted; the others are refused
 * item by item. The reminders start again for the new date.
 */
export async function changeDueDates(
  db: Db,
  actor: Actor,
  input: { assignmentIds: readonly string[]; dueAt: Date },
  opts: Opts = {},
) {
  const now = opts.now ?? new Date();
  return onAssignments(db, actor, input, now, async ({ tx, audit }, rows): Promise<BulkOutcome> => {
    const plan: Planned<AssignmentRow>[] = rows.map((item) => ({
      item,
      refusal: !assignmentOpen(item, now)
        ? { reason: 'notOpen' }
        : item.submittedAt !== null || item.recusedAt !== null
          ? { reason: 'started' }
          : null,
    }));
    for (const { item, refusal } of plan) {
      if (refusal) continue;
      await tx.reviewAssignment.update({ where: { id: item.id }, data: { dueAt: input.dueAt } });
      await tx.assignmentReminder.deleteMany({ where: { assignmentId: item.id } });
      await audit({
        action: 'review.due_changed',
        entityType: 'Application',
        entityId: item.applicationId,
        data: { assignmentId: item.id, dueAt: input.dueAt.toISOString() },
      });
    }
    return bulkOutcome(plan);
  });
}
