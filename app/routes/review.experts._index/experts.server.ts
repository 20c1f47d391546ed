// The bureau's experts desk: each expert's load (assigned, done, overdue), and for the expert
// chosen, their open reviews (to move to another expert or give a new due date) and the
// applications under review they could take on (with a conflict of interest flagged).
import { detectConflict, isOpenForReview, OPEN_REVIEW_STATUSES } from '~/domain/evaluation';
import { assignmentLoad, dueDayAfter, isOverdue, MAX_BULK_ITEMS } from '~/domain/review-due';
import { STAFF_ROLES } from '~/domain/roles';
import { shanghaiDateString } from '~/domain/shanghai-date';
import type { ExpertDeskInput } from '~/forms/review-due';
import type { Db } from '~/lib/db.server';
import { bulkAssign, bulkReassign, changeDueDates } from '~/services/evaluation/due-dates.server';
import {
  applicantProfile,
  applicantSelect,
  evaluationStatus,
  type Opts,
} from '~/services/evaluation/shared.server';
import type { Actor } from '~/services/kernel/actor';
import { parseShanghaiDate } from '~/domain/shanghai-date';

const challengeRef = {
  code: true,
  title: true,
  titleEn: true,
  status: true,
  applicationDeadline: true,
} as const;

export async function expertsDesk(db: Db, selectedId: string | null, now = new Date()) {
  const experts = await db.user.findMany({
    where: { role: { in: [...STAFF_ROLES] }, disabledAt: null },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: 500,
    select: { id: true, name: true, affiliation: true, organizationId: true },
  });
  const load = await loadOf(
    db,
    experts.map((e) => e.id),
    now,
  );
  const selected = selectedId
    ? await db.user.findFirst({
        where: { id: selectedId, role: { in: [...STAFF_ROLES] }, disabledAt: null },
        select: { id: true, name: true, affiliation: true, organizationId: true },
      })
    : null;
  return {
    defaultDueDate: shanghaiDateString(dueDayAfter(now)),
    experts: experts.map((e) => ({
      id: e.id,
      name: e.name,
      affiliation: e.affiliation,
      ...(load.get(e.id) ?? { assigned: 0, done: 0, overdue: 0 }),
    })),
    selected: selected
      ? {
          id: selected.id,
          name: selected.name,
          ...(await expertWork(db, selected, now)),
        }
      : null,
  };
}

/** The load (assigned, done, overdue) of each of the given experts who has assignments. */
export async function loadOf(db: Db, expertIds: readonly string[], now: Date) {
  const assignments = await db.reviewAssignment.findMany({
    where: { reviewerId: { in: [...expertIds] } },
    select: {
      reviewerId: true,
      dueAt: true,
      submittedAt: true,
      recusedAt: true,
      application: { select: { status: true, challenge: { select: challengeRef } } },
    },
  });
  return assignmentLoad(
    assignments.map((a) => ({
      ...a,
      open:
        isOpenForReview(a.application.status) &&
        evaluationStatus(a.application.challenge, now) === 'CLOSED',
    })),
    now,
  );
}

/** The expert's open reviews and the applications under review they do not have. */
async function expertWork(
  db: Db,
  expert: { id: string; affiliation: string | null; organizationId: string },
  now: Date,
) {
  const mine = await db.reviewAssignment.findMany({
    where: {
      reviewerId: expert.id,
      submittedAt: null,
      recusedAt: null,
      application: { status: { in: [...OPEN_REVIEW_STATUSES] } },
    },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    take: MAX_BULK_ITEMS,
    select: {
      id: true,
      dueAt: true,
      submittedAt: true,
      recusedAt: true,
      application: {
        select: {
          status: true,
          team: { select: { name: true, nameEn: true } },
          challenge: { select: challengeRef },
        },
      },
    },
  });
  const candidates = await db.application.findMany({
    where: {
      status: { in: [...OPEN_REVIEW_STATUSES] },
      // closed, or still published past its deadline (evaluationStatus below decides)
      challenge: {
        OR: [{ status: 'CLOSED' }, { status: 'PUBLISHED', applicationDeadline: { lte: now } }],
      },
      assignments: { none: { reviewerId: expert.id } },
    },
    orderBy: [{ challengeId: 'asc' }, { id: 'asc' }],
    take: MAX_BULK_ITEMS,
    select: {
      id: true,
      status: true,
      ...applicantSelect,
      team: { select: { name: true, nameEn: true, institution: true } },
      challenge: {
        select: { ...challengeRef, enterpriseId: true, enterprise: { select: { name: true } } },
      },
    },
  });
  const open = mine.filter((a) => evaluationStatus(a.application.challenge, now) === 'CLOSED');
  return {
    open: open.map((a) => ({
      id: a.id,
      code: a.application.challenge.code ?? '',
      title: a.application.challenge.title,
      titleEn: a.application.challenge.titleEn,
      team: a.application.team.name,
      teamEn: a.application.team.nameEn,
      dueDate: shanghaiDateString(a.dueAt),
      overdue: isOverdue({ ...a, open: true }, now),
    })),
    assignable: candidates
      .filter((a) => evaluationStatus(a.challenge, now) === 'CLOSED')
      .map((a) => ({
        id: a.id,
        code: a.challenge.code ?? '',
        title: a.challenge.title,
        titleEn: a.challenge.titleEn,
        team: a.team.name,
        teamEn: a.team.nameEn,
        conflict: detectConflict(expert, applicantProfile(a)),
      })),
  };
}

export type ExpertsDone = {
  done: 'assigned' | 'reassigned' | 'redated';
  values: { applied: number; refused: number; conflicts: number };
};

/** Runs one intent of the experts desk; the notice counts what went ahead and what not. */
export async function runExpertsIntent(
  db: Db,
  actor: Actor,
  input: ExpertDeskInput,
  opts: Opts = {},
) {
  // the form's schema accepted only real days
  const dueAt = parseShanghaiDate(input.dueDate)!;
  const r =
    input.intent === 'assignMany'
      ? await bulkAssign(
          db,
          actor,
          { expertId: input.expertId, applicationIds: input.applicationIds, dueAt },
          opts,
        )
      : input.intent === 'reassign'
        ? await bulkReassign(
            db,
            actor,
            { assignmentIds: input.assignmentIds, toExpertId: input.toExpertId, dueAt },
            opts,
          )
        : await changeDueDates(db, actor, { assignmentIds: input.assignmentIds, dueAt }, opts);
  if (!r.ok) return r;
  const done: ExpertsDone['done'] =
    input.intent === 'assignMany'
      ? 'assigned'
      : input.intent === 'reassign'
        ? 'reassigned'
        : 'redated';
  return {
    ok: true as const,
    done,
    values: {
      applied: r.applied,
      refused: r.refused,
      conflicts: r.items.filter((i) => i.reason === 'conflict').length,
    },
  };
}
