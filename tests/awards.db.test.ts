// Award proposals and their four-eyes approval, slots under any concurrency (in one process
// and across processes, each with its own connection), 赛马制 with its stage gate, and
// closing a challenge without an award.
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import {
  action as feedbackLoaderAction,
  loader as feedbackLoader,
} from '~/routes/applications.$id.feedback/route';
import {
  action as awardsAction,
  loader as awardsLoader,
} from '~/routes/review.awards._index/route';
import {
  approveAward,
  proposeAward,
  recordStageGate,
  rejectAward,
} from '~/services/evaluation/awards.server';
import { setSlots } from '~/services/evaluation/criteria.server';
import { actorOf } from '~/services/kernel/actor';
import { closedChallenge, makeStaff, teamMember } from './factories';
import { args, postAs, type Reply, signedInRequest } from './route-call';
import { postToDesk } from './pages/challenge-desk';
import { raceAcrossProcesses, RACE_TIMEOUT, type RaceOutcome } from './race';
import { DONE_MESSAGES } from '~/lib/done';

afterAll(() => db.$disconnect());

type User = { id: string; role: string; email: string; organizationId: string };

async function decide(user: User, fields: Record<string, string>) {
  return postAs(db, awardsAction, user, '/review/awards', fields);
}

/** The notice a decision redirected to (`?done=`, app/lib/done.ts), as the page will show it. */
function noticeOf(r: unknown) {
  expect(r).toBeInstanceOf(Response);
  const to = new URL((r as Response).headers.get('Location') ?? '', 'http://x');
  expect(to.pathname).toBe('/review/awards');
  const done = to.searchParams.get('done') as keyof typeof DONE_MESSAGES.awardDecision;
  const slot = to.searchParams.get('slot');
  return {
    key: DONE_MESSAGES.awardDecision[done],
    ...(slot ? { params: { slot: Number(slot) } } : {}),
  };
}

const formErrors = (r: { result: Reply }) => r.result.error?.[''] ?? null;

const applicationStatus = async (applicationId: string) =>
  (await db.application.findUniqueOrThrow({ where: { id: applicationId } })).status;

/** Proposals made straight in the database (the races are about approval, not proposal). */
async function proposalsFor(challengeId: string, applicationIds: string[], proposedById: string) {
  await db.application.updateMany({
    where: { id: { in: applicationIds } },
    data: { status: 'SHORTLISTED' },
  });
  const ids: string[] = [];
  for (const applicationId of applicationIds) {
    const award = await db.award.create({
      data: { challengeId, applicationId, status: 'PROPOSED', proposedById },
    });
    ids.push(award.id);
  }
  return ids;
}

const REFUSALS = ['full', 'decided', 'invalid', 'conflict'];

/**
 * A reviewer's proposal of each application, all approved at once by `admins` new admins in
 * turn: in this process, or across five with a connection each (tests/race.ts).
 */
async function approveAllAtOnce(
  challengeId: string,
  applicationIds: string[],
  admins: number,
  mode: 'one process' | 'five processes',
) {
  const reviewer = await makeStaff(db, 'REVIEWER');
  const approvers = await Promise.all(Array.from({ length: admins }, () => makeStaff(db, 'ADMIN')));
  const awardIds = await proposalsFor(challengeId, applicationIds, reviewer.id);
  const jobs = awardIds.map((awardId, i) => ({ awardId, actor: actorOf(approvers[i % admins]!) }));
  const results: RaceOutcome[] =
    mode === 'one process'
      ? await Promise.all(jobs.map((j) => approveAward(db, j.actor, j.awardId)))
      : await raceAcrossProcesses('tests/award-race.worker.ts', jobs, 5);
  return { awardIds, results };
}

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

  for (const mode of ['one process', 'five processes'] as const) {
    it(
      `gives 50 parallel approvals on a one-slot challenge exactly one award (${mode})`,
      async () => {
        const { challenge, applications } = await closedChallenge(db, { bids: 50 });
        const { awardIds, results } = await approveAllAtOnce(
          challenge.id,
          applications.map((a) => a.id),
          5,
          mode,
        );

        expect(results).toHaveLength(50);
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        // every other approval was refused for a reason, none failed
        for (const r of results.filter((x) => !x.ok)) expect(REFUSALS).toContain(r.error);
        const awards = await db.award.findMany({ where: { challengeId: challenge.id } });
        const approved = awards.filter((a) => a.status === 'APPROVED');
        expect(approved.map((a) => a.slotNo)).toEqual([1]);
        expect(awards.filter((a) => a.status === 'PROPOSED')).toHaveLength(0);
        const statuses = await db.application.groupBy({
          by: ['status'],
          where: { challengeId: challenge.id },
          _count: { _all: true },
        });
        expect(Object.fromEntries(statuses.map((s) => [s.status, s._count._all]))).toEqual({
          AWARDED: 1,
          DECLINED: 49,
        });
        expect(
          (
            await db.application.findFirstOrThrow({
              where: { challengeId: challenge.id, status: 'AWARDED' },
            })
          ).id,
        ).toBe(approved[0]!.applicationId);
        expect((await db.challenge.findUniqueOrThrow({ where: { id: challenge.id } })).status).toBe(
          'AWARDED',
        );
        expect(
          await db.auditEvent.count({
            where: { action: 'award.approved', entityId: { in: awardIds } },
          }),
        ).toBe(1);
      },
      RACE_TIMEOUT,
    );

    it(
      `gives 10 parallel approvals on a three-slot challenge exactly three awards (${mode})`,
      async () => {
        const { challenge, applications } = await closedChallenge(db, {
          bids: 10,
          awardSlots: 3,
          stageGateDate: new Date('2022-06-30T00:00:00+08:00'),
        });
        const { results } = await approveAllAtOnce(
          challenge.id,
          applications.map((a) => a.id),
          3,
          mode,
        );

        expect(results.filter((r) => r.ok)).toHaveLength(3);
        for (const r of results.filter((x) => !x.ok)) expect(REFUSALS).toContain(r.error);
        const approved = await db.award.findMany({
          where: { challengeId: challenge.id, status: 'APPROVED' },
          orderBy: { slotNo: 'asc' },
        });
        expect(approved.map((a) => a.slotNo)).toEqual([1, 2, 3]);
        expect(
          await db.application.count({ where: { challengeId: challenge.id, status: 'AWARDED' } }),
        ).toBe(3);
        expect(
          await db.application.count({ where: { challengeId: challenge.id, status: 'DECLINED' } }),
        ).toBe(7);
        expect((await db.challenge.findUniqueOrThrow({ where: { id: challenge.id } })).status).toBe(
          'AWARDED',
        );
      },
      RACE_TIMEOUT,
    );
  }

  // The challenge lock queues approvals of one challenge; the unique (challengeId, slotNo) index
  // is the last line. Here a writer that does not take the lock (a raw transaction) holds
  // slot 1 uncommitted while an approval runs: the approval picks slot 1, waits on the index,
  // gets the unique violation when the writer commits, and retries once with the slots as they
  // now are. SQLite admits one writer at a time, so this interleaving cannot happen there.
  it.skipIf(inject('databaseKind') === 'sqlite')(
    'turns a slot taken under its feet into the next slot, or a refusal when none is left',
    async () => {
      for (const [slots, expected] of [
        [2, { ok: true, slotNo: 2, challengeAwarded: true }],
        [1, { ok: false, error: 'full', key: 'evaluation.errors.full' }],
      ] as const) {
        const { challenge, applications } = await closedChallenge(db, {
          bids: 2,
          awardSlots: slots,
          stageGateDate: slots > 1 ? new Date('2022-06-30T00:00:00+08:00') : null,
        });
        const reviewer = await makeStaff(db, 'REVIEWER');
        const admin = await makeStaff(db, 'ADMIN');
        const [awardId] = await proposalsFor(challenge.id, [applications[0]!.id], reviewer.id);
        const raw = new pg.Client({ connectionString: inject('databaseUrl') });
        await raw.connect();
        try {
          await raw.query('BEGIN');
          await raw.query(
            `INSERT INTO "Award" (id, "challengeId", "applicationId", status, "slotNo", "proposedById")
             VALUES ($1, $2, $3, 'APPROVED', 1, $4)`,
            [`raw-${awardId}`, challenge.id, applications[1]!.id, reviewer.id],
          );
          const approval = approveAward(db, actorOf(admin), awardId!);
          await new Promise((r) => setTimeout(r, 500));
          await raw.query('COMMIT');
          expect(await approval).toEqual(expected);
        } finally {
          await raw.end();
        }
        const approved = await db.award.findMany({
          where: { challengeId: challenge.id, status: 'APPROVED' },
          orderBy: { slotNo: 'asc' },
        });
        expect(approved.map((a) => a.slotNo)).toEqual(slots === 2 ? [1, 2] : [1]);
      }
    },
  );

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
