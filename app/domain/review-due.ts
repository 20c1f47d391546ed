/**
 * Due dates of expert review assignments (issue #16.3): the bounds of a due date, each
 * expert's load (assigned, done, overdue), which reminder is due, and the plans of the bulk
 * actions, with the conflict-of-interest rule applied to every pair. Pure rules, no I/O: the
 * services in app/services/evaluation/due-dates.server.ts and reminders.server.ts apply them
 * (docs/decisions/028-review-due-dates.md).
 *
 * A due date is a calendar day in Asia/Shanghai, stored as the instant that day starts (as
 * every "day" of the platform is, shanghai-date.ts): due on 2021-09-10 means the review may be
 * submitted until 2021-09-10 24:00, and it is overdue from 2021-09-11 00:00.
 */
import { detectConflict, type ApplicantProfile, type ConflictReason } from './evaluation';
import { assertValidDate, startOfNextShanghaiDay, startOfShanghaiDay } from './shanghai-date';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The due date a form proposes: two weeks from today. */
export const DEFAULT_DUE_DAYS = 14;
/** The furthest a due date may lie: a review that takes longer is not a review. */
export const MAX_DUE_DAYS = 90;
/** The first reminder goes out this many days before the due day (the second on the day). */
export const DEFAULT_REMINDER_DAYS = 3;
/** The most assignments or applications one bulk action takes (a form, a request, a lock set). */
export const MAX_BULK_ITEMS = 200;

/** Days since the epoch in Shanghai: equal for two instants of the same Shanghai day. */
function dayIndex(date: Date): number {
  return Math.round(startOfShanghaiDay(date).getTime() / DAY_MS);
}

/** The Shanghai day `days` days after the day of `now`, as its start. */
export function dueDayAfter(now: Date, days: number = DEFAULT_DUE_DAYS): Date {
  assertValidDate(now, 'now');
  return startOfShanghaiDay(new Date(now.getTime() + days * DAY_MS));
}

export type DueDateRefusal = 'invalid' | 'past' | 'tooFar';

/**
 * Whether `dueAt` may be set now: a real date, today at the earliest (a review due today is
 * still possible), at most `maxDays` days ahead.
 */
export function dueDateRefusal(
  dueAt: Date,
  now: Date,
  maxDays: number = MAX_DUE_DAYS,
): DueDateRefusal | null {
  if (!(dueAt instanceof Date) || Number.isNaN(dueAt.getTime())) return 'invalid';
  assertValidDate(now, 'now');
  const days = dayIndex(dueAt) - dayIndex(now);
  if (days < 0) return 'past';
  if (days > maxDays) return 'tooFar';
  return null;
}

/** What the load and the reminders need of an assignment. */
export type DueAssignment = {
  dueAt: Date;
  submittedAt: Date | null;
  recusedAt: Date | null;
  /** the application is still under review on a closed challenge (nothing to do otherwise) */
  open: boolean;
};

/** Past its due day, still open and not submitted. */
export function isOverdue(a: DueAssignment, now: Date): boolean {
  return (
    a.open &&
    a.recusedAt === null &&
    a.submittedAt === null &&
    now.getTime() >= startOfNextShanghaiDay(a.dueAt).getTime()
  );
}

export type Load = { assigned: number; done: number; overdue: number };

/**
 * Each expert's load: `assigned` counts every assignment the expert has not been recused
 * from, `done` the submitted ones, `overdue` the open ones past their due day. Experts
 * without assignments are absent.
 */
export function assignmentLoad(
  assignments: readonly (DueAssignment & { reviewerId: string })[],
  now: Date,
): Map<string, Load> {
  const load = new Map<string, Load>();
  for (const a of assignments) {
    if (a.recusedAt !== null) continue;
    const row = load.get(a.reviewerId) ?? { assigned: 0, done: 0, overdue: 0 };
    row.assigned++;
    if (a.submittedAt !== null) row.done++;
    else if (isOverdue(a, now)) row.overdue++;
    load.set(a.reviewerId, row);
  }
  return load;
}

export const REMINDER_KINDS = ['before', 'due'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/**
 * The reminder due now, if any: `due` on the due day, `before` on the `daysBefore` days
 * before it. Nothing once the day has passed (the desk shows it overdue), nor for a review
 * submitted, recused or no longer open.
 */
export function reminderDue(
  a: DueAssignment,
  now: Date,
  daysBefore: number = DEFAULT_REMINDER_DAYS,
): ReminderKind | null {
  if (!a.open || a.recusedAt !== null || a.submittedAt !== null) return null;
  const days = dayIndex(a.dueAt) - dayIndex(now);
  if (days === 0) return 'due';
  if (days > 0 && days <= daysBefore) return 'before';
  return null;
}

/** The window the reminder job reads: due days from today to `daysBefore` days ahead. */
export function reminderWindow(now: Date, daysBefore: number = DEFAULT_REMINDER_DAYS) {
  const from = startOfShanghaiDay(now);
  return { from, to: new Date(from.getTime() + (daysBefore + 1) * DAY_MS) };
}

/* Bulk actions */

export type BulkListRefusal = 'empty' | 'tooMany';

/** The ids of a bulk action, each once, in the order given; at least one, at most the bound. */
export function bulkIds(
  ids: readonly string[],
  max: number = MAX_BULK_ITEMS,
): { ok: true; ids: string[] } | { ok: false; error: BulkListRefusal } {
  // counted before de-duplication: 10,000 copies of one id are 10,000 items sent
  if (ids.length > max) return { ok: false, error: 'tooMany' };
  const unique = [...new Set(ids)];
  if (unique.length === 0) return { ok: false, error: 'empty' };
  return { ok: true, ids: unique };
}

/** Why one item of a bulk action was left alone. */
export type ItemRefusal =
  | { reason: 'conflict'; conflict: ConflictReason }
  | { reason: 'alreadyAssigned' }
  | { reason: 'notOpen' }
  | { reason: 'started' }
  | { reason: 'sameExpert' }
  | { reason: 'notFound' };

export type Planned<T> = { item: T; refusal: ItemRefusal | null };

export type Expert = { id: string; affiliation: string | null; organizationId: string };

/** What both plans know of an application: whether it is still under review, and its team. */
type PairItem = { open: boolean; applicant: ApplicantProfile };

/** The last check of giving an expert an application: not already on it, and no conflict. */
function pairRefusal(
  expert: Expert,
  reviewerIds: readonly string[],
  applicant: ApplicantProfile,
): ItemRefusal | null {
  if (reviewerIds.includes(expert.id)) return { reason: 'alreadyAssigned' };
  const conflict = detectConflict(expert, applicant);
  return conflict ? { reason: 'conflict', conflict } : null;
}

/**
 * Assigning one expert to many applications: each pair is checked on its own. A pair with a
 * conflict of interest is refused with its reason (never assigned), as is an application the
 * expert already has or one no longer under review; the others go ahead.
 */
export function planBulkAssign<T extends PairItem & { id: string; reviewerIds: readonly string[] }>(
  expert: Expert,
  applications: readonly T[],
): Planned<T>[] {
  return applications.map((item) => {
    if (!item.open) return { item, refusal: { reason: 'notOpen' } };
    return { item, refusal: pairRefusal(expert, item.reviewerIds, item.applicant) };
  });
}

/**
 * Moving assignments to another expert: only an assignment nobody has started on (no scores,
 * not submitted, not recused) of an application still under review moves, and only to an
 * expert without a conflict with that application and not already assigned to it.
 */
export function planReassign<
  T extends PairItem & {
    reviewerId: string;
    started: boolean;
    recused: boolean;
    otherReviewerIds: readonly string[];
  },
>(target: Expert, assignments: readonly T[]): Planned<T>[] {
  return assignments.map((item) => {
    if (item.reviewerId === target.id) return { item, refusal: { reason: 'sameExpert' } };
    if (!item.open) return { item, refusal: { reason: 'notOpen' } };
    if (item.started || item.recused) return { item, refusal: { reason: 'started' } };
    return { item, refusal: pairRefusal(target, item.otherReviewerIds, item.applicant) };
  });
}

/** How many items of a plan go ahead and how many were refused, by reason. */
export function planSummary(plan: readonly Planned<unknown>[]) {
  const refused: Partial<Record<ItemRefusal['reason'], number>> = {};
  let applied = 0;
  for (const p of plan) {
    if (p.refusal === null) applied++;
    else refused[p.refusal.reason] = (refused[p.refusal.reason] ?? 0) + 1;
  }
  return { applied, refused: plan.length - applied, byReason: refused };
}
