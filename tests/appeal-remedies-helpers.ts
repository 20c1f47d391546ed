// Setup shared by the upheld-appeal tests (tests/appeal-remedies.db.test.ts): an appeal upheld
// on an awarded challenge, its round-2 scores, and a signed contract for an award.
import { expect } from 'vitest';
import { db } from '~/lib/db.server';
import { actorOf } from '~/services/kernel/actor';
import { assignReevaluators } from '~/services/evaluation/reevaluation.server';
import { resolveAppeal, submitAppeal } from '~/services/evaluation/appeals.server';
import { assignReviewers } from '~/services/evaluation/assignments.server';
import { approveAward, proposeAward } from '~/services/evaluation/awards.server';
import { submitScores } from '~/services/evaluation/scores.server';
import { closedChallenge, makeStaff, scoresFor, teamMember, uid } from './factories';
import { assignmentOf } from './evaluation-helpers';

/**
 * A challenge of `slots` slots and three bids scored 90, 70, 60 by one expert; the best
 * `slots` awarded (so the challenge is AWARDED and the others declined); the last bid's
 * appeal upheld by an admin.
 */
export async function upheldAppeal(slots = 1) {
  const { challenge, enterprise, applications } = await closedChallenge(db, {
    bids: 3,
    awardSlots: slots,
  });
  const reviewer = await makeStaff(db, 'REVIEWER');
  const admin = await makeStaff(db, 'ADMIN');
  const admin2 = await makeStaff(db, 'ADMIN');
  const r1 = await makeStaff(db, 'REVIEWER');
  expect((await assignReviewers(db, actorOf(reviewer), challenge.id, [r1.id])).ok).toBe(true);
  const values = [90, 70, 60];
  for (const [i, a] of applications.entries()) {
    const assignment = await assignmentOf(a.id, r1.id);
    const r = await submitScores(
      db,
      r1.id,
      assignment.id,
      await scoresFor(db, challenge.id, values[i]!),
    );
    expect(r.ok).toBe(true);
  }
  const awardIds: string[] = [];
  for (const a of applications.slice(0, slots)) {
    const p = await proposeAward(db, actorOf(reviewer), a.id);
    if (!p.ok) throw new Error(p.error);
    expect((await approveAward(db, actorOf(admin), p.awardId)).ok).toBe(true);
    awardIds.push(p.awardId);
  }
  const appellant = applications[2]!;
  expect((await db.application.findUniqueOrThrow({ where: { id: appellant.id } })).status).toBe(
    'DECLINED',
  );
  const member = await teamMember(db, appellant.teamId);
  const filed = await submitAppeal(db, actorOf(member), appellant.id, '评分有误');
  expect(filed.ok).toBe(true);
  const appeal = await db.appeal.findFirstOrThrow({ where: { applicationId: appellant.id } });
  const upheld = await resolveAppeal(db, actorOf(admin), appeal.id, 'uphold', '理由成立');
  expect(upheld.ok).toBe(true);
  return {
    challenge,
    enterprise,
    applications,
    appellant,
    member,
    appealId: appeal.id,
    awardIds,
    reviewer,
    admin,
    admin2,
    r1,
  };
}

export type Setup = Awaited<ReturnType<typeof upheldAppeal>>;

/** Round 2 by `n` new experts, each scoring `value` on every criterion. */
export async function reevaluate(s: Setup, value: number, n = 2) {
  const experts = await Promise.all(Array.from({ length: n }, () => makeStaff(db, 'REVIEWER')));
  const assigned = await assignReevaluators(
    db,
    actorOf(s.reviewer),
    s.appealId,
    experts.map((e) => e.id),
  );
  expect(assigned.ok).toBe(true);
  for (const e of experts) {
    const a = await assignmentOf(s.appellant.id, e.id);
    expect(a.round).toBe(2);
    const r = await submitScores(db, e.id, a.id, await scoresFor(db, s.challenge.id, value));
    expect(r.ok).toBe(true);
  }
  return experts;
}

export const appealOf = (s: Setup) => db.appeal.findUniqueOrThrow({ where: { id: s.appealId } });
export const statusOf = async (id: string) =>
  (await db.application.findUniqueOrThrow({ where: { id } })).status;

export async function signContract(awardId: string) {
  const award = await db.award.findUniqueOrThrow({
    where: { id: awardId },
    include: { challenge: true, application: true },
  });
  await db.contract.create({
    data: {
      code: `HT-TEST-${uid()}`,
      challengeId: award.challengeId,
      awardId,
      enterpriseId: award.challenge.enterpriseId,
      teamId: award.application.teamId,
      rewardFen: 100_000_000n,
      rdInvestmentFen: 100_000_000n,
      status: 'SIGNED',
      signedAt: new Date(),
    },
  });
}
