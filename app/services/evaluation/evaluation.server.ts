// Expert review of a closed challenge's applications: criteria and weights, reviewer
// assignments with automatic conflict flags, scores, the ranked table, shortlisting and
// declining, and afterwards the team's feedback and appeals. Awards are in awards.server.ts.
//
// Every write on a challenge's review starts its transaction with lockChallenge(): the first
// statement takes the challenge row's write lock (PostgreSQL) or the database's write lock
// (SQLite), so decisions on one challenge queue up instead of interleaving, and no read of
// the transaction can be overtaken by another writer's commit.
import { transitionApplication, type ApplicationStatus } from '~/domain/application';
import { isParallelAward } from '~/domain/award';
import {
  appealClosesAt,
  appealRefusal,
  criterionKeys,
  DEFAULT_CRITERIA,
  detectConflict,
  encodeRecuseReason,
  isOpenForReview,
  OPEN_REVIEW_STATUSES,
  rankByScore,
  REVIEWED_STATUSES,
  roundScore,
  summarizeScores,
  transitionAppeal,
  validateCriteria,
  type AppealAction,
  type AppealStatus,
  type ConflictReason,
} from '~/domain/evaluation';
import { TransitionError } from '~/domain/lifecycle';
import { effectiveNeedStatus, type NeedStatus } from '~/domain/need';
import type { Role } from '~/domain/roles';
import { startOfShanghaiDay } from '~/domain/shanghai-date';
import { toFenOrNull } from '~/lib/fen';
import type { Db, Tx } from '~/lib/db.server';
import { audit } from '~/services/kernel/audit.server';
import { thenDeliver } from '~/lib/mail.server';
import { notifyOrganization, notifyUsers } from '~/services/kernel/notify.server';

export type Actor = { id: string; role: Role; organizationId: string };

export type Refusal =
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
  | 'forbidden';

export type Result<T = object> = ({ ok: true } & T) | { ok: false; error: Refusal };

/** Thrown inside a transaction to roll it back and answer with a refusal. */
export class Refused extends Error {
  constructor(readonly error: Refusal) {
    super(error);
  }
}

export async function refusing<T>(
  run: () => Promise<T>,
): Promise<T | { ok: false; error: Refusal }> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Refused) return { ok: false, error: error.error };
    throw error;
  }
}

/** The first statement of every review or award transaction on a challenge (see above). */
export async function lockChallenge(tx: Tx, challengeId: string) {
  const locked = await tx.challenge.updateMany({
    where: { id: challengeId },
    data: { awardSlots: { increment: 0 } },
  });
  if (locked.count !== 1) throw new Refused('notFound');
}

/** The status to act on: PUBLISHED past its deadline is CLOSED (see need.ts). */
export function evaluationStatus(
  challenge: { status: string; applicationDeadline: Date },
  now: Date,
): NeedStatus {
  return effectiveNeedStatus(challenge.status as NeedStatus, challenge.applicationDeadline, now);
}

/** A challenge without criteria of its own is judged on the default four. */
export async function ensureCriteria(tx: Tx, challengeId: string) {
  const existing = await tx.reviewCriterion.findMany({
    where: { challengeId },
    orderBy: { position: 'asc' },
    select: { id: true, key: true, weight: true },
  });
  if (existing.length) return existing;
  await tx.reviewCriterion.createMany({
    data: DEFAULT_CRITERIA.map((c, i) => ({ challengeId, ...c, position: i + 1 })),
  });
  return tx.reviewCriterion.findMany({
    where: { challengeId },
    orderBy: { position: 'asc' },
    select: { id: true, key: true, weight: true },
  });
}

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

/** The applicant's side of a conflict check. */
function applicantProfile(a: {
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

const applicantSelect = {
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

/* The list of challenges under evaluation */

export async function challengesUnderEvaluation(
  db: Db,
  view: 'open' | 'decided',
  now = new Date(),
) {
  const withBids = { applications: { some: { status: { in: [...REVIEWED_STATUSES] } } } };
  const where =
    view === 'open'
      ? {
          ...withBids,
          OR: [
            { status: 'CLOSED' },
            { status: 'PUBLISHED', applicationDeadline: { lt: startOfShanghaiDay(now) } },
          ],
        }
      : { ...withBids, status: { in: ['AWARDED', 'UNAWARDED', 'COMPLETED', 'TERMINATED'] } };
  const rows = await db.challenge.findMany({
    where,
    orderBy: [{ applicationDeadline: 'asc' }, { id: 'asc' }],
    take: 200,
    select: {
      id: true,
      code: true,
      title: true,
      titleEn: true,
      status: true,
      applicationDeadline: true,
      awardSlots: true,
      stageGateDate: true,
      enterprise: { select: { name: true } },
      _count: {
        select: {
          applications: { where: { status: { in: [...REVIEWED_STATUSES] } } },
          awards: { where: { status: 'PROPOSED' } },
        },
      },
    },
  });
  const open = await db.application.groupBy({
    by: ['challengeId'],
    where: {
      challengeId: { in: rows.map((r) => r.id) },
      status: { in: [...OPEN_REVIEW_STATUSES] },
    },
    _count: { _all: true },
  });
  const openBy = new Map(open.map((o) => [o.challengeId, o._count._all]));
  return rows
    .filter((r) => view === 'decided' || evaluationStatus(r, now) === 'CLOSED')
    .map((r) => ({
      code: r.code ?? '',
      title: r.title,
      titleEn: r.titleEn,
      status: evaluationStatus(r, now),
      enterprise: r.enterprise.name,
      applicationDeadline: r.applicationDeadline.toISOString(),
      awardSlots: r.awardSlots,
      parallel: isParallelAward(r.awardSlots),
      stageGateDate: r.stageGateDate?.toISOString() ?? null,
      applications: r._count.applications,
      undecided: openBy.get(r.id) ?? 0,
      pendingProposals: r._count.awards,
    }));
}

/* One challenge's evaluation desk */

export async function userNames(db: Db | Tx, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((i): i is string => Boolean(i)))];
  const users = await db.user.findMany({
    where: { id: { in: wanted } },
    select: { id: true, name: true },
  });
  return new Map(users.map((u) => [u.id, u.name]));
}

/** Scores, averages and ranks of a challenge's applications (recused reviewers left out). */
export async function challengeRanking(db: Db, challengeId: string) {
  const [criteria, applications] = await Promise.all([
    db.reviewCriterion.findMany({
      where: { challengeId },
      orderBy: { position: 'asc' },
      select: { id: true, key: true, name: true, nameEn: true, weight: true },
    }),
    db.application.findMany({
      where: { challengeId, status: { in: [...REVIEWED_STATUSES] } },
      orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        status: true,
        teamId: true,
        assignments: {
          select: {
            recusedAt: true,
            submittedAt: true,
            scores: { select: { criterionId: true, score: true, comment: true } },
          },
        },
      },
    }),
  ]);
  const rows = applications.map((a) => {
    const summary = summarizeScores(
      criteria,
      a.assignments.map((s) => ({
        recused: s.recusedAt !== null,
        submitted: s.submittedAt !== null,
        scores: Object.fromEntries(s.scores.map((x) => [x.criterionId, x.score])),
      })),
    );
    return { id: a.id, status: a.status, teamId: a.teamId, summary, weighted: summary.weighted };
  });
  return { criteria, ranked: rankByScore(rows) };
}

export async function challengeDesk(db: Db, code: string, viewer: Actor, now = new Date()) {
  const challenge = await db.challenge.findUnique({
    where: { code },
    select: {
      id: true,
      code: true,
      title: true,
      titleEn: true,
      status: true,
      applicationDeadline: true,
      awardSlots: true,
      stageGateDate: true,
      bountyFen: true,
      enterpriseId: true,
      enterprise: { select: { name: true } },
    },
  });
  if (!challenge || !challenge.code) return null;
  const status = evaluationStatus(challenge, now);
  const [ranking, applications, awards, staff, scoreCount] = await Promise.all([
    challengeRanking(db, challenge.id),
    db.application.findMany({
      where: { challengeId: challenge.id, status: { in: [...REVIEWED_STATUSES] } },
      select: {
        id: true,
        status: true,
        institution: true,
        submittedAt: true,
        decidedAt: true,
        team: { select: { name: true, nameEn: true, institution: true } },
        assignments: {
          orderBy: { createdAt: 'asc' },
          select: {
            id: true,
            reviewerId: true,
            recusedAt: true,
            recuseReason: true,
            submittedAt: true,
            _count: { select: { scores: true } },
          },
        },
      },
    }),
    db.award.findMany({
      where: { challengeId: challenge.id },
      orderBy: [{ proposedAt: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        applicationId: true,
        status: true,
        slotNo: true,
        proposedById: true,
        proposedAt: true,
        decidedById: true,
        decidedAt: true,
        reason: true,
        stageGateOutcome: true,
        stageGateAt: true,
      },
    }),
    db.user.findMany({
      where: { role: { in: ['REVIEWER', 'ADMIN'] }, disabledAt: null },
      orderBy: [{ role: 'desc' }, { name: 'asc' }],
      select: { id: true, name: true, role: true, affiliation: true, organizationId: true },
    }),
    db.score.count({ where: { criterion: { challengeId: challenge.id } } }),
  ]);
  const names = await userNames(db, [
    ...awards.flatMap((a) => [a.proposedById, a.decidedById]),
    ...applications.flatMap((a) => a.assignments.map((s) => s.reviewerId)),
  ]);
  const byId = new Map(applications.map((a) => [a.id, a]));
  const profile = (a: (typeof applications)[number]) => ({
    institutions: [a.institution, a.team.institution, a.team.name],
    enterpriseId: challenge.enterpriseId,
    enterpriseName: challenge.enterprise.name,
  });
  const criteria = ranking.criteria.length
    ? ranking.criteria.map((c) => ({ ...c, id: c.id as string | null }))
    : DEFAULT_CRITERIA.map((c) => ({ ...c, id: null as string | null }));
  const approved = awards.filter((a) => a.status === 'APPROVED');
  return {
    challenge: {
      id: challenge.id,
      code: challenge.code,
      title: challenge.title,
      titleEn: challenge.titleEn,
      status,
      enterprise: challenge.enterprise.name,
      applicationDeadline: challenge.applicationDeadline.toISOString(),
      awardSlots: challenge.awardSlots,
      parallel: isParallelAward(challenge.awardSlots),
      stageGateDate: challenge.stageGateDate?.toISOString() ?? null,
      stageGateDue:
        challenge.stageGateDate !== null &&
        now.getTime() >= startOfShanghaiDay(challenge.stageGateDate).getTime(),
      bountyFen: toFenOrNull(challenge.bountyFen),
    },
    criteria: criteria.map((c) => ({
      id: c.id,
      key: c.key,
      name: c.name,
      nameEn: c.nameEn ?? null,
      weight: c.weight,
    })),
    criteriaAreDefault: ranking.criteria.length === 0,
    criteriaLocked: scoreCount > 0,
    slotsLocked: approved.length > 0,
    approvedCount: approved.length,
    pendingCount: awards.filter((a) => a.status === 'PROPOSED').length,
    decided: status !== 'CLOSED' && status !== 'PUBLISHED',
    underEvaluation: status === 'CLOSED',
    rows: ranking.ranked.map((r) => {
      const a = byId.get(r.id)!;
      return {
        id: r.id,
        rank: r.rank,
        status: a.status,
        team: a.team.name,
        teamEn: a.team.nameEn,
        institution: a.institution ?? a.team.institution,
        submittedAt: a.submittedAt?.toISOString() ?? null,
        averages: criteria.map((c) => {
          const avg = c.id ? r.summary.averages[c.id] : null;
          return avg === null || avg === undefined ? null : roundScore(avg);
        }),
        weighted: r.weighted === null ? null : roundScore(r.weighted),
        reviewers: r.summary.reviewers,
        recused: r.summary.recused,
        assignments: a.assignments.map((s) => ({
          id: s.id,
          reviewerId: s.reviewerId,
          reviewer: names.get(s.reviewerId) ?? '—',
          recused: s.recusedAt !== null,
          recuseReason: s.recuseReason,
          submitted: s.submittedAt !== null,
          started: s._count.scores > 0 || s.submittedAt !== null,
        })),
        pendingAwardId:
          awards.find((w) => w.applicationId === a.id && w.status === 'PROPOSED')?.id ?? null,
      };
    }),
    awards: awards.map((w) => ({
      id: w.id,
      applicationId: w.applicationId,
      team: byId.get(w.applicationId)?.team.name ?? '—',
      status: w.status,
      slotNo: w.slotNo,
      proposedBy: names.get(w.proposedById) ?? '—',
      proposedAt: w.proposedAt.toISOString(),
      decidedBy: w.decidedById ? (names.get(w.decidedById) ?? '—') : null,
      decidedAt: w.decidedAt?.toISOString() ?? null,
      reason: w.reason,
      stageGateOutcome: w.stageGateOutcome,
      stageGateAt: w.stageGateAt?.toISOString() ?? null,
    })),
    // who may be assigned, and with how many of the open applications each has a conflict
    staff: staff.map((u) => ({
      id: u.id,
      name: u.name,
      role: u.role,
      affiliation: u.affiliation,
      conflicts: applications
        .filter((a) => isOpenForReview(a.status))
        .filter((a) => detectConflict(u, profile(a)) !== null).length,
      me: u.id === viewer.id,
    })),
  };
}

/* Criteria, slots and stage gate */

function assertNotDecided(challenge: { status: string; applicationDeadline: Date }, now: Date) {
  const status = evaluationStatus(challenge, now);
  if (status !== 'PUBLISHED' && status !== 'CLOSED') throw new Refused('decided');
}

const challengeState = {
  id: true,
  code: true,
  status: true,
  applicationDeadline: true,
  awardSlots: true,
  stageGateDate: true,
  enterpriseId: true,
} as const;

export async function setCriteria(
  db: Db,
  actor: Actor,
  challengeId: string,
  rows: { name: string; nameEn?: string | null; weight: number }[] | 'defaults',
  now = new Date(),
): Promise<Result> {
  const criteria =
    rows === 'defaults'
      ? DEFAULT_CRITERIA.map((c) => ({ ...c }))
      : (() => {
          const keys = criterionKeys(rows.map((r) => r.name));
          return rows.map((r, i) => ({
            key: keys[i]!,
            name: r.name,
            nameEn: r.nameEn || null,
            weight: r.weight,
          }));
        })();
  if (!validateCriteria(criteria).ok) return { ok: false, error: 'weights' };
  return refusing(() =>
    db.$transaction(async (tx) => {
      await lockChallenge(tx, challengeId);
      const challenge = await tx.challenge.findUniqueOrThrow({
        where: { id: challengeId },
        select: challengeState,
      });
      assertNotDecided(challenge, now);
      const scored = await tx.score.count({ where: { criterion: { challengeId } } });
      if (scored > 0) throw new Refused('criteriaLocked');
      await tx.reviewCriterion.deleteMany({ where: { challengeId } });
      await tx.reviewCriterion.createMany({
        data: criteria.map((c, i) => ({ challengeId, ...c, position: i + 1 })),
      });
      await audit(tx, {
        actorId: actor.id,
        action: 'review.criteria_set',
        entityType: 'Challenge',
        entityId: challengeId,
        data: { criteria: criteria.map((c) => ({ key: c.key, name: c.name, weight: c.weight })) },
      });
      return { ok: true as const };
    }),
  );
}

export async function setSlots(
  db: Db,
  actor: Actor,
  challengeId: string,
  input: { awardSlots: number; stageGateDate: Date | null },
  now = new Date(),
): Promise<Result> {
  const stageGateDate = input.awardSlots > 1 ? input.stageGateDate : null;
  return refusing(() =>
    db.$transaction(async (tx) => {
      await lockChallenge(tx, challengeId);
      const challenge = await tx.challenge.findUniqueOrThrow({
        where: { id: challengeId },
        select: challengeState,
      });
      assertNotDecided(challenge, now);
      const approved = await tx.award.count({ where: { challengeId, status: 'APPROVED' } });
      if (approved > 0) throw new Refused('slotsLocked');
      // the gate compares the parallel teams' work: it cannot come before applications close
      if (
        stageGateDate &&
        stageGateDate.getTime() <= startOfShanghaiDay(challenge.applicationDeadline).getTime()
      )
        throw new Refused('stageGateBeforeDeadline');
      await tx.challenge.update({
        where: { id: challengeId },
        data: { awardSlots: input.awardSlots, stageGateDate },
      });
      await audit(tx, {
        actorId: actor.id,
        action: 'challenge.slots_set',
        entityType: 'Challenge',
        entityId: challengeId,
        data: {
          from: { awardSlots: challenge.awardSlots, stageGateDate: challenge.stageGateDate },
          to: { awardSlots: input.awardSlots, stageGateDate },
        },
      });
      return { ok: true as const };
    }),
  );
}

/* Reviewer assignments */

/**
 * Assigns reviewers to every application still under review. A reviewer with a conflict of
 * interest with an application is assigned and recused at once, with the reason, so the
 * desk shows the flag and the averages leave the reviewer out.
 */
export async function assignReviewers(
  db: Db,
  actor: Actor,
  challengeId: string,
  reviewerIds: string[],
  opts: { origin?: string; now?: Date } = {},
): Promise<Result<{ created: number; recused: number }>> {
  const now = opts.now ?? new Date();
  const wanted = [...new Set(reviewerIds)];
  return thenDeliver(db, (queue) =>
    refusing(() =>
      db.$transaction(async (tx) => {
        await lockChallenge(tx, challengeId);
        const challenge = await tx.challenge.findUniqueOrThrow({
          where: { id: challengeId },
          select: challengeState,
        });
        if (evaluationStatus(challenge, now) !== 'CLOSED') throw new Refused('notClosed');
        const reviewers = await tx.user.findMany({
          where: { id: { in: wanted }, role: { in: ['REVIEWER', 'ADMIN'] }, disabledAt: null },
          select: { id: true, affiliation: true, organizationId: true },
        });
        if (reviewers.length !== wanted.length) throw new Refused('invalidReviewer');
        const applications = await tx.application.findMany({
          where: { challengeId, status: { in: [...OPEN_REVIEW_STATUSES] } },
          select: { id: true, ...applicantSelect, assignments: { select: { reviewerId: true } } },
        });
        if (applications.length === 0) throw new Refused('noApplications');
        await ensureCriteria(tx, challengeId);
        let created = 0;
        let recused = 0;
        const toNotify = new Set<string>();
        for (const a of applications) {
          const already = new Set(a.assignments.map((s) => s.reviewerId));
          for (const r of reviewers) {
            if (already.has(r.id)) continue;
            const conflict = detectConflict(r, applicantProfile(a));
            await tx.reviewAssignment.create({
              data: {
                applicationId: a.id,
                reviewerId: r.id,
                createdAt: now,
                ...(conflict
                  ? {
                      recusedAt: now,
                      recuseReason: encodeRecuseReason({ kind: 'auto', conflict }),
                    }
                  : {}),
              },
            });
            created++;
            if (conflict) recused++;
            else toNotify.add(r.id);
          }
        }
        await audit(tx, {
          actorId: actor.id,
          action: 'review.assigned',
          entityType: 'Challenge',
          entityId: challengeId,
          data: { reviewers: wanted, created, recused },
        });
        queue(
          await notifyUsers(tx, [...toNotify], {
            kind: 'reviewAssigned',
            params: { code: challenge.code ?? '' },
            link: '/review/assignments',
            origin: opts.origin,
          }),
        );
        return { ok: true as const, created, recused };
      }),
    ),
  );
}

/** Takes back an assignment nobody has started on. */
export async function unassign(
  db: Db,
  actor: Actor,
  challengeId: string,
  assignmentId: string,
): Promise<Result> {
  return refusing(() =>
    db.$transaction(async (tx) => {
      await lockChallenge(tx, challengeId);
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
      if (!assignment) throw new Refused('notFound');
      if (assignment.submittedAt || assignment._count.scores > 0)
        throw new Refused('assignmentStarted');
      await tx.reviewAssignment.delete({ where: { id: assignmentId } });
      await audit(tx, {
        actorId: actor.id,
        action: 'review.unassigned',
        entityType: 'Application',
        entityId: assignment.applicationId,
        data: { reviewerId: assignment.reviewerId },
      });
      return { ok: true as const };
    }),
  );
}

/* Shortlisting and declining */

export async function decideApplication(
  db: Db,
  actor: Actor,
  challengeId: string,
  applicationId: string,
  action: 'shortlist' | 'decline',
  opts: { origin?: string; now?: Date } = {},
): Promise<Result> {
  const now = opts.now ?? new Date();
  return thenDeliver(db, (queue) =>
    refusing(() =>
      db.$transaction(async (tx) => {
        await lockChallenge(tx, challengeId);
        const application = await tx.application.findFirst({
          where: { id: applicationId, challengeId },
          select: {
            id: true,
            status: true,
            teamId: true,
            challenge: { select: challengeState },
          },
        });
        if (!application) throw new Refused('notFound');
        if (evaluationStatus(application.challenge, now) !== 'CLOSED')
          throw new Refused('notClosed');
        let to: ApplicationStatus;
        try {
          to = transitionApplication(application.status as ApplicationStatus, action, actor.role);
        } catch (error) {
          if (error instanceof TransitionError) throw new Refused('invalid');
          throw error;
        }
        if (action === 'decline') {
          const pending = await tx.award.count({ where: { applicationId, status: 'PROPOSED' } });
          if (pending > 0) throw new Refused('pendingProposal');
        }
        const updated = await tx.application.updateMany({
          where: { id: applicationId, status: application.status },
          data:
            action === 'decline' ? { status: to, active: null, decidedAt: now } : { status: to },
        });
        if (updated.count !== 1) throw new Refused('conflict');
        await audit(tx, {
          actorId: actor.id,
          action: `application.${action}`,
          entityType: 'Application',
          entityId: applicationId,
          data: { from: application.status, to },
        });
        queue(
          await notifyOrganization(tx, application.teamId, {
            kind: action === 'decline' ? 'applicationDeclined' : 'applicationShortlisted',
            params: { code: application.challenge.code ?? '' },
            link: `/applications/${applicationId}/feedback`,
            origin: opts.origin,
          }),
        );
        return { ok: true as const };
      }),
    ),
  );
}

/* A reviewer's own assignments and scores */

export async function myAssignments(db: Db, reviewerId: string, now = new Date()) {
  const rows = await db.reviewAssignment.findMany({
    where: { reviewerId },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: 500,
    select: {
      id: true,
      recusedAt: true,
      recuseReason: true,
      submittedAt: true,
      createdAt: true,
      application: {
        select: {
          status: true,
          team: { select: { name: true, nameEn: true } },
          challenge: {
            select: {
              code: true,
              title: true,
              titleEn: true,
              status: true,
              applicationDeadline: true,
            },
          },
        },
      },
    },
  });
  return rows.map((r) => {
    const open =
      isOpenForReview(r.application.status) &&
      evaluationStatus(r.application.challenge, now) === 'CLOSED' &&
      r.recusedAt === null;
    return {
      id: r.id,
      code: r.application.challenge.code ?? '',
      title: r.application.challenge.title,
      titleEn: r.application.challenge.titleEn,
      team: r.application.team.name,
      teamEn: r.application.team.nameEn,
      applicationStatus: r.application.status,
      recused: r.recusedAt !== null,
      recuseReason: r.recuseReason,
      submittedAt: r.submittedAt?.toISOString() ?? null,
      assignedAt: r.createdAt.toISOString(),
      open,
      todo: open && r.submittedAt === null,
    };
  });
}

/** The reviewer's own assignment with the application to score; another's is "not found". */
export async function assignmentForReviewer(
  db: Db,
  reviewerId: string,
  id: string,
  now = new Date(),
) {
  const a = await db.reviewAssignment.findFirst({
    where: { id, reviewerId },
    select: {
      id: true,
      recusedAt: true,
      recuseReason: true,
      submittedAt: true,
      scores: { select: { criterionId: true, score: true, comment: true } },
      application: {
        select: {
          id: true,
          status: true,
          institution: true,
          approach: true,
          schedule: true,
          budgetFen: true,
          requestedFen: true,
          membersJson: true,
          submittedAt: true,
          team: { select: { name: true, nameEn: true, institution: true, country: true } },
          challenge: {
            select: {
              id: true,
              code: true,
              title: true,
              titleEn: true,
              status: true,
              applicationDeadline: true,
              bountyFen: true,
              targets: { orderBy: { position: 'asc' }, select: { text: true } },
              criteria: {
                orderBy: { position: 'asc' },
                select: { id: true, key: true, name: true, nameEn: true, weight: true },
              },
            },
          },
        },
      },
    },
  });
  if (!a) return null;
  const ch = a.application.challenge;
  const attachments = await db.attachment.findMany({
    where: { ownerType: 'Application', ownerId: a.application.id },
    orderBy: { createdAt: 'asc' },
    select: { id: true, originalName: true },
  });
  const stored = ch.criteria.length
    ? ch.criteria.map((c) => ({ ...c, id: c.id as string | null }))
    : DEFAULT_CRITERIA.map((c) => ({ ...c, id: null as string | null }));
  const scoreOf = new Map(a.scores.map((s) => [s.criterionId, s]));
  let members: { name?: string; role?: string; title?: string }[] = [];
  try {
    const parsed: unknown = JSON.parse(a.application.membersJson);
    if (Array.isArray(parsed)) members = parsed as typeof members;
  } catch {
    members = [];
  }
  const open = isOpenForReview(a.application.status) && evaluationStatus(ch, now) === 'CLOSED';
  return {
    id: a.id,
    recused: a.recusedAt !== null,
    recuseReason: a.recuseReason,
    submittedAt: a.submittedAt?.toISOString() ?? null,
    open,
    canScore: open && a.recusedAt === null,
    challenge: {
      code: ch.code ?? '',
      title: ch.title,
      titleEn: ch.titleEn,
      bountyFen: toFenOrNull(ch.bountyFen),
      targets: ch.targets.map((t) => t.text),
    },
    application: {
      status: a.application.status,
      team: a.application.team.name,
      teamEn: a.application.team.nameEn,
      institution: a.application.institution ?? a.application.team.institution,
      country: a.application.team.country,
      approach: a.application.approach,
      schedule: a.application.schedule,
      budgetFen: toFenOrNull(a.application.budgetFen),
      requestedFen: toFenOrNull(a.application.requestedFen),
      submittedAt: a.application.submittedAt?.toISOString() ?? null,
      members: members.map((m) => ({
        name: String(m.name ?? ''),
        role: String(m.role ?? ''),
        title: String(m.title ?? ''),
      })),
      attachments,
    },
    criteria: stored.map((c) => {
      const s = c.id ? scoreOf.get(c.id) : undefined;
      return {
        key: c.key,
        name: c.name,
        nameEn: c.nameEn ?? null,
        weight: c.weight,
        score: s?.score ?? null,
        comment: s?.comment ?? '',
      };
    }),
  };
}

async function lockedAssignment(tx: Tx, reviewerId: string, id: string, now: Date) {
  const a = await tx.reviewAssignment.findFirst({
    where: { id, reviewerId },
    select: {
      id: true,
      recusedAt: true,
      reviewerId: true,
      applicationId: true,
      application: { select: { status: true, challenge: { select: challengeState } } },
    },
  });
  if (!a) throw new Refused('notFound');
  if (
    !isOpenForReview(a.application.status) ||
    evaluationStatus(a.application.challenge, now) !== 'CLOSED'
  )
    throw new Refused('decided');
  if (a.recusedAt) throw new Refused('recused');
  return a;
}

async function challengeOfAssignment(db: Db, reviewerId: string, id: string) {
  const a = await db.reviewAssignment.findFirst({
    where: { id, reviewerId },
    select: { application: { select: { challengeId: true } } },
  });
  return a?.application.challengeId ?? null;
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
): Promise<Result> {
  const challengeId = await challengeOfAssignment(db, reviewerId, assignmentId);
  if (!challengeId) return { ok: false, error: 'notFound' };
  const result = await refusing(() =>
    db.$transaction(async (tx) => {
      await lockChallenge(tx, challengeId);
      const a = await lockedAssignment(tx, reviewerId, assignmentId, now);
      const conflict = await conflictWith(tx, reviewerId, a.applicationId);
      if (conflict) {
        await tx.reviewAssignment.update({
          where: { id: a.id },
          data: { recusedAt: now, recuseReason: encodeRecuseReason({ kind: 'auto', conflict }) },
        });
        await audit(tx, {
          actorId: reviewerId,
          action: 'review.recused',
          entityType: 'ReviewAssignment',
          entityId: a.id,
          data: { conflict },
        });
        return { ok: false as const, error: 'conflictOfInterest' as const };
      }
      const criteria = await ensureCriteria(tx, challengeId);
      const byKey = new Map(scores.map((s) => [s.key, s]));
      if (byKey.size !== scores.length || criteria.length !== scores.length)
        throw new Refused('criteriaChanged');
      for (const c of criteria) {
        const s = byKey.get(c.key);
        if (!s) throw new Refused('criteriaChanged');
        if (!Number.isInteger(s.score) || s.score < 0 || s.score > 100)
          throw new Refused('invalid');
        await tx.score.upsert({
          where: { assignmentId_criterionId: { assignmentId: a.id, criterionId: c.id } },
          create: { assignmentId: a.id, criterionId: c.id, score: s.score, comment: s.comment },
          update: { score: s.score, comment: s.comment },
        });
      }
      await tx.reviewAssignment.update({ where: { id: a.id }, data: { submittedAt: now } });
      await audit(tx, {
        actorId: reviewerId,
        action: 'review.scored',
        entityType: 'ReviewAssignment',
        entityId: a.id,
        data: { applicationId: a.applicationId, scores: scores.map((s) => [s.key, s.score]) },
      });
      return { ok: true as const };
    }),
  );
  return result;
}

/** The reviewer declares a conflict of interest: recused, the scores no longer count. */
export async function declareConflict(
  db: Db,
  reviewerId: string,
  assignmentId: string,
  reason: string,
  now = new Date(),
): Promise<Result> {
  const challengeId = await challengeOfAssignment(db, reviewerId, assignmentId);
  if (!challengeId) return { ok: false, error: 'notFound' };
  return refusing(() =>
    db.$transaction(async (tx) => {
      await lockChallenge(tx, challengeId);
      const a = await lockedAssignment(tx, reviewerId, assignmentId, now);
      await tx.reviewAssignment.update({
        where: { id: a.id },
        data: {
          recusedAt: now,
          recuseReason: encodeRecuseReason({ kind: 'declared', text: reason }),
        },
      });
      await audit(tx, {
        actorId: reviewerId,
        action: 'review.recused',
        entityType: 'ReviewAssignment',
        entityId: a.id,
        data: { declared: reason },
      });
      return { ok: true as const };
    }),
  );
}

/* The team's feedback and appeal */

/**
 * What the team sees of its application's review once it is decided: per-criterion averages
 * and the comments of the reviewers who counted, never who wrote them; its rank; its appeal.
 * Another team's application is "not found".
 */
export async function feedbackForTeam(
  db: Db,
  teamId: string,
  applicationId: string,
  now = new Date(),
) {
  const application = await db.application.findFirst({
    where: { id: applicationId, teamId, status: { not: 'DRAFT' } },
    select: {
      id: true,
      status: true,
      decidedAt: true,
      challengeId: true,
      challenge: { select: { code: true, title: true, titleEn: true } },
      appeals: {
        orderBy: { createdAt: 'asc' },
        select: {
          id: true,
          reason: true,
          status: true,
          resolution: true,
          createdAt: true,
          resolvedAt: true,
        },
      },
    },
  });
  if (!application) return null;
  const decided =
    application.decidedAt !== null && ['AWARDED', 'DECLINED'].includes(application.status);
  const base = {
    id: application.id,
    status: application.status,
    decided,
    decidedAt: application.decidedAt?.toISOString() ?? null,
    challenge: {
      code: application.challenge.code ?? '',
      title: application.challenge.title,
      titleEn: application.challenge.titleEn,
    },
    appeals: application.appeals.map((a) => ({
      id: a.id,
      reason: a.reason,
      status: a.status as AppealStatus,
      resolution: a.resolution,
      createdAt: a.createdAt.toISOString(),
      resolvedAt: a.resolvedAt?.toISOString() ?? null,
    })),
    appealRefusal: appealRefusal(
      {
        status: application.status,
        decidedAt: application.decidedAt,
        appeals: application.appeals.length,
      },
      now,
    ),
    appealClosesAt: application.decidedAt
      ? appealClosesAt(application.decidedAt).toISOString()
      : null,
  };
  if (!decided) return { ...base, review: null };
  const [ranking, assignments] = await Promise.all([
    challengeRanking(db, application.challengeId),
    db.reviewAssignment.findMany({
      where: { applicationId, recusedAt: null, submittedAt: { not: null } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { scores: { select: { criterionId: true, comment: true } } },
    }),
  ]);
  const own = ranking.ranked.find((r) => r.id === applicationId);
  return {
    ...base,
    review: {
      weighted: own?.weighted == null ? null : roundScore(own.weighted),
      rank: own?.rank ?? null,
      ranked: ranking.ranked.filter((r) => r.rank !== null).length,
      reviewers: own?.summary.reviewers ?? 0,
      criteria: ranking.criteria.map((c) => {
        const avg = own?.summary.averages[c.id];
        return {
          name: c.name,
          nameEn: c.nameEn,
          weight: c.weight,
          average: avg === null || avg === undefined ? null : roundScore(avg),
          comments: assignments
            .map((a) => a.scores.find((s) => s.criterionId === c.id)?.comment ?? '')
            .filter((comment) => comment.trim() !== ''),
        };
      }),
    },
  };
}

const APPEAL_REFUSAL = {
  not_decided: 'appealNotDecided',
  not_declined: 'appealNotDeclined',
  window_closed: 'appealWindowClosed',
  already_appealed: 'appealAlready',
} as const;

export async function submitAppeal(
  db: Db,
  actor: Actor,
  applicationId: string,
  reason: string,
  opts: { origin?: string; now?: Date } = {},
): Promise<Result> {
  const now = opts.now ?? new Date();
  return thenDeliver(db, (queue) =>
    refusing(() =>
      db.$transaction(async (tx) => {
        // the write comes first: concurrent appeals on one application queue up here, and the
        // count below then sees the one that committed first
        const locked = await tx.application.updateMany({
          where: { id: applicationId, teamId: actor.organizationId },
          data: { updatedAt: now },
        });
        if (locked.count !== 1) throw new Refused('notFound');
        const application = await tx.application.findUniqueOrThrow({
          where: { id: applicationId },
          select: {
            status: true,
            decidedAt: true,
            challenge: { select: { code: true } },
            _count: { select: { appeals: true } },
          },
        });
        const refusal = appealRefusal(
          {
            status: application.status,
            decidedAt: application.decidedAt,
            appeals: application._count.appeals,
          },
          now,
        );
        if (refusal) throw new Refused(APPEAL_REFUSAL[refusal]);
        const appeal = await tx.appeal.create({
          data: { applicationId, reason, status: 'OPEN', createdAt: now },
        });
        await audit(tx, {
          actorId: actor.id,
          action: 'appeal.created',
          entityType: 'Appeal',
          entityId: appeal.id,
          data: { applicationId },
        });
        queue(
          await notifyUsers(tx, await staffIdsExcept(tx, ['ADMIN'], null), {
            kind: 'appealReceived',
            params: { code: application.challenge.code ?? '' },
            link: '/review/appeals',
            origin: opts.origin,
          }),
        );
        return { ok: true as const };
      }),
    ),
  );
}

export async function appealsForAdmins(db: Db) {
  const [open, resolved] = await Promise.all([
    db.appeal.findMany({
      where: { status: 'OPEN' },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: 200,
      select: appealSelect,
    }),
    db.appeal.findMany({
      where: { status: { not: 'OPEN' } },
      orderBy: [{ resolvedAt: 'desc' }, { id: 'asc' }],
      take: 30,
      select: appealSelect,
    }),
  ]);
  const names = await userNames(
    db,
    resolved.map((a) => a.resolvedById),
  );
  const view = (a: (typeof open)[number]) => ({
    id: a.id,
    reason: a.reason,
    status: a.status as AppealStatus,
    resolution: a.resolution,
    resolvedBy: a.resolvedById ? (names.get(a.resolvedById) ?? '—') : null,
    createdAt: a.createdAt.toISOString(),
    resolvedAt: a.resolvedAt?.toISOString() ?? null,
    applicationStatus: a.application.status,
    decidedAt: a.application.decidedAt?.toISOString() ?? null,
    team: a.application.team.name,
    teamEn: a.application.team.nameEn,
    code: a.application.challenge.code ?? '',
    title: a.application.challenge.title,
    titleEn: a.application.challenge.titleEn,
  });
  return { open: open.map(view), resolved: resolved.map(view) };
}

const appealSelect = {
  id: true,
  reason: true,
  status: true,
  resolution: true,
  resolvedById: true,
  createdAt: true,
  resolvedAt: true,
  application: {
    select: {
      status: true,
      decidedAt: true,
      team: { select: { name: true, nameEn: true } },
      challenge: { select: { code: true, title: true, titleEn: true } },
    },
  },
} as const;

export async function resolveAppeal(
  db: Db,
  actor: Actor,
  appealId: string,
  action: AppealAction,
  resolution: string,
  opts: { origin?: string; now?: Date } = {},
): Promise<Result> {
  const now = opts.now ?? new Date();
  return thenDeliver(db, (queue) =>
    refusing(() =>
      db.$transaction(async (tx) => {
        const appeal = await tx.appeal.findUnique({
          where: { id: appealId },
          select: {
            status: true,
            applicationId: true,
            application: { select: { teamId: true, challenge: { select: { code: true } } } },
          },
        });
        if (!appeal) throw new Refused('notFound');
        let to: AppealStatus;
        try {
          to = transitionAppeal(appeal.status as AppealStatus, action, actor.role);
        } catch (error) {
          if (error instanceof TransitionError) throw new Refused('invalid');
          throw error;
        }
        const updated = await tx.appeal.updateMany({
          where: { id: appealId, status: 'OPEN' },
          data: { status: to, resolution, resolvedById: actor.id, resolvedAt: now },
        });
        if (updated.count !== 1) throw new Refused('conflict');
        await audit(tx, {
          actorId: actor.id,
          action: `appeal.${action}`,
          entityType: 'Appeal',
          entityId: appealId,
          data: { applicationId: appeal.applicationId, to, resolution },
        });
        queue(
          await notifyOrganization(tx, appeal.application.teamId, {
            kind: 'appealResolved',
            params: { code: appeal.application.challenge.code ?? '', comment: resolution },
            link: `/applications/${appeal.applicationId}/feedback`,
            origin: opts.origin,
          }),
        );
        return { ok: true as const };
      }),
    ),
  );
}
