// Award proposals and their four-eyes approval, slots under any concurrency (in one process
// and across processes, each with its own connection), 赛马制 with its stage gate, and
// closing a challenge without an award.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import {
  action as feedbackLoaderAction,
  loader as feedbackLoader,
} from '~/routes/applications.$id.feedback/route';
import { loader as awardsLoader } from '~/routes/review.awards._index/route';
import { approveAward, proposeAward, rejectAward } from '~/services/evaluation/awards.server';
import { setSlots } from '~/services/evaluation/criteria.server';
import { actorOf } from '~/services/kernel/actor';
import { closedChallenge, makeStaff, teamMember } from './factories';
import { args, postAs, type Reply, signedInRequest } from './route-call';
import { postToDesk } from './pages/challenge-desk';
import { decide, noticeOf, formErrors, applicationStatus } from './awards-helpers';

afterAll(() => db.$disconnect());

describe(`awards (${inject('databaseKind')})`, () => {
  it('a reviewer proposes, another admin approves: the slot is taken, the others declined and told', async () => {
    const { challenge, applications } = await closedChallenge(db, {
      bids: 3,
      stillPublished: true,
    });
    const [winner, ...others] = applications;
    const code = challenge.code!;
    const reviewer = await makeStaff(db, 'REVIEWER');
    const admin = await makeStaff(db, 'ADMIN');
    const winnerMember = await teamMember(db, winner!.teamId);
    const loserMember = await teamMember(db, others[0]!.teamId);

    const proposed = await postToDesk(reviewer, code, {
      intent: 'propose',
      applicationId: winner!.id,
    });
    expect(proposed.notice?.key).toBe('evaluation.desk.ranking.proposedNotice');
    // a bid not yet shortlisted is shortlisted by the proposal, and the team told
    expect(await applicationStatus(winner!.id)).toBe('SHORTLISTED');
    expect(
      await db.notification.count({
        where: { userId: winnerMember.id, kind: 'applicationShortlisted' },
      }),
    ).toBe(1);
    expect(
      await db.notification.count({ where: { userId: admin.id, kind: 'awardProposed' } }),
    ).toBe(1);
    // one proposal per bid at a time
    const twice = await postToDesk(reviewer, code, {
      intent: 'propose',
      applicationId: winner!.id,
    });
    expect(formErrors(twice)).toEqual(['evaluation.errors.alreadyProposed']);
    const award = await db.award.findFirstOrThrow({ where: { applicationId: winner!.id } });
    expect([award.status, award.proposedById, award.slotNo]).toEqual([
      'PROPOSED',
      reviewer.id,
      null,
    ]);

    const listed = (await awardsLoader(
      args(await signedInRequest(db, admin, '/review/awards')),
    )) as { pending: { id: string; mine: boolean }[] };
    expect(listed.pending.find((p) => p.id === award.id)).toMatchObject({ mine: false });

    const approved = await decide(admin, {
      intent: 'approve',
      awardId: award.id,
      reason: '排名第一，技术路线成熟',
    });
    expect(noticeOf(approved)).toEqual({
      key: 'evaluation.awardsDesk.approvedAwarded',
      params: { slot: 1 },
    });
    const decided = await db.award.findUniqueOrThrow({ where: { id: award.id } });
    expect([decided.status, decided.slotNo, decided.decidedById, decided.reason]).toEqual([
      'APPROVED',
      1,
      admin.id,
      '排名第一，技术路线成熟',
    ]);
    expect(await applicationStatus(winner!.id)).toBe('AWARDED');
    const after = await db.challenge.findUniqueOrThrow({ where: { id: challenge.id } });
    expect([after.status, after.closedAt !== null]).toEqual(['AWARDED', true]);
    for (const o of others) {
      const a = await db.application.findUniqueOrThrow({ where: { id: o.id } });
      expect([a.status, a.active, a.decidedAt !== null]).toEqual(['DECLINED', null, true]);
    }
    expect(
      await db.notification.count({ where: { userId: winnerMember.id, kind: 'awardApproved' } }),
    ).toBe(1);
    expect(
      await db.notification.count({
        where: { userId: loserMember.id, kind: 'applicationDeclined' },
      }),
    ).toBe(1);
    // the whole decision is in the audit trail, the deadline close it implied included
    const trail = await db.auditEvent.findMany({
      where: { entityId: { in: [challenge.id, award.id, ...applications.map((a) => a.id)] } },
      select: { action: true },
    });
    expect(trail.map((e) => e.action).sort()).toEqual(
      [
        'application.award',
        'application.decline',
        'application.decline',
        'application.shortlist',
        'award.approved',
        'award.proposed',
        'need.award',
        'need.close',
      ].sort(),
    );
    // the decided challenge takes no more proposals and its slots are fixed
    const late = await postToDesk(reviewer, code, {
      intent: 'propose',
      applicationId: others[0]!.id,
    });
    expect(formErrors(late)).toEqual(['evaluation.errors.decided']);
    expect(
      await setSlots(db, actorOf(admin), challenge.id, { awardSlots: 2, stageGateDate: null }),
    ).toEqual({ ok: false, error: 'decided', key: 'evaluation.errors.decided' });
    // the winner sees its feedback and has nothing to appeal; the others may appeal
    const feedback = (await feedbackLoader(
      args(await signedInRequest(db, winnerMember, `/applications/${winner!.id}/feedback`), {
        id: winner!.id,
      }),
    )) as { feedback: { appealRefusal: string | null; decided: boolean } };
    expect(feedback.feedback).toMatchObject({ decided: true, appealRefusal: 'not_declined' });
    const appealed = await postAs(
      db,
      feedbackLoaderAction,
      loserMember,
      `/applications/${others[0]!.id}/feedback`,
      { reason: '请复核' },
      { id: others[0]!.id },
    );
    expect((appealed as Response).status).toBe(302);
  });

  it('never lets the proposer approve their own proposal, nor a reviewer approve at all', async () => {
    const { challenge, applications } = await closedChallenge(db, { bids: 2 });
    const code = challenge.code!;
    const proposer = await makeStaff(db, 'ADMIN');
    const other = await makeStaff(db, 'ADMIN');
    const reviewer = await makeStaff(db, 'REVIEWER');
    const app = applications[0]!;

    await postToDesk(proposer, code, { intent: 'propose', applicationId: app.id });
    const award = await db.award.findFirstOrThrow({ where: { applicationId: app.id } });

    // the proposer's own desk shows it as theirs, and refuses both decisions
    const listed = (await awardsLoader(
      args(await signedInRequest(db, proposer, '/review/awards')),
    )) as { pending: { id: string; mine: boolean }[] };
    expect(listed.pending.find((p) => p.id === award.id)?.mine).toBe(true);
    for (const intent of ['approve', 'reject']) {
      const own = (await decide(proposer, { intent, awardId: award.id, reason: '自己审批' })) as {
        result: Reply;
      };
      expect(own.result.error?.['']).toEqual(['evaluation.errors.ownProposal']);
    }
    expect(await approveAward(db, actorOf(proposer), award.id)).toEqual({
      ok: false,
      error: 'ownProposal',
      key: 'evaluation.errors.ownProposal',
    });
    // a reviewer may not reach the desk, nor approve through the service
    expect(
      ((await decide(reviewer, { intent: 'approve', awardId: award.id })) as Response).status,
    ).toBe(403);
    expect(await approveAward(db, actorOf(reviewer), award.id)).toEqual({
      ok: false,
      error: 'forbidden',
      key: 'evaluation.errors.forbidden',
    });
    const untouched = await db.award.findUniqueOrThrow({ where: { id: award.id } });
    expect([untouched.status, untouched.slotNo, untouched.decidedById]).toEqual([
      'PROPOSED',
      null,
      null,
    ]);
    expect(await applicationStatus(app.id)).toBe('SHORTLISTED');

    // bad input: a rejection needs a reason; an unknown intent or award is refused
    const noReason = (await decide(other, {
      intent: 'reject',
      awardId: award.id,
      reason: ' ',
    })) as {
      result: Reply;
    };
    expect(noReason.result.error?.reason).toEqual(['validation.required']);
    const unknown = (await decide(other, { intent: 'grant', awardId: award.id })) as {
      result: Reply;
    };
    expect(unknown.result.error?.intent).toBeTruthy();
    const missing = (await decide(other, { intent: 'approve', awardId: 'nope' })) as {
      result: Reply;
    };
    expect(missing.result.error?.['']).toEqual(['evaluation.errors.notFound']);
    expect((await db.award.findUniqueOrThrow({ where: { id: award.id } })).status).toBe('PROPOSED');

    // another admin rejects with a reason: the proposer is told, the bid stays shortlisted
    const rejected = await decide(other, {
      intent: 'reject',
      awardId: award.id,
      reason: '评分差距不大，建议补充答辩',
    });
    expect(noticeOf(rejected).key).toBe('evaluation.awardsDesk.rejected');
    expect((await db.award.findUniqueOrThrow({ where: { id: award.id } })).status).toBe('REJECTED');
    const told = await db.notification.findFirstOrThrow({
      where: { userId: proposer.id, kind: 'awardRejected' },
    });
    expect(JSON.parse(told.payload)).toEqual({ code, comment: '评分差距不大，建议补充答辩' });
    expect(await applicationStatus(app.id)).toBe('SHORTLISTED');
    // a decided proposal is not decided again
    expect(await rejectAward(db, actorOf(proposer), award.id, '再驳回')).toEqual({
      ok: false,
      error: 'invalid',
      key: 'evaluation.errors.invalid',
    });

    // proposed again, the other admin approves
    const again = await proposeAward(db, actorOf(proposer), app.id);
    expect(again.ok).toBe(true);
    const result = await approveAward(db, actorOf(other), (again as { awardId: string }).awardId);
    expect(result).toEqual({ ok: true, slotNo: 1, challengeAwarded: true });
  });

  it('keeps staff with a conflict of interest from proposing or approving', async () => {
    const { challenge, enterprise, applications } = await closedChallenge(db, {
      bids: 1,
      institutions: ['青岛理工大学'],
    });
    const app = applications[0]!;
    const conflicted = await makeStaff(db, 'REVIEWER', '青岛理工大学');
    const fine = await makeStaff(db, 'REVIEWER');
    const linkedAdmin = await makeStaff(db, 'ADMIN', enterprise.name);
    const admin = await makeStaff(db, 'ADMIN');
    const refused = await postToDesk(conflicted, challenge.code!, {
      intent: 'propose',
      applicationId: app.id,
    });
    expect(formErrors(refused)).toEqual(['evaluation.errors.conflictOfInterest']);
    expect(await db.award.count({ where: { applicationId: app.id } })).toBe(0);

    const proposal = await proposeAward(db, actorOf(fine), app.id);
    const awardId = (proposal as { awardId: string }).awardId;
    expect(await approveAward(db, actorOf(linkedAdmin), awardId)).toEqual({
      ok: false,
      error: 'conflictOfInterest',
      key: 'evaluation.errors.conflictOfInterest',
    });
    expect((await approveAward(db, actorOf(admin), awardId)).ok).toBe(true);
  });

  it('closes a challenge without an award: every bid declined and told', async () => {
    const { challenge, applications } = await closedChallenge(db, { bids: 2 });
    const reviewer = await makeStaff(db, 'REVIEWER');
    const member = await teamMember(db, applications[1]!.teamId);
    const done = await postToDesk(reviewer, challenge.code!, { intent: 'unaward' });
    expect(done.notice?.key).toBe('evaluation.desk.awards.unawarded');
    expect((await db.challenge.findUniqueOrThrow({ where: { id: challenge.id } })).status).toBe(
      'UNAWARDED',
    );
    for (const a of applications) expect(await applicationStatus(a.id)).toBe('DECLINED');
    expect(
      await db.notification.count({ where: { userId: member.id, kind: 'applicationDeclined' } }),
    ).toBe(1);
    expect(formErrors(await postToDesk(reviewer, challenge.code!, { intent: 'unaward' }))).toEqual([
      'evaluation.errors.decided',
    ]);
  });
});
