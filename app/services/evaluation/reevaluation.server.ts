// The re-evaluation (round 2) of an upheld appeal's application (docs/decisions/034-upheld-
// appeals.md): staff assign experts who have not reviewed the application; when round 2 is
// complete its score earns a place or not. The remedies that follow a place are in
// appeal-remedies.server.ts.
import {
  earnsPlace,
  rankingReviews,
  REEVALUATION_ROUND,
  reevaluatorRefusal,
  roundComplete,
} from '~/domain/appeal-remedy';
import { transitionApplication, type ApplicationStatus } from '~/domain/application';
import { summarizeScores } from '~/domain/evaluation';
import { isStaffRole } from '~/domain/roles';
import { dueDayAfter } from '~/domain/review-due';
import type { Db, Tx } from '~/lib/db.server';
import type { Actor } from '~/services/kernel/actor';
import type { Context } from '~/services/kernel/command.server';
import {
  appealLink,
  appealState,
  checked,
  commandOnAppeal,
  feedbackLink,
  refuse,
  refusalOf,
} from './appeal-shared.server';
import { ensureCriteria } from './criteria.server';
import { checkDueDate, expertsOf } from './due-dates.server';
import { scoredReview, scoredReviewSelect } from './ranking.server';
import { applicantProfile, applicantSelect, staffIdsExcept, type Opts } from './shared.server';
import { createAssignment, moveApplicationStatus } from './steps.server';

/* Round 2: the experts */

/**
 * Staff assign experts to the re-evaluation of an upheld appeal's application. An expert who
 * has an assignment on it already (who scored it, or was recused from it, in round 1) is
 * refused with the field at fault; an expert with a conflict of interest is assigned and
 * recused at once, as in round 1, so the scores never count.
 */
export async function assignReevaluators(
  db: Db,
  actor: Actor,
  appealId: string,
  reviewerIds: string[],
  opts: Opts & { dueAt?: Date } = {},
) {
  const now = opts.now ?? new Date();
  const dueAt = opts.dueAt ?? dueDayAfter(now);
  if (!isStaffRole(actor.role)) return refusalOf('forbidden');
  const wanted = [...new Set(reviewerIds)];
  if (wanted.length === 0) return refusalOf('invalidReviewer', { field: 'reviewerIds' });
  return commandOnAppeal(db, actor, appealId, async ({ tx, audit, notifyUsers }, appeal) => {
    checkDueDate(dueAt, now);
    if (appeal.status !== 'UPHELD' || !appeal.reopenedAt) refuse('notReopened');
    if (appeal.outcome !== null) refuse('scoringDone');
    const reviewers = await expertsOf(tx, wanted);
    const application = await tx.application.findUniqueOrThrow({
      where: { id: appeal.applicationId },
      select: { ...applicantSelect, assignments: { select: { reviewerId: true, round: true } } },
    });
    const existing = new Map(application.assignments.map((a) => [a.reviewerId, a]));
    for (const r of reviewers) {
      const why = reevaluatorRefusal(existing.get(r.id));
      if (why) refuse(why, { field: 'reviewerIds' });
    }
    await ensureCriteria(tx, appeal.application.challengeId);
    const toNotify: string[] = [];
    let recused = 0;
    for (const r of reviewers) {
      const conflict = await createAssignment(tx, {
        applicationId: appeal.applicationId,
        expert: r,
        applicant: applicantProfile(application),
        round: REEVALUATION_ROUND,
        now,
        dueAt,
      });
      if (conflict) recused++;
      else toNotify.push(r.id);
    }
    await audit({
      action: 'review.reassigned',
      entityType: 'Application',
      entityId: appeal.applicationId,
      data: {
        appealId,
        round: REEVALUATION_ROUND,
        reviewers: wanted,
        recused,
        dueAt: dueAt.toISOString(),
      },
    });
    await notifyUsers(toNotify, {
      kind: 'reviewAssigned',
      params: { code: appeal.application.challenge.code ?? '' },
      link: '/review/assignments',
      origin: opts.origin,
    });
    return { created: reviewers.length, recused };
  });
}

/* Round 2: the outcome */

/** The weighted score of each application, each on its ranking round. */
async function rankingScores(tx: Tx, challengeId: string, applicationIds: string[]) {
  const criteria = await tx.reviewCriterion.findMany({
    where: { challengeId },
    select: { id: true, weight: true },
  });
  const assignments = await tx.reviewAssignment.findMany({
    where: { applicationId: { in: applicationIds } },
    select: { applicationId: true, ...scoredReviewSelect },
  });
  const scores = new Map<string, number | null>();
  for (const id of applicationIds) {
    const reviews = assignments.filter((a) => a.applicationId === id).map(scoredReview);
    scores.set(id, summarizeScores(criteria, rankingReviews(reviews)).weighted);
  }
  return scores;
}

/**
 * Inside the command that submitted (or recused) a round-2 review: once every round-2 expert
 * who counts has submitted, the appeal's outcome is set — PLACE when the new score ranks
 * within the challenge's slots among the awarded applications (app/domain/appeal-remedy.ts),
 * NO_PLACE otherwise, and then the application is declined again. Does nothing before that.
 */
export async function settleReevaluation(
  ctx: Context,
  applicationId: string,
  actorId: string,
  now: Date,
  origin?: string,
) {
  const { tx, audit, notifyOrganization, notifyUsers } = ctx;
  const appeal = await tx.appeal.findFirst({
    where: { applicationId, status: 'UPHELD', reopenedAt: { not: null }, outcome: null },
    select: appealState,
  });
  if (!appeal) return null;
  const reviews = await tx.reviewAssignment.findMany({
    where: { applicationId },
    select: { round: true, recusedAt: true, submittedAt: true },
  });
  const rounds = reviews.map((r) => ({
    round: r.round,
    recused: r.recusedAt !== null,
    submitted: r.submittedAt !== null,
  }));
  if (!roundComplete(rounds, REEVALUATION_ROUND)) return null;
  const challenge = appeal.application.challenge;
  const awarded = await tx.award.findMany({
    where: { challengeId: challenge.id, status: 'APPROVED', slotNo: { not: null } },
    select: { applicationId: true },
  });
  const ids = [applicationId, ...awarded.map((a) => a.applicationId)];
  const scores = await rankingScores(tx, challenge.id, ids);
  const score = scores.get(applicationId) ?? null;
  if (score === null) return null;
  const outcome = earnsPlace(
    score,
    awarded.map((a) => scores.get(a.applicationId) ?? null),
    challenge.awardSlots,
  )
    ? 'PLACE'
    : 'NO_PLACE';
  const updated = await tx.appeal.updateMany({
    where: { id: appeal.id, outcome: null },
    data: { outcome, outcomeAt: now },
  });
  if (updated.count !== 1) refuse('conflict');
  await audit({
    actorId,
    action: 'appeal.outcome',
    entityType: 'Appeal',
    entityId: appeal.id,
    data: { applicationId, outcome, score: Math.round(score * 100) / 100 },
  });
  if (outcome === 'NO_PLACE') {
    const from = appeal.application.status as ApplicationStatus;
    await moveApplicationStatus(ctx, {
      id: applicationId,
      from,
      to: checked(() => transitionApplication(from, 'decline', 'REVIEWER')),
      verb: 'decline',
      set: { active: null, decidedAt: now },
      data: { by: 'reevaluation' },
      actorId,
    });
  }
  const kind = outcome === 'PLACE' ? 'appealRemedy.place' : 'appealRemedy.noPlace';
  const params = { code: challenge.code ?? '' };
  await notifyOrganization(appeal.application.teamId, {
    kind,
    params,
    link: feedbackLink(applicationId),
    origin,
  });
  await notifyOrganization(challenge.enterpriseId, {
    kind: 'appealRemedy.reevaluated',
    params,
    link: `/applications/${applicationId}`,
    origin,
  });
  await notifyUsers(await staffIdsExcept(tx, ['REVIEWER', 'ADMIN'], null), {
    kind: 'appealRemedy.reevaluated',
    params,
    link: appealLink(appeal.id),
    origin,
  });
  return outcome;
}
