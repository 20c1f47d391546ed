// Vacancies (docs/decisions/033-next-ranked-team.md). An approved award without a signed
// contract is vacated when its team declines it or, at the bureau's word, when the signing
// deadline has passed; its slot is then free for the next-ranked team (promotions.server.ts).
// Every command locks the challenge, then the award (the order of kernel/locks), so it queues
// behind a contract registration of the same award.
import { transitionApplication, type ApplicationStatus } from '~/domain/application';
import {
  daysLeftToSign,
  signDeadline,
  transitionAwardVacancy,
  VACATE_REASON,
  vacancyRefusal,
  type AwardVacateAction,
} from '~/domain/award-vacancy';
import { isStaffRole, type Role } from '~/domain/roles';
import type { Db, Tx } from '~/lib/db.server';
import { env } from '~/lib/env.server';
import type { Actor } from '~/services/kernel/actor';
import type { Context } from '~/services/kernel/command.server';
import { lockAward } from '~/services/kernel/locks.server';
import type { Result } from '~/services/kernel/refusal';
import { challengeOf, checkTransition, staffIdsExcept } from './shared.server';
import { vacateApproved, vacateSelect } from './steps.server';
import {
  onVacancyChallenge,
  refuse,
  refusalOf,
  type VacancyOpts,
  type VacancyRefusalCode,
} from './vacancy-shared.server';

export { VACANCY_ERRORS, type VacancyOpts, type VacancyRefusalCode } from './vacancy-shared.server';

/**
 * Vacates an approved award inside the caller's command, which must hold the challenge's lock:
 * the award's row is locked too (a contract registration of it waits, then finds it VACATED),
 * its slot freed and kept in `vacatedSlotNo`, its application moved (`renounce` by the team,
 * `vacate` otherwise) and everyone concerned told. `action`: decline (the team), lapse (no
 * contract by the deadline), replace (an upheld appeal, app/services/evaluation/
 * appeal-remedies.server.ts). Refuses (throws Refused) when the award may not be vacated.
 */
export async function vacateAward(
  ctx: Context,
  actor: Actor,
  awardId: string,
  action: AwardVacateAction,
  opts: VacancyOpts & { comment?: string | null } = {},
) {
  const now = opts.now ?? new Date();
  const { tx } = ctx;
  if (!(await lockAward(tx, awardId))) refuse('notFound');
  const award = await tx.award.findUniqueOrThrow({ where: { id: awardId }, select: vacateSelect });
  const why = vacancyRefusal(
    { status: award.status, decidedAt: award.decidedAt, hasContract: award.contract !== null },
    action,
    { now, signDays: opts.signDays ?? env.AWARD_SIGN_DAYS },
  );
  if (why) refuse(why);
  checkTransition(() => transitionAwardVacancy('APPROVED', action, actor.role), 'forbidden');
  const from = award.application.status as ApplicationStatus;
  const verb = action === 'decline' ? 'renounce' : 'vacate';
  const appTo = checkTransition(() => transitionApplication(from, verb, actor.role), 'forbidden');
  const reason = VACATE_REASON[action];
  const comment = opts.comment?.trim() || null;
  await vacateApproved(ctx, award, {
    reason,
    verb,
    to: appTo,
    actorId: actor.id,
    now,
    at: now,
    data: { comment },
    applicationData: {},
  });
  const code = award.challenge.code ?? '';
  const notice = (kind: 'vacancy.vacatedTeam' | 'vacancy.vacatedEnterprise', link: string) => ({
    kind,
    params: { code, slot: String(award.slotNo ?? '') },
    link,
    origin: opts.origin,
  });
  await ctx.notifyOrganization(
    award.application.teamId,
    notice('vacancy.vacatedTeam', `/applications/${award.applicationId}`),
  );
  await ctx.notifyOrganization(
    award.challenge.enterpriseId,
    notice('vacancy.vacatedEnterprise', `/needs/${award.challenge.id}`),
  );
  await ctx.notifyUsers(await staffIdsExcept(tx, ['REVIEWER', 'ADMIN'], actor.id), {
    kind: 'vacancy.vacatedStaff',
    params: { code, slot: String(award.slotNo ?? '') },
    link: '/review/vacancies',
    origin: opts.origin,
  });
  return { slotNo: award.slotNo, reason };
}

/** The approved award of an application, or null. */
async function approvedAwardOf(db: Db | Tx, applicationId: string) {
  return db.award.findFirst({
    where: { applicationId, status: 'APPROVED' },
    select: { id: true, challengeId: true },
  });
}

/**
 * The team declines its award (before it signs a contract). Another team's application is
 * `notFound`, as if it did not exist.
 */
export async function declineAward(
  db: Db,
  actor: Actor,
  applicationId: string,
  comment: string,
  opts: VacancyOpts = {},
): Promise<Result<{ slotNo: number | null }, VacancyRefusalCode>> {
  if (actor.role !== 'TEAM') return refusalOf('forbidden');
  const application = await db.application.findUnique({
    where: { id: applicationId },
    select: { teamId: true, challengeId: true },
  });
  if (!application || application.teamId !== actor.organizationId) return refusalOf('notFound');
  return onVacancyChallenge(db, actor, application.challengeId, async (ctx) => {
    const award = await approvedAwardOf(ctx.tx, applicationId);
    if (!award) refuse('notApproved');
    const { slotNo } = await vacateAward(ctx, actor, award!.id, 'decline', { ...opts, comment });
    return { slotNo };
  });
}

/** Staff record that an approved award has no signed contract past its deadline. */
export async function markUnsigned(
  db: Db,
  actor: Actor,
  awardId: string,
  comment: string | null,
  opts: VacancyOpts = {},
): Promise<Result<{ slotNo: number | null }, VacancyRefusalCode>> {
  if (!isStaffRole(actor.role as Role)) return refusalOf('forbidden');
  const challengeId = await challengeOf(db, { awardId });
  if (!challengeId) return refusalOf('notFound');
  return onVacancyChallenge(db, actor, challengeId, async (ctx) => {
    const { slotNo } = await vacateAward(ctx, actor, awardId, 'lapse', { ...opts, comment });
    return { slotNo };
  });
}

/* The team's side */

/**
 * The approved award of the team's own application that it may still decline (no contract
 * signed), with its signing deadline; null when there is none. `own` false: not the team's.
 */
export async function declinableAward(
  db: Db,
  teamId: string,
  applicationId: string,
  now = new Date(),
) {
  const application = await db.application.findFirst({
    where: { id: applicationId, teamId },
    select: {
      id: true,
      status: true,
      challenge: { select: { code: true, title: true, titleEn: true } },
    },
  });
  if (!application) return { own: false as const };
  const award = await db.award.findFirst({
    where: { applicationId, status: 'APPROVED', contract: null, decidedAt: { not: null } },
    select: { id: true, slotNo: true, decidedAt: true },
  });
  const signDays = env.AWARD_SIGN_DAYS;
  return {
    own: true as const,
    application: {
      id: application.id,
      status: application.status,
      code: application.challenge.code ?? '',
      title: application.challenge.title,
      titleEn: application.challenge.titleEn,
    },
    award: award
      ? {
          id: award.id,
          slotNo: award.slotNo,
          deadline: signDeadline(award.decidedAt!, signDays).toISOString(),
          daysLeft: daysLeftToSign(award.decidedAt!, signDays, now),
        }
      : null,
  };
}
