// The next-ranked team (docs/decisions/033-next-ranked-team.md): staff propose the next-ranked
// eligible application for a slot freed by a vacancy (vacancies.server.ts), as an award of kind
// PROMOTION, and an admin who did not propose it approves or rejects. Every command locks the
// challenge, then the award (the order of kernel/locks); the unique (challengeId, slotNo) index
// makes a slot impossible to fill twice.
import {
  isActiveApplication,
  transitionApplication,
  type ApplicationStatus,
} from '~/domain/application';
import type { AwardProposalAction } from '~/domain/award';
import { candidateExclusion, nextRankedCandidate, promotionRefusal } from '~/domain/award-vacancy';
import { isStaffRole, type Role } from '~/domain/roles';
import { isUniqueViolation, type Db, type Tx } from '~/lib/db.server';
import type { Actor } from '~/services/kernel/actor';
import { lockAward } from '~/services/kernel/locks.server';
import type { Result } from '~/services/kernel/refusal';
import { closeOut } from './closing.server';
import { challengeRanking } from './ranking.server';
import {
  challengeOf,
  challengeState,
  checkTransition,
  conflictWith,
  evaluationStatus,
  staffIdsExcept,
} from './shared.server';
import {
  approveProposal,
  checkProposalDecision,
  moveApplicationStatus,
  rejectProposal,
  setAsideProposals,
  slotProposalState,
} from './steps.server';
import {
  onVacancyChallenge,
  refuse,
  refusalOf,
  type VacancyOpts,
  type VacancyRefusalCode,
} from './vacancy-shared.server';

/* The next-ranked candidate */

/**
 * The ranking of the vacancy's challenge with what the promotion rules need of each row, and
 * the candidate they choose (null when nobody is eligible).
 */
export async function candidatesFor(db: Db | Tx, vacatedAwardId: string) {
  const vacated = await db.award.findUniqueOrThrow({
    where: { id: vacatedAwardId },
    select: { challengeId: true },
  });
  const challengeId = vacated.challengeId;
  // one query after the other: inside a transaction they share one connection
  const { ranked } = await challengeRanking(db, challengeId);
  const awards = await db.award.findMany({
    where: { challengeId, status: { in: ['PROPOSED', 'APPROVED', 'VACATED'] } },
    select: { applicationId: true },
  });
  const rejected = await db.award.findMany({
    where: { replacesAwardId: vacatedAwardId, kind: 'PROMOTION', status: 'REJECTED' },
    select: { applicationId: true },
  });
  const others = await db.application.findMany({
    where: { challengeId, active: true },
    select: { id: true, teamId: true, status: true },
  });
  const withAward = new Set(awards.map((a) => a.applicationId));
  const rejectedIds = new Set(rejected.map((a) => a.applicationId));
  const rows = ranked.map((r) => ({
    id: r.id,
    status: r.status,
    teamId: r.teamId,
    weighted: r.weighted,
    rank: r.rank,
    hasAward: withAward.has(r.id),
    rejectedForSlot: rejectedIds.has(r.id),
    teamBusy: others.some(
      (o) =>
        o.teamId === r.teamId &&
        o.id !== r.id &&
        isActiveApplication(o.status as ApplicationStatus),
    ),
  }));
  return {
    challengeId,
    rows: rows.map((r) => ({ ...r, exclusion: candidateExclusion(r) })),
    candidate: nextRankedCandidate(rows),
  };
}

/**
 * Staff propose the next-ranked eligible application for a vacated slot. `expectedId` is the
 * candidate the proposer saw: if the ranking chose another meanwhile, `candidateChanged`.
 * Of two proposals for one vacancy at once, the challenge's lock lets one through; the other
 * finds it waiting (`pendingPromotion`).
 */
export async function proposePromotion(
  db: Db,
  actor: Actor,
  vacatedAwardId: string,
  expectedId: string,
  opts: VacancyOpts = {},
): Promise<Result<{ awardId: string; applicationId: string }, VacancyRefusalCode>> {
  const now = opts.now ?? new Date();
  if (!isStaffRole(actor.role as Role)) return refusalOf('forbidden');
  const challengeId = await challengeOf(db, { awardId: vacatedAwardId });
  if (!challengeId) return refusalOf('notFound');
  return onVacancyChallenge(db, actor, challengeId, async ({ tx, audit, notifyUsers }) => {
    const vacated = await tx.award.findUniqueOrThrow({
      where: { id: vacatedAwardId },
      select: {
        status: true,
        vacatedSlotNo: true,
        challenge: { select: challengeState },
      },
    });
    const status = evaluationStatus(vacated.challenge, now);
    if (status !== 'CLOSED' && status !== 'AWARDED') refuse('decided');
    const promotions = await tx.award.findMany({
      where: { replacesAwardId: vacatedAwardId },
      select: { status: true },
    });
    const slotTaken =
      vacated.vacatedSlotNo !== null &&
      (await tx.award.count({ where: { challengeId, slotNo: vacated.vacatedSlotNo } })) > 0;
    const why = promotionRefusal({
      status: vacated.status,
      vacatedSlotNo: vacated.vacatedSlotNo,
      slotTaken,
      promotions: promotions.map((p) => p.status),
    });
    if (why) refuse(why);
    const { candidate } = await candidatesFor(tx, vacatedAwardId);
    if (!candidate) refuse('noCandidate');
    if (candidate!.id !== expectedId) refuse('candidateChanged');
    if (await conflictWith(tx, actor.id, candidate!.id)) refuse('conflictOfInterest');
    const award = await tx.award.create({
      data: {
        challengeId,
        applicationId: candidate!.id,
        status: 'PROPOSED',
        kind: 'PROMOTION',
        replacesAwardId: vacatedAwardId,
        proposedById: actor.id,
        proposedAt: now,
      },
      select: { id: true },
    });
    await audit({
      action: 'award.promotion_proposed',
      entityType: 'Award',
      entityId: award.id,
      data: {
        challengeId,
        applicationId: candidate!.id,
        replacesAwardId: vacatedAwardId,
        slotNo: vacated.vacatedSlotNo,
        rank: candidate!.rank,
      },
      at: now,
    });
    await notifyUsers(await staffIdsExcept(tx, ['ADMIN'], actor.id), {
      kind: 'vacancy.promotionProposed',
      params: { code: vacated.challenge.code ?? '' },
      link: '/review/vacancies',
      origin: opts.origin,
    });
    return { awardId: award.id, applicationId: candidate!.id };
  });
}

/* The admin's decision on a promotion */

const promotionSelect = {
  ...slotProposalState,
  replacesAwardId: true,
} as const;

function checkDecision(
  p: { kind: string; status: string; proposedById: string },
  action: AwardProposalAction,
  actor: Actor,
) {
  if (p.kind !== 'PROMOTION') refuse('notPromotion');
  checkProposalDecision(p, action, actor);
}

async function approveOnce(
  db: Db,
  actor: Actor,
  challengeId: string,
  id: string,
  opts: VacancyOpts & { reason: string | null },
) {
  const now = opts.now ?? new Date();
  return onVacancyChallenge(db, actor, challengeId, async (ctx) => {
    const { tx, audit } = ctx;
    if (!(await lockAward(tx, id))) refuse('notFound');
    const p = await tx.award.findUniqueOrThrow({ where: { id }, select: promotionSelect });
    checkDecision(p, 'approve', actor);
    if (await conflictWith(tx, actor.id, p.applicationId)) refuse('conflictOfInterest');
    const status = evaluationStatus(p.challenge, now);
    if (status !== 'CLOSED' && status !== 'AWARDED') refuse('decided');
    const vacated = await tx.award.findUnique({
      where: { id: p.replacesAwardId ?? '' },
      select: { status: true, vacatedSlotNo: true },
    });
    if (!vacated || vacated.status !== 'VACATED' || vacated.vacatedSlotNo === null)
      refuse('notVacated');
    const slotNo = vacated!.vacatedSlotNo!;
    if ((await tx.award.count({ where: { challengeId, slotNo } })) > 0) refuse('alreadyFilled');
    const from = p.application.status as ApplicationStatus;
    const appTo = checkTransition(
      () => transitionApplication(from, 'promote', actor.role),
      'forbidden',
    );
    await approveProposal(tx, id, slotNo, { actorId: actor.id, now, reason: opts.reason });
    await audit({
      action: 'award.promotion_approved',
      entityType: 'Award',
      entityId: id,
      data: {
        challengeId,
        applicationId: p.applicationId,
        replacesAwardId: p.replacesAwardId,
        slotNo,
        reason: opts.reason,
      },
      at: now,
    });
    await moveApplicationStatus(ctx, {
      id: p.applicationId,
      from,
      to: appTo,
      verb: 'promote',
      set: { active: true, decidedAt: now },
      data: { awardId: id },
      at: now,
    });
    // other promotions still waiting for this vacancy are set aside
    await setAsideProposals(
      ctx,
      { replacesAwardId: p.replacesAwardId, id: { not: id } },
      'award.promotion_approved',
      { actorId: actor.id, now, at: now },
    );
    const code = p.challenge.code ?? '';
    await ctx.notifyOrganization(p.application.teamId, {
      kind: 'vacancy.promoted',
      params: { code },
      link: `/applications/${p.applicationId}/feedback`,
      origin: opts.origin,
    });
    await ctx.notifyOrganization(p.challenge.enterpriseId, {
      kind: 'vacancy.slotFilled',
      params: { code, slot: String(slotNo) },
      link: `/needs/${p.challenge.id}`,
      origin: opts.origin,
    });
    await ctx.notifyUsers([p.proposedById], {
      kind: 'vacancy.slotFilled',
      params: { code, slot: String(slotNo) },
      link: '/review/vacancies',
      origin: opts.origin,
    });
    // a vacancy on a challenge still under award: its last slot filled closes the award
    if (status === 'CLOSED') {
      const approved = await tx.award.count({ where: { challengeId, status: 'APPROVED' } });
      if (approved >= p.challenge.awardSlots)
        await closeOut(ctx, actor, p.challenge, 'award', now, opts.origin);
    }
    return { slotNo };
  });
}

/**
 * An admin who did not propose it approves or rejects a promotion. The promoted award takes the
 * vacated slot's number; if anything took it first, `alreadyFilled` (the unique slot index
 * answers a race the lock did not).
 */
export async function decidePromotion(
  db: Db,
  actor: Actor,
  promotionId: string,
  action: AwardProposalAction,
  reason: string | null,
  opts: VacancyOpts = {},
): Promise<Result<{ slotNo: number | null }, VacancyRefusalCode>> {
  if (actor.role !== 'ADMIN') return refusalOf('forbidden');
  const challengeId = await challengeOf(db, { awardId: promotionId });
  if (!challengeId) return refusalOf('notFound');
  if (action === 'approve') {
    try {
      return await approveOnce(db, actor, challengeId, promotionId, { ...opts, reason });
    } catch (error) {
      if (isUniqueViolation(error)) return refusalOf('alreadyFilled');
      throw error;
    }
  }
  const now = opts.now ?? new Date();
  return onVacancyChallenge(db, actor, challengeId, async (ctx) => {
    if (!(await lockAward(ctx.tx, promotionId))) refuse('notFound');
    const p = await ctx.tx.award.findUniqueOrThrow({
      where: { id: promotionId },
      select: promotionSelect,
    });
    checkDecision(p, 'reject', actor);
    await rejectProposal(ctx.tx, promotionId, { actorId: actor.id, now, reason });
    await ctx.audit({
      action: 'award.promotion_rejected',
      entityType: 'Award',
      entityId: promotionId,
      data: {
        challengeId,
        applicationId: p.applicationId,
        replacesAwardId: p.replacesAwardId,
        reason,
      },
      at: now,
    });
    await ctx.notifyUsers([p.proposedById], {
      kind: 'vacancy.promotionRejected',
      params: { code: p.challenge.code ?? '', comment: reason ?? '' },
      link: '/review/vacancies',
      origin: opts.origin,
    });
    return { slotNo: null };
  });
}
