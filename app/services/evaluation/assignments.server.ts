// Reviewer assignments: every application still under review gets the chosen reviewers, each
// checked for a conflict of interest; an assignment nobody has started on can be taken back.
import { OPEN_REVIEW_STATUSES } from '~/domain/evaluation';
import { dueDayAfter } from '~/domain/review-due';
import type { Db } from '~/lib/db.server';
import type { Actor } from '~/services/kernel/actor';
import { command } from '~/services/kernel/command.server';
import { ensureCriteria } from './criteria.server';
import { checkDueDate, expertsOf } from './due-dates.server';
import {
  applicantProfile,
  applicantSelect,
  challengeState,
  evaluationStatus,
  onChallenge,
  refuse,
  type Opts,
} from './shared.server';
import { createAssignment } from './steps.server';

/**
 * Assigns reviewers to every application still under review. A reviewer with a conflict of
 * interest with an application is assigned and recused at once, with the reason, so the
 * desk shows the flag and the averages leave the reviewer out. Each review is due on
 * `opts.dueAt` (by default two weeks from today).
 */
export async function assignReviewers(
  db: Db,
  actor: Actor,
  challengeId: string,
  reviewerIds: string[],
  opts: Opts & { dueAt?: Date } = {},
) {
  const now = opts.now ?? new Date();
  const dueAt = opts.dueAt ?? dueDayAfter(now);
  const wanted = [...new Set(reviewerIds)];
  return command(db, onChallenge(actor, challengeId), async ({ tx, audit, notifyUsers }) => {
    checkDueDate(dueAt, now);
    const challenge = await tx.challenge.findUniqueOrThrow({
      where: { id: challengeId },
      select: challengeState,
    });
    if (evaluationStatus(challenge, now) !== 'CLOSED') refuse('notClosed');
    const reviewers = await expertsOf(tx, wanted);
    const applications = await tx.application.findMany({
      where: {
        challengeId,
        status: { in: [...OPEN_REVIEW_STATUSES] },
        // a reopened application's re-evaluation has its own experts (appeal-remedies.server.ts)
        appeals: { none: { reopenedAt: { not: null } } },
      },
      select: { id: true, ...applicantSelect, assignments: { select: { reviewerId: true } } },
    });
    if (applications.length === 0) refuse('noApplications');
    await ensureCriteria(tx, challengeId);
    let created = 0;
    let recused = 0;
    const toNotify = new Set<string>();
    for (const a of applications) {
      const already = new Set(a.assignments.map((s) => s.reviewerId));
      for (const r of reviewers) {
        if (already.has(r.id)) continue;
        const conflict = await createAssignment(tx, {
          applicationId: a.id,
          expert: r,
          applicant: applicantProfile(a),
          now,
          dueAt,
        });
        created++;
        if (conflict) recused++;
        else toNotify.add(r.id);
      }
    }
    await audit({
      action: 'review.assigned',
      entityType: 'Challenge',
      entityId: challengeId,
      data: { reviewers: wanted, created, recused, dueAt: dueAt.toISOString() },
    });
    await notifyUsers([...toNotify], {
      kind: 'reviewAssigned',
      params: { code: challenge.code ?? '' },
      link: '/review/assignments',
      origin: opts.origin,
    });
    return { created, recused };
  });
}

/** Takes back an assignment nobody has started on. */
export async function unassign(db: Db, actor: Actor, challengeId: string, assignmentId: string) {
  return command(db, onChallenge(actor, challengeId), async ({ tx, audit }) => {
    const assignment = await tx.reviewAssignment.findFirst({
      where: { id: assignmentId, application: { challengeId } },
      select: {
        id: true,
        reviewerId: true,
        applicationId: true,
        submittedAt: true,
        _count: { select: { scores: true } },
      },
    });
    if (!assignment) refuse('notFound');
    if (assignment.submittedAt || assignment._count.scores > 0) refuse('assignmentStarted');
    await tx.reviewAssignment.delete({ where: { id: assignmentId } });
    await audit({
      action: 'review.unassigned',
      entityType: 'Application',
      entityId: assignment.applicationId,
      data: { reviewerId: assignment.reviewerId },
    });
    return {};
  });
}
