// Vacancies and the next-ranked team (docs/decisions/033), on both engines: a team declines its
// award (the slot is vacated, its history kept), staff propose the next-ranked application, a
// different admin approves; four-eyes, a signed contract, the signing deadline, a rejected
// promotion, races for one slot, and hostile input that writes nothing.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import {
  action as declineAction,
  loader as declineLoader,
} from '~/routes/applications.$id.decline/route';
import { loader as applicationLoader } from '~/routes/applications.$id._index';
import { action as deskAction, loader as deskLoader } from '~/routes/review.vacancies._index/route';
import { approveAward, proposeAward } from '~/services/evaluation/awards.server';
import {
  candidatesFor,
  decidePromotion,
  proposePromotion,
} from '~/services/evaluation/promotions.server';
import { declineAward, markUnsigned } from '~/services/evaluation/vacancies.server';
import { actorOf } from '~/services/kernel/actor';
import { closedChallenge, DAY_MS, makeStaff, makeUser, teamMember } from './factories';
import { raceAcrossProcesses, RACE_TIMEOUT, type RaceOutcome } from './race';
import { args, doneOf, errorsOf, postAs, signedInRequest, statusOf } from './route-call';

afterAll(() => db.$disconnect());

/**
 * A closed challenge with `scores.length` bids scored (one criterion, one reviewer each; null:
 * no score) and its first bid awarded by the ordinary path (proposal, another admin's approval).
 */
async function awardedChallenge(scores: (number | null)[], awardSlots = 1) {
  const { challenge, applications } = await closedChallenge(db, {
    bids: scores.length,
    ...(awardSlots > 1 ? { awardSlots, stageGateDate: new Date('2030-06-30T00:00:00+08:00') } : {}),
  });
  const criterion = await db.reviewCriterion.create({
    data: { challengeId: challenge.id, key: 'tech', name: '技术方案', weight: 100, position: 1 },
  });
  const scorer = await makeStaff(db, 'REVIEWER');
  for (const [i, score] of scores.entries()) {
    if (score === null) continue;
    const assignment = await db.reviewAssignment.create({
      data: {
        applicationId: applications[i]!.id,
        reviewerId: scorer.id,
        dueAt: new Date(),
        submittedAt: new Date(),
      },
    });
    await db.score.create({
      data: { assignmentId: assignment.id, criterionId: criterion.id, score },
    });
  }
  const reviewer = await makeStaff(db, 'REVIEWER');
  const admin = await makeStaff(db, 'ADMIN');
  const admin2 = await makeStaff(db, 'ADMIN');
  const awardIds: string[] = [];
  for (const a of applications.slice(0, awardSlots)) {
    const proposed = await proposeAward(db, actorOf(reviewer), a.id);
    if (!proposed.ok) throw new Error(proposed.error);
    const approved = await approveAward(db, actorOf(admin), proposed.awardId);
    if (!approved.ok) throw new Error(approved.error);
    awardIds.push(proposed.awardId);
  }
  const enterpriseUser = await makeUser(db, {
    role: 'ENTERPRISE',
    organizationId: challenge.enterpriseId,
  });
  return { challenge, applications, reviewer, admin, admin2, awardIds, enterpriseUser };
}

const award = (id: string) => db.award.findUniqueOrThrow({ where: { id } });
const application = (id: string) => db.application.findUniqueOrThrow({ where: { id } });

/** Counts of the rows a refused command must not touch. */
async function footprint(challengeId: string) {
  return {
    awards: await db.award.findMany({
      where: { challengeId },
      orderBy: { id: 'asc' },
      select: { id: true, status: true, slotNo: true, vacatedAt: true },
    }),
    applications: await db.application.findMany({
      where: { challengeId },
      orderBy: { id: 'asc' },
      select: { id: true, status: true, active: true },
    }),
    audits: await db.auditEvent.count({
      where: { action: { startsWith: 'award.' }, data: { contains: challengeId } },
    }),
  };
}

describe(`vacancies (${inject('databaseKind')})`, () => {
  it('team declines → slot vacated with its history; the next-ranked team is proposed, approved by another admin and takes the slot', async () => {
    const f = await awardedChallenge([90, 70, 80]);
    const [winner, , second] = f.applications;
    const winnerMember = await teamMember(db, winner!.teamId);
    const secondMember = await teamMember(db, second!.teamId);
    const awardId = f.awardIds[0]!;

    // the application page offers the team its way out, and the page shows the deadline
    const page = (await applicationLoader(
      args(await signedInRequest(db, winnerMember, `/applications/${winner!.id}`), {
        id: winner!.id,
      }),
    )) as { declinable: boolean };
    expect(page.declinable).toBe(true);
    const form = (await declineLoader(
      args(await signedInRequest(db, winnerMember, `/applications/${winner!.id}/decline`), {
        id: winner!.id,
      }),
    )) as { award: { daysLeft: number } | null };
    expect(form.award?.daysLeft).toBe(30);

    const decline = (user: typeof winnerMember, fields: Record<string, string>) =>
      postAs(db, declineAction, user, `/applications/${winner!.id}/decline`, fields, {
        id: winner!.id,
      });
    // another team's member gets 404; the form refuses a missing confirmation and writes nothing
    const before = await footprint(f.challenge.id);
    expect(statusOf(await decline(secondMember, { reason: '不想做', confirm: 'yes' }))).toBe(404);
    const unconfirmed = await decline(winnerMember, { reason: '团队负责人调离' });
    expect(errorsOf(unconfirmed).confirm).toEqual(['vacancies.errors.confirmRequired']);
    expect(await footprint(f.challenge.id)).toEqual(before);

    const declined = await decline(winnerMember, { reason: '团队负责人调离', confirm: 'yes' });
    expect(doneOf(declined)).toBe('declined');
    const vacated = await award(awardId);
    expect(vacated).toMatchObject({
      status: 'VACATED',
      slotNo: null,
      vacatedSlotNo: 1,
      vacatedReason: 'DECLINED',
      vacatedById: winnerMember.id,
    });
    expect(await application(winner!.id)).toMatchObject({ status: 'WITHDRAWN', active: null });
    expect(
      await db.notification.count({
        where: { userId: f.enterpriseUser.id, kind: 'vacancy.vacatedEnterprise' },
      }),
    ).toBe(1);
    expect(
      await db.notification.count({
        where: { userId: f.reviewer.id, kind: 'vacancy.vacatedStaff' },
      }),
    ).toBe(1);
    // declining twice: nothing left to decline
    expect((await declineAward(db, actorOf(winnerMember), winner!.id, 'again')).ok).toBe(false);

    // the desk shows the vacated slot's history and the next-ranked candidate (80 before 70)
    const desk = await deskLoader(args(await signedInRequest(db, f.reviewer, '/review/vacancies')));
    const slot = desk.slots.find((s) => s.id === awardId)!;
    expect(slot).toMatchObject({
      slotNo: 1,
      reason: 'DECLINED',
      comment: '团队负责人调离',
      applicationId: winner!.id,
      open: true,
    });
    expect(slot.candidate?.applicationId).toBe(second!.id);
    // the withdrawn winner has left the ranking (REVIEWED_STATUSES): 80 now ranks first
    expect(slot.candidate?.rank).toBe(1);

    // a reviewer proposes it
    const proposed = await postAs(db, deskAction, f.reviewer, '/review/vacancies', {
      intent: 'propose',
      awardId,
      candidateId: second!.id,
    });
    expect(doneOf(proposed)).toBe('proposed');
    const promotion = await db.award.findFirstOrThrow({ where: { replacesAwardId: awardId } });
    expect(promotion).toMatchObject({
      kind: 'PROMOTION',
      status: 'PROPOSED',
      applicationId: second!.id,
      slotNo: null,
    });
    // a reviewer cannot approve; the ordinary award desk path refuses a promotion
    expect(
      await decidePromotion(db, actorOf(f.reviewer), promotion.id, 'approve', null),
    ).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await approveAward(db, actorOf(f.admin), promotion.id)).toMatchObject({ ok: false });

    const approved = await postAs(db, deskAction, f.admin, '/review/vacancies', {
      intent: 'approve',
      promotionId: promotion.id,
    });
    expect(doneOf(approved)).toBe('approved');
    expect(await award(promotion.id)).toMatchObject({
      status: 'APPROVED',
      slotNo: 1,
      decidedById: f.admin.id,
    });
    expect(await application(second!.id)).toMatchObject({ status: 'AWARDED', active: true });
    expect(
      await db.notification.count({ where: { userId: secondMember.id, kind: 'vacancy.promoted' } }),
    ).toBe(1);
    // the history stays: the vacated award and its slot number, now shown as filled
    expect(await award(awardId)).toMatchObject({ status: 'VACATED', vacatedSlotNo: 1 });
    const after = await deskLoader(args(await signedInRequest(db, f.admin, '/review/vacancies')));
    const filled = after.slots.find((s) => s.id === awardId)!;
    expect(filled.open).toBe(false);
    expect(filled.promotions.map((p) => p.status)).toEqual(['APPROVED']);
    // the promoted team now awaits its contract on the desk
    expect(after.awaiting.some((a) => a.id === promotion.id && a.daysLeft === 30)).toBe(true);
    expect(
      await db.auditEvent.count({
        where: { entityId: { in: [awardId, promotion.id] }, action: { startsWith: 'award.' } },
      }),
    ).toBeGreaterThanOrEqual(4);
  });

  it('four-eyes: the admin who proposed may not approve; a rejected candidate makes way for the next', async () => {
    const f = await awardedChallenge([90, 70, 80, null]);
    const [winner, third, second] = f.applications;
    const member = await teamMember(db, winner!.teamId);
    expect((await declineAward(db, actorOf(member), winner!.id, '放弃')).ok).toBe(true);
    const awardId = f.awardIds[0]!;
    const proposed = await proposePromotion(db, actorOf(f.admin), awardId, second!.id);
    expect(proposed.ok).toBe(true);
    const promotionId = proposed.ok ? proposed.awardId : '';
    const before = await footprint(f.challenge.id);
    const own = await postAs(db, deskAction, f.admin, '/review/vacancies', {
      intent: 'approve',
      promotionId,
    });
    expect(errorsOf(own)['']).toEqual(['vacancies.errors.ownProposal']);
    expect(await footprint(f.challenge.id)).toEqual(before);
    // a second proposal for the same vacancy waits behind the first
    expect(await proposePromotion(db, actorOf(f.reviewer), awardId, second!.id)).toMatchObject({
      ok: false,
      error: 'pendingPromotion',
    });
    // rejecting needs a reason
    const bare = await postAs(db, deskAction, f.admin2, '/review/vacancies', {
      intent: 'reject',
      promotionId,
    });
    expect(errorsOf(bare).reason).toEqual(['validation.required']);
    const rejected = await postAs(db, deskAction, f.admin2, '/review/vacancies', {
      intent: 'reject',
      promotionId,
      reason: '团队已承担其他项目',
    });
    expect(doneOf(rejected)).toBe('rejected');
    // the next candidate is the third-ranked bid; the unscored one never is
    const { candidate, rows } = await candidatesFor(db, awardId);
    expect(candidate?.id).toBe(third!.id);
    expect(rows.find((r) => r.id === f.applications[3]!.id)?.exclusion).toBe('unscored');
    expect(rows.find((r) => r.id === second!.id)?.exclusion).toBe('rejectedForSlot');
    // proposing what the page no longer shows is refused
    expect(await proposePromotion(db, actorOf(f.reviewer), awardId, second!.id)).toMatchObject({
      ok: false,
      error: 'candidateChanged',
    });
  });

  it('a signed contract cannot be declined; "not signed" waits for the deadline, then vacates', async () => {
    const f = await awardedChallenge([90, 80]);
    const [winner, second] = f.applications;
    const awardId = f.awardIds[0]!;
    const member = await teamMember(db, winner!.teamId);
    const approvedAt = (await award(awardId)).decidedAt!;

    // not overdue yet
    expect(
      await markUnsigned(db, actorOf(f.reviewer), awardId, null, {
        now: new Date(approvedAt.getTime() + 10 * DAY_MS),
      }),
    ).toMatchObject({ ok: false, error: 'notOverdue' });

    // a contract signed meanwhile: neither the team nor the bureau can vacate
    const contract = await db.contract.create({
      data: {
        code: `HT-2099-${awardId.slice(-6)}`,
        challengeId: f.challenge.id,
        awardId,
        enterpriseId: f.challenge.enterpriseId,
        teamId: winner!.teamId,
        rewardFen: 1_000_000n,
        rdInvestmentFen: 1_000_000n,
        status: 'SIGNED',
        signedAt: new Date(),
      },
    });
    const before = await footprint(f.challenge.id);
    expect(await declineAward(db, actorOf(member), winner!.id, '放弃')).toMatchObject({
      ok: false,
      error: 'contractSigned',
    });
    expect(
      await markUnsigned(db, actorOf(f.reviewer), awardId, null, {
        now: new Date(approvedAt.getTime() + 40 * DAY_MS),
      }),
    ).toMatchObject({ ok: false, error: 'contractSigned' });
    expect(await footprint(f.challenge.id)).toEqual(before);
    await db.contract.delete({ where: { id: contract.id } });

    // the team cannot mark itself unsigned; staff can once the deadline has passed
    expect(await markUnsigned(db, actorOf(member), awardId, null)).toMatchObject({
      ok: false,
      error: 'forbidden',
    });
    const lapsed = await markUnsigned(db, actorOf(f.reviewer), awardId, '多次催告未签', {
      now: new Date(approvedAt.getTime() + 40 * DAY_MS),
    });
    expect(lapsed.ok).toBe(true);
    expect(await award(awardId)).toMatchObject({ status: 'VACATED', vacatedReason: 'UNSIGNED' });
    expect(await application(winner!.id)).toMatchObject({ status: 'DECLINED', active: null });
    // the lapsed team is never its own successor
    const { candidate, rows } = await candidatesFor(db, awardId);
    expect(candidate?.id).toBe(second!.id);
    expect(rows.find((r) => r.id === winner!.id)?.exclusion).toBe('hasAward');
  });

  it('hostile input on the desk writes nothing', async () => {
    const f = await awardedChallenge([90, 80]);
    const before = await footprint(f.challenge.id);
    for (const fields of <Record<string, string>[]>[
      {},
      { intent: 'unsigned' },
      { intent: 'unsigned', awardId: f.awardIds[0]!, comment: 'x'.repeat(5000) },
      { intent: 'propose', awardId: 'x'.repeat(65), candidateId: 'y' },
      { intent: 'approve', promotionId: 'a\u0000b' },
      { intent: 'reject', promotionId: f.awardIds[0]!, reason: '\u0007' },
      { intent: '__proto__', awardId: f.awardIds[0]! },
    ]) {
      const r = await postAs(db, deskAction, f.admin, '/review/vacancies', fields);
      expect(statusOf(r), JSON.stringify(fields)).toBe('data');
      expect(Object.keys(errorsOf(r)).length).toBeGreaterThan(0);
    }
    // well-formed but wrong: an award that is not vacated, a record that does not exist
    const wrong = await postAs(db, deskAction, f.admin, '/review/vacancies', {
      intent: 'propose',
      awardId: f.awardIds[0]!,
      candidateId: f.applications[1]!.id,
    });
    expect(errorsOf(wrong)['']).toEqual(['vacancies.errors.notVacated']);
    const missing = await postAs(db, deskAction, f.admin, '/review/vacancies', {
      intent: 'approve',
      promotionId: 'nope',
    });
    expect(errorsOf(missing)['']).toEqual(['vacancies.errors.notFound']);
    expect(await footprint(f.challenge.id)).toEqual(before);
  });

  for (const mode of ['one process', 'five processes'] as const) {
    it(
      `two promotions for one slot approved at once by two admins: one wins (${mode})`,
      async () => {
        const f = await awardedChallenge([90, 80, 70]);
        const [winner, second, third] = f.applications;
        const member = await teamMember(db, winner!.teamId);
        expect((await declineAward(db, actorOf(member), winner!.id, '放弃')).ok).toBe(true);
        const awardId = f.awardIds[0]!;

        // two proposals at once: one is created
        const proposers = [actorOf(f.reviewer), actorOf(await makeStaff(db, 'REVIEWER'))];
        const proposeJobs = proposers.map((actor) => ({
          kind: 'propose' as const,
          awardId,
          candidateId: second!.id,
          actor,
        }));
        const proposals: RaceOutcome[] =
          mode === 'one process'
            ? await Promise.all(
                proposeJobs.map((j) => proposePromotion(db, j.actor, j.awardId, j.candidateId)),
              )
            : await raceAcrossProcesses('tests/vacancy-race.worker.ts', proposeJobs, 2);
        expect(proposals.filter((r) => r.ok)).toHaveLength(1);
        expect(proposals.find((r) => !r.ok)?.error).toBe('pendingPromotion');

        // a second promotion for the same slot, straight in the database (as if an older one
        // had been left waiting), then both approved at once by two admins
        await db.award.create({
          data: {
            challengeId: f.challenge.id,
            applicationId: third!.id,
            status: 'PROPOSED',
            kind: 'PROMOTION',
            replacesAwardId: awardId,
            proposedById: f.reviewer.id,
          },
        });
        const pending = await db.award.findMany({
          where: { replacesAwardId: awardId, status: 'PROPOSED' },
        });
        expect(pending).toHaveLength(2);
        const approvers = [actorOf(f.admin), actorOf(f.admin2)];
        const jobs = pending.map((p, i) => ({
          kind: 'approve' as const,
          promotionId: p.id,
          actor: approvers[i]!,
        }));
        const results: RaceOutcome[] =
          mode === 'one process'
            ? await Promise.all(
                jobs.map((j) => decidePromotion(db, j.actor, j.promotionId, 'approve', null)),
              )
            : await raceAcrossProcesses('tests/vacancy-race.worker.ts', jobs, 2);
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        for (const r of results.filter((x) => !x.ok))
          expect(['alreadyFilled', 'invalid', 'conflict']).toContain(r.error);
        const holders = await db.award.findMany({
          where: { challengeId: f.challenge.id, slotNo: 1 },
        });
        expect(holders).toHaveLength(1);
        expect(holders[0]!.kind).toBe('PROMOTION');
        const awarded = await db.application.count({
          where: { challengeId: f.challenge.id, status: 'AWARDED' },
        });
        expect(awarded).toBe(1);
        expect([second!.id, third!.id]).toContain(holders[0]!.applicationId);
      },
      RACE_TIMEOUT,
    );
  }
});
