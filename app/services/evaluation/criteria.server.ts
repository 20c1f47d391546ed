// A challenge's review setup: its criteria and weights (fixed once anyone has scored) and its
// award slots with the stage gate of 赛马制 (fixed once an award is approved).
import { criterionKeys, DEFAULT_CRITERIA, validateCriteria } from '~/domain/evaluation';
import { startOfShanghaiDay } from '~/domain/shanghai-date';
import type { Db, Tx } from '~/lib/db.server';
import type { Actor } from '~/services/kernel/actor';
import { command } from '~/services/kernel/command.server';
import { challengeState, evaluationStatus, onChallenge, refusalOf, refuse } from './shared.server';

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

function assertNotDecided(challenge: { status: string; applicationDeadline: Date }, now: Date) {
  const status = evaluationStatus(challenge, now);
  if (status !== 'PUBLISHED' && status !== 'CLOSED') refuse('decided');
}

export async function setCriteria(
  db: Db,
  actor: Actor,
  challengeId: string,
  rows: { name: string; nameEn?: string | null; weight: number }[] | 'defaults',
  now = new Date(),
) {
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
  if (!validateCriteria(criteria).ok) return refusalOf('weights', { field: 'criteria' });
  return command(db, onChallenge(actor, challengeId), async ({ tx, audit }) => {
    const challenge = await tx.challenge.findUniqueOrThrow({
      where: { id: challengeId },
      select: challengeState,
    });
    assertNotDecided(challenge, now);
    const scored = await tx.score.count({ where: { criterion: { challengeId } } });
    if (scored > 0) refuse('criteriaLocked');
    await tx.reviewCriterion.deleteMany({ where: { challengeId } });
    await tx.reviewCriterion.createMany({
      data: criteria.map((c, i) => ({ challengeId, ...c, position: i + 1 })),
    });
    await audit({
      action: 'review.criteria_set',
      entityType: 'Challenge',
      entityId: challengeId,
      data: { criteria: criteria.map((c) => ({ key: c.key, name: c.name, weight: c.weight })) },
    });
    return {};
  });
}

export async function setSlots(
  db: Db,
  actor: Actor,
  challengeId: string,
  input: { awardSlots: number; stageGateDate: Date | null },
  now = new Date(),
) {
  const stageGateDate = input.awardSlots > 1 ? input.stageGateDate : null;
  return command(db, onChallenge(actor, challengeId), async ({ tx, audit }) => {
    const challenge = await tx.challenge.findUniqueOrThrow({
      where: { id: challengeId },
      select: challengeState,
    });
    assertNotDecided(challenge, now);
    const approved = await tx.award.count({ where: { challengeId, status: 'APPROVED' } });
    if (approved > 0) refuse('slotsLocked');
    // the gate compares the parallel teams' work: it cannot come before applications close
    if (
      stageGateDate &&
      stageGateDate.getTime() <= startOfShanghaiDay(challenge.applicationDeadline).getTime()
    )
      refuse('stageGateBeforeDeadline', { field: 'stageGateDate' });
    await tx.challenge.update({
      where: { id: challengeId },
      data: { awardSlots: input.awardSlots, stageGateDate },
    });
    await audit({
      action: 'challenge.slots_set',
      entityType: 'Challenge',
      entityId: challengeId,
      data: {
        from: { awardSlots: challenge.awardSlots, stageGateDate: challenge.stageGateDate },
        to: { awardSlots: input.awardSlots, stageGateDate },
      },
    });
    return {};
  });
}
