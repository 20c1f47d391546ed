// A reviewer's own work on an assignment: the scores, or a declared conflict of interest.
import { REEVALUATION_ROUND } from '~/domain/appeal-remedy';
import { encodeRecuseReason } from '~/domain/evaluation';
import type { Db, Tx } from '~/lib/db.server';
import { command, type Context } from '~/services/kernel/command.server';
import { lockChallenge } from '~/services/kernel/locks.server';
import { settleReevaluation } from './reevaluation.server';
import { ensureCriteria } from './criteria.server';
import {
  assignmentOpen,
  challengeState,
  conflictWith,
  ERRORS,
  pendingReevaluation,
  refusalOf,
  refuse,
} from './shared.server';

/** The reviewer's assignment, still open for a review the reviewer has not stepped back from. */
async function openAssignment(tx: Tx, reviewerId: string, id: string, now: Date) {
  const a = await tx.reviewAssignment.findFirst({
    where: { id, reviewerId },
    select: {
      id: true,
      recusedAt: true,
      round: true,
      applicationId: true,
      application: {
        select: {
          status: true,
          challenge: { select: challengeState },
          appeals: pendingReevaluation,
        },
      },
    },
  });
  if (!a) refuse('notFound');
  if (!assignmentOpen(a, now)) refuse('decided');
  if (a.recusedAt) refuse('recused');
  return a;
}

type Assignment = Awaited<ReturnType<typeof openAssignment>>;

/**
 * A command of the reviewer on an own assignment, in the lock of its challenge; another
 * reviewer's assignment is "not found".
 */
async function onOwnAssignment<T extends object>(
  db: Db,
  reviewerId: string,
  assignmentId: string,
  now: Date,
  work: (ctx: Context, a: Assignment, challengeId: string) => Promise<T>,
) {
  const own = await db.reviewAssignment.findFirst({
    where: { id: assignmentId, reviewerId },
    select: { application: { select: { challengeId: true } } },
  });
  if (!own) return refusalOf('notFound');
  const challengeId = own.application.challengeId;
  return command(
    db,
    { errors: ERRORS, lock: (tx) => lockChallenge(tx, challengeId) },
    async (ctx) =>
      work(ctx, await openAssignment(ctx.tx, reviewerId, assignmentId, now), challengeId),
  );
}

/**
 * Records a reviewer's scores, one per criterion with a comment, and marks the review
 * submitted (a reviewer may revise until the application is decided). A conflict found now
 * (e.g. the reviewer's affiliation changed) recuses the reviewer instead.
 */
export async function submitScores(
  db: Db,
  reviewerId: string,
  assignmentId: string,
  scores: { key: string; score: number; comment: string }[],
  now = new Date(),
) {
  const result = await onOwnAssignment(
    db,
    reviewerId,
    assignmentId,
    now,
    async (ctx, a, challengeId) => {
      const { tx, audit } = ctx;
      const conflict = await conflictWith(tx, reviewerId, a.applicationId);
      if (conflict) {
        // the recusal is kept (committed), the scores are refused below
        await tx.reviewAssignment.update({
          where: { id: a.id },
          data: { recusedAt: now, recuseReason: encodeRecuseReason({ kind: 'auto', conflict }) },
        });
        await audit({
          actorId: reviewerId,
          action: 'review.recused',
          entityType: 'ReviewAssignment',
          entityId: a.id,
          data: { conflict },
        });
        if (a.round === REEVALUATION_ROUND)
          await settleReevaluation(ctx, a.applicationId, reviewerId, now);
        return { recusedForConflict: true };
      }
      const criteria = await ensureCriteria(tx, challengeId);
      const byKey = new Map(scores.map((s) => [s.key, s]));
      if (byKey.size !== scores.length || criteria.length !== scores.length)
        refuse('criteriaChanged');
      for (const c of criteria) {
        const s = byKey.get(c.key);
        if (!s) refuse('criteriaChanged');
        if (!Number.isInteger(s.score) || s.score < 0 || s.score > 100) refuse('invalid');
        await tx.score.upsert({
          where: { assignmentId_criterionId: { assignmentId: a.id, criterionId: c.id } },
          create: { assignmentId: a.id, criterionId: c.id, score: s.score, comment: s.comment },
          update: { score: s.score, comment: s.comment },
        });
      }
      await tx.reviewAssignment.update({ where: { id: a.id }, data: { submittedAt: now } });
      await audit({
        actorId: reviewerId,
        action: 'review.scored',
        entityType: 'ReviewAssignment',
        entityId: a.id,
        data: { applicationId: a.applicationId, scores: scores.map((s) => [s.key, s.score]) },
      });
      // the last round-2 review settles the upheld appeal's outcome (reevaluation.server.ts)
      if (a.round === REEVALUATION_ROUND)
        await settleReevaluation(ctx, a.applicationId, reviewerId, now);
      return { recusedForConflict: false };
    },
  );
  if (!result.ok) return result;
  return result.recusedForConflict ? refusalOf('conflictOfInterest') : { ok: true as const };
}

/** The reviewer declares a conflict of interest: recused, the scores no longer count. */
export async function declareConflict(
  db: Db,
  reviewerId: string,
  assignmentId: string,
  reason: string,
  now = new Date(),
) {
  return onOwnAssignment(db, reviewerId, assignmentId, now, async (ctx, a) => {
    const { tx, audit } = ctx;
    await tx.reviewAssignment.update({
      where: { id: a.id },
      data: {
        recusedAt: now,
        recuseReason: encodeRecuseReason({ kind: 'declared', text: reason }),
      },
    });
    await audit({
      actorId: reviewerId,
      action: 'review.recused',
      entityType: 'ReviewAssignment',
      entityId: a.id,
      data: { declared: reason },
    });
    if (a.round === REEVALUATION_ROUND)
      await settleReevaluation(ctx, a.applicationId, reviewerId, now);
    return {};
  });
}
