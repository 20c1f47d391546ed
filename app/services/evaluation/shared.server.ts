// What the evaluation capability's commands share: its refusal codes, the challenge's status
// as the review sees it, the conflict-of-interest check and a few small reads.
import { reviewOpen } from '~/domain/appeal-remedy';
import { detectConflict, type ConflictReason } from '~/domain/evaluation';
import { TransitionError } from '~/domain/lifecycle';
import { effectiveNeedStatus, type NeedStatus } from '~/domain/need';
import type { Role } from '~/domain/roles';
import type { Db, Tx } from '~/lib/db.server';
import type { Actor } from '~/services/kernel/actor';
import { command, type CommandSpec, type Context } from '~/services/kernel/command.server';
import { lockChallenge } from '~/services/kernel/locks.server';
import { refusal, refuser, type Refuse } from '~/services/kernel/refusal';

/** The translation namespace of the refusals: the message of `full` is `evaluation.errors.full`. */
export const ERRORS = 'evaluation.errors';

/** Why an evaluation command says no; each code has its message at `evaluation.errors.<code>`. */
export type EvaluationRefusal =
  | 'notFound'
  | 'invalid'
  | 'conflict'
  | 'notClosed'
  | 'decided'
  | 'criteriaLocked'
  | 'slotsLocked'
  | 'stageGateBeforeDeadline'
  | 'invalidReviewer'
  | 'noApplications'
  | 'assignmentStarted'
  | 'pendingProposal'
  | 'recused'
  | 'criteriaChanged'
  | 'conflictOfInterest'
  | 'appealNotDecided'
  | 'appealNotDeclined'
  | 'appealWindowClosed'
  | 'appealAlready'
  | 'weights'
  | 'ownProposal'
  | 'full'
  | 'alreadyProposed'
  | 'notParallel'
  | 'noApproved'
  | 'hasApproved'
  | 'stageGateNotDue'
  | 'stageGateRecorded'
  | 'lastTeam'
  | 'duePast'
  | 'dueTooFar'
  | 'dueInvalid'
  | 'bulkEmpty'
  | 'bulkTooMany'
  | 'staffOnly'
  | 'forbidden';

/** Refuses the running command (it rolls back); `field` names the input at fault. */
export const refuse: Refuse<EvaluationRefusal> = refuser();

/** A refusal decided before any transaction. */
export function refusalOf(code: EvaluationRefusal, opts: { field?: string } = {}) {
  return refusal(ERRORS, code, opts);
}

/** Where a notice's link points (the request's origin) and the clock, for the tests. */
export type Opts = { origin?: string; now?: Date };

/** The status to act on: PUBLISHED past its deadline is CLOSED (see need.ts). */
export function evaluationStatus(
  challenge: { status: string; applicationDeadline: Date },
  now: Date,
): NeedStatus {
  return effectiveNeedStatus(challenge.status as NeedStatus, challenge.applicationDeadline, now);
}

/** An upheld appeal's re-evaluation still waiting for its outcome: it keeps round 2 open. */
export const pendingReevaluation = {
  where: { reopenedAt: { not: null }, outcome: null },
  select: { id: true },
} as const;

/**
 * Whether an assignment may still be scored, moved or given a new date (docs/decisions/034):
 * round 1 while its challenge is CLOSED, round 2 while its re-evaluation waits for the outcome.
 * `appeals` is the application's `pendingReevaluation`.
 */
export function assignmentOpen(
  a: {
    round: number;
    application: {
      status: string;
      challenge: { status: string; applicationDeadline: Date };
      appeals: readonly unknown[];
    };
  },
  now: Date,
): boolean {
  return reviewOpen({
    round: a.round,
    applicationStatus: a.application.status,
    challengeClosed: evaluationStatus(a.application.challenge, now) === 'CLOSED',
    reevaluationScoring: a.application.appeals.length > 0,
  });
}

/** What the review's commands read of a challenge to decide. */
export const challengeState = {
  id: true,
  code: true,
  status: true,
  applicationDeadline: true,
  awardSlots: true,
  stageGateDate: true,
  enterpriseId: true,
  closedAt: true,
} as const;

/**
 * Runs a domain transition; a transition the table does not allow refuses with `invalid`, and
 * one the actor's role may not make with `onForbidden`.
 */
export function checkTransition<T>(
  run: () => T,
  onForbidden: 'forbidden' | 'invalid' = 'invalid',
): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof TransitionError)
      refuse(error.code === 'FORBIDDEN_ACTOR' ? onForbidden : 'invalid');
    throw error;
  }
}

/** The active staff of the given roles, but for one (the actor, who needs no notice). */
export async function staffIdsExcept(tx: Tx, roles: readonly Role[], except: string | null) {
  const users = await tx.user.findMany({
    where: {
      role: { in: [...roles] },
      disabledAt: null,
      ...(except ? { id: { not: except } } : {}),
    },
    select: { id: true },
  });
  return users.map((u) => u.id);
}

/** The names of the given users, by id (for "proposed by", "resolved by" …). */
export async function userNames(db: Db | Tx, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((i): i is string => Boolean(i)))];
  const users = await db.user.findMany({
    where: { id: { in: wanted } },
    select: { id: true, name: true },
  });
  return new Map(users.map((u) => [u.id, u.name]));
}

/** The applicant's side of a conflict check. */
export function applicantProfile(a: {
  institution: string | null;
  team: { name: string; institution: string | null };
  challenge: { enterpriseId: string; enterprise: { name: string } };
}) {
  return {
    institutions: [a.institution, a.team.institution, a.team.name],
    enterpriseId: a.challenge.enterpriseId,
    enterpriseName: a.challenge.enterprise.name,
  };
}

export const applicantSelect = {
  institution: true,
  team: { select: { name: true, institution: true } },
  challenge: { select: { enterpriseId: true, enterprise: { select: { name: true } } } },
} as const;

/** The conflict, if any, between a staff member and an application. */
export async function conflictWith(
  tx: Tx | Db,
  userId: string,
  applicationId: string,
): Promise<ConflictReason | null> {
  // one query after the other: inside a transaction they share one connection
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: { affiliation: true, organizationId: true },
  });
  const application = await tx.application.findUnique({
    where: { id: applicationId },
    select: applicantSelect,
  });
  if (!user || !application) return null;
  return detectConflict(user, applicantProfile(application));
}

/** The challenge an award or application belongs to (it never changes), or null. */
export async function challengeOf(db: Db, where: { awardId: string } | { applicationId: string }) {
  const row =
    'awardId' in where
      ? await db.award.findUnique({ where: { id: where.awardId }, select: { challengeId: true } })
      : await db.application.findUnique({
          where: { id: where.applicationId },
          select: { challengeId: true },
        });
  return row?.challengeId ?? null;
}

/** The options of an evaluation command on one challenge: its refusals, the challenge locked. */
export function onChallenge(actor: Actor, challengeId: string): CommandSpec {
  return { errors: ERRORS, actor, lock: (tx) => lockChallenge(tx, challengeId) };
}

/**
 * An evaluation command on the challenge an award or application belongs to, locked on it;
 * `notFound` before any transaction when there is no such record.
 */
export async function commandOnChallengeOf<T extends object>(
  db: Db,
  actor: Actor,
  where: { awardId: string } | { applicationId: string },
  work: (ctx: Context, challengeId: string) => Promise<T>,
) {
  const challengeId = await challengeOf(db, where);
  if (!challengeId) return refusalOf('notFound');
  return command(db, onChallenge(actor, challengeId), (ctx) => work(ctx, challengeId));
}
