// The evaluation desk of one challenge: what the page shows (the ranked table, awards,
// assignments, criteria and slots) and what its forms' intents do.
import { isParallelAward } from '~/domain/award';
import {
  DEFAULT_CRITERIA,
  detectConflict,
  isOpenForReview,
  REVIEWED_STATUSES,
  roundScore,
} from '~/domain/evaluation';
import { dueDayAfter } from '~/domain/review-due';
import { parseShanghaiDate, shanghaiDateString, startOfShanghaiDay } from '~/domain/shanghai-date';
import type { ChallengeDeskInput } from '~/forms/evaluation';
import { awardDecisionSelect } from '~/components/desk/selects.server';
import type { Db } from '~/lib/db.server';
import { challengeSummarySelect } from '~/services/needs/selects';
import type { DoneKey } from '~/lib/done';
import { toFenOrNull } from '~/lib/fen';
import { assignReviewers, unassign } from '~/services/evaluation/assignments.server';
import { proposeAward, recordStageGate } from '~/services/evaluation/awards.server';
import { finalizeParallelAward, unawardChallenge } from '~/services/evaluation/closing.server';
import { setCriteria, setSlots } from '~/services/evaluation/criteria.server';
import { decideApplication } from '~/services/evaluation/decisions.server';
import { challengeRanking } from '~/services/evaluation/ranking.server';
import {
  challengeOf,
  evaluationStatus,
  refusalOf,
  userNames,
  type Opts,
} from '~/services/evaluation/shared.server';
import type { Actor } from '~/services/kernel/actor';
import type { Refusal, Result } from '~/services/kernel/refusal';

/** The challenge a desk's form posts to, by its code; null when there is none. */
export function deskChallenge(db: Db, code: string) {
  return db.challenge.findFirst({
    where: { code, NOT: { code: null } },
    select: { id: true, code: true },
  });
}

export async function challengeDesk(db: Db, code: string, viewer: Actor, now = new Date()) {
  const challenge = await db.challenge.findUnique({
    where: { code },
    select: { ...challengeSummarySelect, awardSlots: true, stageGateDate: true },
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
        ...awardDecisionSelect,
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
    /** the assign form's due date until the user picks another */
    defaultDueDate: shanghaiDateString(dueDayAfter(now)),
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

/** What the desk tells the user after an intent (a `challengeDesk` notice, app/lib/done.ts). */
export type DeskDone = { done: DoneKey<'challengeDesk'>; values?: Record<string, number> };

/** Runs one intent of the challenge's evaluation desk for a member of the bureau. */
export async function runDeskIntent(
  db: Db,
  actor: Actor,
  challengeId: string,
  input: ChallengeDeskInput,
  opts: Opts = {},
): Promise<({ ok: true } & DeskDone) | Refusal> {
  const done = (r: Result, what: DeskDone['done']) =>
    r.ok ? { ok: true as const, done: what } : r;
  switch (input.intent) {
    case 'criteria':
      return done(
        await setCriteria(
          db,
          actor,
          challengeId,
          input.criteria.map((c) => ({ name: c.name, nameEn: c.nameEn, weight: Number(c.weight) })),
          opts.now,
        ),
        'criteriaSaved',
      );
    case 'defaults':
      return done(await setCriteria(db, actor, challengeId, 'defaults', opts.now), 'criteriaSaved');
    case 'slots':
      return done(
        await setSlots(
          db,
          actor,
          challengeId,
          {
            awardSlots: Number(input.awardSlots),
            stageGateDate: input.stageGateDate ? parseShanghaiDate(input.stageGateDate) : null,
          },
          opts.now,
        ),
        'slotsSaved',
      );
    case 'assign': {
      const dueAt = input.dueDate ? parseShanghaiDate(input.dueDate)! : undefined;
      const r = await assignReviewers(db, actor, challengeId, input.reviewerIds, {
        ...opts,
        dueAt,
      });
      return r.ok
        ? { ok: true, done: 'assigned', values: { created: r.created, recused: r.recused } }
        : r;
    }
    case 'unassign':
      return done(await unassign(db, actor, challengeId, input.assignmentId), 'unassigned');
    case 'shortlist':
    case 'decline':
      return done(
        await decideApplication(db, actor, challengeId, input.applicationId, input.intent, opts),
        input.intent === 'shortlist' ? 'shortlisted' : 'declined',
      );
    case 'propose': {
      if ((await challengeOf(db, { applicationId: input.applicationId })) !== challengeId)
        return refusalOf('notFound');
      return done(await proposeAward(db, actor, input.applicationId, opts), 'proposed');
    }
    case 'finalize':
      if (actor.role !== 'ADMIN') return refusalOf('forbidden');
      return done(await finalizeParallelAward(db, actor, challengeId, opts), 'finalized');
    case 'unaward':
      return done(await unawardChallenge(db, actor, challengeId, opts), 'unawarded');
    case 'stageGate': {
      if ((await challengeOf(db, { awardId: input.awardId })) !== challengeId)
        return refusalOf('notFound');
      return done(
        await recordStageGate(db, actor, input.awardId, input.outcome, input.comment, opts),
        'stageGateRecorded',
      );
    }
  }
}
