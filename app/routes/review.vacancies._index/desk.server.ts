// The staff's vacancy desk (docs/decisions/033): approved awards still without a contract and
// the days their teams have left to sign, and every vacated slot with its history (who vacated
// it, when, why, which team), the promotions proposed for it and, while it is open, the
// next-ranked candidate.
import { daysLeftToSign, signDeadline } from '~/domain/award-vacancy';
import { roundScore } from '~/domain/evaluation';
import type { Db } from '~/lib/db.server';
import { env } from '~/lib/env.server';
import { candidatesFor } from '~/services/evaluation/promotions.server';
import { conflictWith, userNames } from '~/services/evaluation/shared.server';
import type { Actor } from '~/services/kernel/actor';
import { auditData } from '~/services/kernel/audit.server';

const teamSelect = {
  select: {
    id: true,
    institution: true,
    team: { select: { name: true, nameEn: true, institution: true } },
  },
} as const;

const challengeSelect = {
  select: { id: true, code: true, title: true, titleEn: true, awardSlots: true },
} as const;

export async function vacancyDesk(db: Db, actor: Actor, now = new Date()) {
  const signDays = env.AWARD_SIGN_DAYS;
  const [unsigned, vacated] = await Promise.all([
    db.award.findMany({
      where: { status: 'APPROVED', contract: null, decidedAt: { not: null } },
      orderBy: [{ decidedAt: 'asc' }, { id: 'asc' }],
      take: 200,
      select: {
        id: true,
        slotNo: true,
        kind: true,
        decidedAt: true,
        challenge: challengeSelect,
        application: teamSelect,
      },
    }),
    db.award.findMany({
      where: { status: 'VACATED' },
      orderBy: [{ vacatedAt: 'desc' }, { id: 'asc' }],
      take: 100,
      select: {
        id: true,
        vacatedAt: true,
        vacatedReason: true,
        vacatedSlotNo: true,
        vacatedById: true,
        challengeId: true,
        challenge: challengeSelect,
        application: teamSelect,
      },
    }),
  ]);
  const vacatedIds = vacated.map((v) => v.id);
  const [promotions, audits] = await Promise.all([
    db.award.findMany({
      where: { replacesAwardId: { in: vacatedIds }, kind: 'PROMOTION' },
      orderBy: [{ proposedAt: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        status: true,
        replacesAwardId: true,
        applicationId: true,
        proposedById: true,
        proposedAt: true,
        decidedById: true,
        decidedAt: true,
        reason: true,
        slotNo: true,
        application: teamSelect,
      },
    }),
    db.auditEvent.findMany({
      where: { action: 'award.vacated', entityType: 'Award', entityId: { in: vacatedIds } },
      select: { entityId: true, data: true },
    }),
  ]);
  const comments = new Map(
    audits.map((a) => {
      const comment = auditData(a.data).comment;
      return [a.entityId, typeof comment === 'string' ? comment : null] as const;
    }),
  );
  const names = await userNames(db, [
    ...vacated.map((v) => v.vacatedById),
    ...promotions.flatMap((p) => [p.proposedById, p.decidedById]),
  ]);
  const team = (a: (typeof vacated)[number]['application']) => ({
    applicationId: a.id,
    team: a.team.name,
    teamEn: a.team.nameEn,
    institution: a.institution ?? a.team.institution,
  });
  const challenge = (c: (typeof vacated)[number]['challenge']) => ({
    code: c.code ?? '',
    title: c.title,
    titleEn: c.titleEn,
    awardSlots: c.awardSlots,
  });

  const slots = [];
  for (const v of vacated) {
    const mine = promotions.filter((p) => p.replacesAwardId === v.id);
    // a slot vacated by an upheld appeal's replacement went to the appellant at once (ADR 034)
    const open =
      v.vacatedReason !== 'REPLACED' &&
      !mine.some((p) => p.status === 'PROPOSED' || p.status === 'APPROVED');
    let candidate = null;
    if (open) {
      const found = await candidatesFor(db, v.id);
      const c = found.candidate;
      const row = c ? found.rows.find((r) => r.id === c.id) : undefined;
      if (c && row) {
        const app = await db.application.findUniqueOrThrow({
          where: { id: c.id },
          select: teamSelect.select,
        });
        candidate = {
          ...team(app),
          rank: c.rank,
          weighted: c.weighted === null ? null : roundScore(c.weighted),
          status: c.status,
          conflict: (await conflictWith(db, actor.id, c.id)) !== null,
        };
      }
    }
    slots.push({
      id: v.id,
      ...challenge(v.challenge),
      ...team(v.application),
      slotNo: v.vacatedSlotNo,
      reason: v.vacatedReason ?? '',
      comment: comments.get(v.id) ?? null,
      vacatedAt: v.vacatedAt?.toISOString() ?? null,
      vacatedBy: v.vacatedById ? (names.get(v.vacatedById) ?? '—') : '—',
      open,
      candidate,
      promotions: await Promise.all(
        mine.map(async (p) => ({
          id: p.id,
          status: p.status,
          ...team(p.application),
          proposedBy: names.get(p.proposedById) ?? '—',
          proposedAt: p.proposedAt.toISOString(),
          decidedBy: p.decidedById ? (names.get(p.decidedById) ?? '—') : null,
          decidedAt: p.decidedAt?.toISOString() ?? null,
          reason: p.reason,
          mine: p.proposedById === actor.id,
          conflict:
            p.status === 'PROPOSED' && (await conflictWith(db, actor.id, p.applicationId)) !== null,
        })),
      ),
    });
  }

  return {
    isAdmin: actor.role === 'ADMIN',
    signDays,
    awaiting: unsigned.map((a) => {
      const decidedAt = a.decidedAt!;
      const daysLeft = daysLeftToSign(decidedAt, signDays, now);
      return {
        id: a.id,
        ...challenge(a.challenge),
        ...team(a.application),
        slotNo: a.slotNo,
        approvedAt: decidedAt.toISOString(),
        deadline: signDeadline(decidedAt, signDays).toISOString(),
        daysLeft,
        overdue: daysLeft < 0,
      };
    }),
    slots,
  };
}

export type VacancyDeskView = Awaited<ReturnType<typeof vacancyDesk>>;
