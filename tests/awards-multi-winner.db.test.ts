// 赛马制: several teams awarded on one challenge, closed at an admin's word, with its stage gate.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import {
  approveAward,
  proposeAward,
  recordStageGate,
  rejectAward,
} from '~/services/evaluation/awards.server';
import { setSlots } from '~/services/evaluation/criteria.server';
import { actorOf } from '~/services/kernel/actor';
import { closedChallenge, makeStaff, teamMember } from './factories';
import { postToDesk } from './pages/challenge-desk';
import { formErrors, applicationStatus } from './awards-helpers';

afterAll(() => db.$disconnect());

describe(`awards (${inject('databaseKind')})`, () => {
  it('赛马制: awards several teams, closes at an admin’s word, and records the stage gate', async () => {
    const gate = new Date('2099-03-01T00:00:00+08:00');
    const { challenge, applications } = await closedChallenge(db, {
      bids: 4,
      awardSlots: 3,
      stageGateDate: gate,
    });
    const [a, b, c, d] = applications as [
      (typeof applications)[0],
      (typeof applications)[0],
      (typeof applications)[0],
      (typeof applications)[0],
    ];
    const code = challenge.code!;
    const reviewer = await makeStaff(db, 'REVIEWER');
    const admin = await makeStaff(db, 'ADMIN');
    const memberA = await teamMember(db, a.teamId);
    const memberB = await teamMember(db, b.teamId);
    const memberD = await teamMember(db, d.teamId);

    for (const app of [a, b]) {
      const p = await proposeAward(db, actorOf(reviewer), app.id);
      const r = await approveAward(db, actorOf(admin), (p as { awardId: string }).awardId);
      expect(r).toMatchObject({ ok: true, challengeAwarded: false });
    }
    expect((await db.challenge.findUniqueOrThrow({ where: { id: challenge.id } })).status).toBe(
      'CLOSED',
    );
    // slots are fixed once an award is approved
    expect(
      await setSlots(db, actorOf(admin), challenge.id, { awardSlots: 4, stageGateDate: gate }),
    ).toEqual({ ok: false, error: 'slotsLocked', key: 'evaluation.errors.slotsLocked' });

    // closing by hand: not by a reviewer, not while a proposal waits
    expect(formErrors(await postToDesk(reviewer, code, { intent: 'finalize' }))).toEqual([
      'evaluation.errors.forbidden',
    ]);
    const pending = await proposeAward(db, actorOf(reviewer), c.id);
    expect(formErrors(await postToDesk(admin, code, { intent: 'finalize' }))).toEqual([
      'evaluation.errors.pendingProposal',
    ]);
    expect(formErrors(await postToDesk(admin, code, { intent: 'unaward' }))).toEqual([
      'evaluation.errors.hasApproved',
    ]);
    await rejectAward(db, actorOf(admin), (pending as { awardId: string }).awardId, '暂不增补');
    const finalized = await postToDesk(admin, code, { intent: 'finalize' });
    expect(finalized.notice?.key).toBe('evaluation.desk.awards.finalized');
    expect((await db.challenge.findUniqueOrThrow({ where: { id: challenge.id } })).status).toBe(
      'AWARDED',
    );
    expect([await applicationStatus(c.id), await applicationStatus(d.id)]).toEqual([
      'DECLINED',
      'DECLINED',
    ]);
    expect(
      await db.notification.count({ where: { userId: memberD.id, kind: 'applicationDeclined' } }),
    ).toBe(1);

    // the stage gate: not before its day
    const [awardA, awardB] = await db.award.findMany({
      where: { challengeId: challenge.id, status: 'APPROVED' },
      orderBy: { slotNo: 'asc' },
    });
    expect(await recordStageGate(db, actorOf(admin), awardA!.id, 'CONTINUE', '进展良好')).toEqual({
      ok: false,
      error: 'stageGateNotDue',
      key: 'evaluation.errors.stageGateNotDue',
    });
    const atGate = { now: new Date('2099-03-01T09:00:00+08:00') };
    // only an admin records it; bad input gives field errors
    expect(
      await recordStageGate(db, actorOf(reviewer), awardA!.id, 'CONTINUE', '进展良好', atGate),
    ).toEqual({ ok: false, error: 'forbidden', key: 'evaluation.errors.forbidden' });
    const noOutcome = await postToDesk(admin, code, {
      intent: 'stageGate',
      awardId: awardA!.id,
      comment: '进展良好',
    });
    expect(noOutcome.result.error?.outcome).toEqual(['validation.required']);
    const noComment = await postToDesk(admin, code, {
      intent: 'stageGate',
      awardId: awardA!.id,
      outcome: 'CONTINUE',
      comment: '',
    });
    expect(noComment.result.error?.comment).toEqual(['validation.required']);
    // through the desk today the gate is not due yet (it is in 2099)
    const early = await postToDesk(admin, code, {
      intent: 'stageGate',
      awardId: awardA!.id,
      outcome: 'CONTINUE',
      comment: '进展良好',
    });
    expect(formErrors(early)).toEqual(['evaluation.errors.stageGateNotDue']);

    expect(
      await recordStageGate(db, actorOf(admin), awardA!.id, 'STOP', '样机指标未达标', atGate),
    ).toEqual({ ok: true });
    // stopping every team would end the challenge: refused
    expect(
      await recordStageGate(db, actorOf(admin), awardB!.id, 'STOP', '同样终止', atGate),
    ).toEqual({ ok: false, error: 'lastTeam', key: 'evaluation.errors.lastTeam' });
    expect(
      await recordStageGate(
        db,
        actorOf(admin),
        awardB!.id,
        'CONTINUE',
        '指标领先，继续攻关',
        atGate,
      ),
    ).toEqual({ ok: true });
    expect(await recordStageGate(db, actorOf(admin), awardB!.id, 'STOP', '改判', atGate)).toEqual({
      ok: false,
      error: 'stageGateRecorded',
      key: 'evaluation.errors.stageGateRecorded',
    });
    const gates = await db.award.findMany({
      where: { id: { in: [awardA!.id, awardB!.id] } },
      orderBy: { slotNo: 'asc' },
    });
    expect(gates.map((g) => g.stageGateOutcome)).toEqual(['STOP', 'CONTINUE']);
    const toldA = await db.notification.findFirstOrThrow({
      where: { userId: memberA.id, kind: 'stageGateDecided' },
    });
    expect(JSON.parse(toldA.payload).comment).toBe('终止 / Stops — 样机指标未达标');
    const toldB = await db.notification.findFirstOrThrow({
      where: { userId: memberB.id, kind: 'stageGateDecided' },
    });
    expect(JSON.parse(toldB.payload).comment).toBe('继续攻关 / Continues — 指标领先，继续攻关');
  });
});
