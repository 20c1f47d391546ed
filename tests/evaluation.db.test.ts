// Expert review through the routes the bureau and the teams use: criteria and weights,
// reviewer assignments with automatic conflict flags, scores and the ranked table (recused
// reviewers left out), shortlisting and declining, the team's feedback and its appeal.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { actorOf } from '~/services/kernel/actor';
import { closedChallenge, makeStaff, makeUser, scoresFor, teamMember } from './factories';
import {
  args,
  errorsOf,
  formPost,
  postAs,
  type Reply,
  signedInRequest,
  thrownOrReturned,
} from './route-call';
import { postToDesk } from './pages/challenge-desk';
import {
  action as feedbackAction,
  loader as feedbackLoader,
} from '~/routes/applications.$id.feedback/route';
import {
  action as appealsAction,
  loader as appealsLoader,
} from '~/routes/review.appeals._index/route';
import {
  action as assignmentAction,
  loader as assignmentLoader,
} from '~/routes/review.assignments.$id/route';
import { loader as myAssignmentsLoader } from '~/routes/review.assignments._index/route';
import { loader as deskLoader } from '~/routes/review.challenges.$code/route';
import { loader as listLoader } from '~/routes/review.challenges._index/route';
import { challengeDesk } from '~/routes/review.challenges.$code/desk.server';
import { submitAppeal } from '~/services/evaluation/appeals.server';
import { declareConflict, submitScores } from '~/services/evaluation/scores.server';

afterAll(() => db.$disconnect());

type User = { id: string; role: string; email: string; organizationId: string };

async function scoreVia(user: User, assignmentId: string, fields: Record<string, string>) {
  return postAs(db, assignmentAction, user, `/review/assignments/${assignmentId}`, fields, {
    id: assignmentId,
  });
}

function scoreFields(scores: { key: string; score: number | string; comment: string }[]) {
  const fields: Record<string, string> = { intent: 'score' };
  scores.forEach((s, i) => {
    fields[`scores[${i}].key`] = s.key;
    fields[`scores[${i}].score`] = String(s.score);
    fields[`scores[${i}].comment`] = s.comment;
  });
  return fields;
}

const assignmentOf = (applicationId: string, reviewerId: string) =>
  db.reviewAssignment.findUniqueOrThrow({
    where: { applicationId_reviewerId: { applicationId, reviewerId } },
  });

const notificationsOf = (userId: string, kind: string) =>
  db.notification.count({ where: { userId, kind } });

describe(`expert review (${inject('databaseKind')})`, () => {
  it('assigns reviewers, recuses conflicts automatically and leaves recused reviewers out of the averages', async () => {
    const { challenge, enterprise, applications } = await closedChallenge(db, {
      bids: 3,
      institutions: ['山东科技大学', '青岛大学', null],
    });
    const [app0, app1, app2] = applications as [
      (typeof applications)[0],
      (typeof applications)[0],
      (typeof applications)[0],
    ];
    const plain = await makeStaff(db, 'REVIEWER');
    const sameInstitution = await makeStaff(db, 'REVIEWER', '山东科技大学');
    const ofEnterprise = await makeStaff(db, 'REVIEWER', enterprise.name);
    const later = await makeStaff(db, 'ADMIN');
    const code = challenge.code!;

    const assigned = await postToDesk(plain, code, [
      ['intent', 'assign'],
      ['reviewerIds', plain.id],
      ['reviewerIds', sameInstitution.id],
      ['reviewerIds', ofEnterprise.id],
    ]);
    expect(assigned.notice).toEqual({
      key: 'evaluation.desk.assign.done',
      params: { created: '9', recused: '4' },
    });
    // the defaults were set when the first reviewer was assigned
    expect(
      (await db.reviewCriterion.findMany({ where: { challengeId: challenge.id } }))
        .map((c) => [c.key, c.weight])
        .sort(),
    ).toEqual([
      ['cost', 25],
      ['feasibility', 25],
      ['team', 25],
      ['technical', 25],
    ]);
    // the reviewer of the applicant's institution is recused from that bid only
    expect((await assignmentOf(app0.id, sameInstitution.id)).recuseReason).toBe('INSTITUTION');
    expect((await assignmentOf(app1.id, sameInstitution.id)).recusedAt).toBeNull();
    // the reviewer linked to the enterprise is recused from every bid
    for (const a of applications)
      expect((await assignmentOf(a.id, ofEnterprise.id)).recuseReason).toBe('ENTERPRISE');
    expect((await assignmentOf(app2.id, plain.id)).recusedAt).toBeNull();
    // only reviewers with something to review are told, once per challenge
    expect(await notificationsOf(plain.id, 'reviewAssigned')).toBe(1);
    expect(await notificationsOf(sameInstitution.id, 'reviewAssigned')).toBe(1);
    expect(await notificationsOf(ofEnterprise.id, 'reviewAssigned')).toBe(0);
    // the desk shows the flag before assignment too
    const view = await challengeDesk(db, code, actorOf(plain));
    expect(view!.staff.find((s) => s.id === ofEnterprise.id)!.conflicts).toBe(3);
    expect(view!.staff.find((s) => s.id === sameInstitution.id)!.conflicts).toBe(1);

    // scoring through the reviewer's page
    const a0 = await assignmentOf(app0.id, plain.id);
    const ok = await scoreVia(
      plain,
      a0.id,
      scoreFields(await scoresFor(db, challenge.id, [80, 70, 60, 90])),
    );
    expect((ok as Response).status).toBe(302);
    const recusedTry = (await scoreVia(
      sameInstitution,
      (await assignmentOf(app0.id, sameInstitution.id)).id,
      scoreFields(await scoresFor(db, challenge.id, 100)),
    )) as Reply;
    expect(errorsOf(recusedTry)['']).toEqual(['evaluation.errors.recused']);
    await submitScores(
      db,
      plain.id,
      (await assignmentOf(app1.id, plain.id)).id,
      await scoresFor(db, challenge.id, 70),
    );
    await submitScores(
      db,
      sameInstitution.id,
      (await assignmentOf(app1.id, sameInstitution.id)).id,
      await scoresFor(db, challenge.id, 90),
    );
    // a fourth reviewer scores app1 very low, then declares a conflict: the scores stop counting
    await postToDesk(later, code, [
      ['intent', 'assign'],
      ['reviewerIds', later.id],
    ]);
    const lateAssignment = await assignmentOf(app1.id, later.id);
    expect(
      await submitScores(db, later.id, lateAssignment.id, await scoresFor(db, challenge.id, 10)),
    ).toEqual({ ok: true });
    let table = (await challengeDesk(db, code, actorOf(plain)))!;
    expect(table.rows.find((r) => r.id === app1.id)!.weighted).toBe(56.67);
    expect(await declareConflict(db, later.id, lateAssignment.id, '曾与该团队合作')).toEqual({
      ok: true,
    });
    expect(
      await submitScores(db, later.id, lateAssignment.id, await scoresFor(db, challenge.id, 10)),
    ).toEqual({ ok: false, error: 'recused', key: 'evaluation.errors.recused' });

    table = (await challengeDesk(db, code, actorOf(plain)))!;
    const row = (id: string) => table.rows.find((r) => r.id === id)!;
    expect(row(app1.id)).toMatchObject({ weighted: 80, rank: 1, reviewers: 2, recused: 2 });
    expect(row(app1.id).averages).toEqual([80, 80, 80, 80]);
    expect(row(app0.id)).toMatchObject({ weighted: 75, rank: 2, reviewers: 1 });
    expect(row(app0.id).averages).toEqual([80, 70, 60, 90]);
    expect(row(app2.id)).toMatchObject({ weighted: null, rank: null, reviewers: 0 });
    expect(table.rows.map((r) => r.id)).toEqual([app1.id, app0.id, app2.id]);

    // the loader serves the same table; the reviewer's list shows the assignments
    const loaded = (await deskLoader(
      args(await signedInRequest(db, plain, `/review/challenges/${code}`), { code }),
    )) as { desk: typeof table };
    expect(loaded.desk.rows[0]!.weighted).toBe(80);
    const mine = (await myAssignmentsLoader(
      args(await signedInRequest(db, plain, '/review/assignments')),
    )) as { rows: { todo: boolean }[] };
    expect(mine.rows).toHaveLength(3);
    expect(mine.rows.filter((r) => r.todo)).toHaveLength(1);
    // another reviewer's assignment does not exist for this one, nor for an admin
    const foreign = await thrownOrReturned(async () =>
      assignmentLoader(
        args(await signedInRequest(db, later, `/review/assignments/${a0.id}`), { id: a0.id }),
      ),
    );
    expect((foreign as Response).status).toBe(404);
    const foreignPost = await scoreVia(
      later,
      a0.id,
      scoreFields(await scoresFor(db, challenge.id, 1)),
    );
    expect((foreignPost as Response).status).toBe(404);
    // the audit trail has every step
    expect(
      await db.auditEvent.count({
        where: { action: 'review.scored', entityId: { in: [a0.id, lateAssignment.id] } },
      }),
    ).toBe(2);
  });

  it('refuses bad input on every desk and score form with field errors, saving nothing', async () => {
    const { challenge, applications } = await closedChallenge(db, { bids: 1 });
    const code = challenge.code!;
    const reviewer = await makeStaff(db, 'REVIEWER');
    const enterpriseUser = await makeUser(db, { role: 'ENTERPRISE' });

    const criteria = (rows: [string, string][]) =>
      postToDesk(reviewer, code, [
        ['intent', 'criteria'],
        ...rows.flatMap(([name, weight], i): [string, string][] => [
          [`criteria[${i}].name`, name],
          [`criteria[${i}].weight`, weight],
        ]),
      ]);
    expect(
      errorsOf(
        await criteria([
          ['技术', '50'],
          ['团队', '40'],
        ]),
      ).criteria,
    ).toEqual(['evaluation.errors.weightSum']);
    expect(
      errorsOf(
        await criteria([
          ['技术', '0'],
          ['团队', '100'],
        ]),
      )['criteria[0].weight'],
    ).toEqual(['evaluation.errors.weight']);
    expect(
      errorsOf(
        await criteria([
          ['技术', 'x'],
          ['团队', '50'],
        ]),
      )['criteria[0].weight'],
    ).toEqual(['evaluation.errors.weight']);
    expect(
      errorsOf(
        await criteria([
          ['技术', '50'],
          ['技术', '50'],
        ]),
      )['criteria[1].name'],
    ).toEqual(['evaluation.errors.duplicateName']);
    expect(errorsOf(await criteria([['', '100']]))['criteria[0].name']).toEqual([
      'validation.required',
    ]);
    expect(
      errorsOf(await postToDesk(reviewer, code, [['intent', 'criteria']])).criteria,
    ).toBeTruthy();
    expect(await db.reviewCriterion.count({ where: { challengeId: challenge.id } })).toBe(0);

    const slots = (awardSlots: string, stageGateDate = '') =>
      postToDesk(reviewer, code, [
        ['intent', 'slots'],
        ['awardSlots', awardSlots],
        ['stageGateDate', stageGateDate],
      ]);
    expect(errorsOf(await slots('2')).stageGateDate).toEqual([
      'evaluation.errors.stageGateRequired',
    ]);
    expect(errorsOf(await slots('11', '2021-12-01')).awardSlots).toEqual([
      'evaluation.errors.slots',
    ]);
    expect(errorsOf(await slots('0')).awardSlots).toEqual(['evaluation.errors.slots']);
    expect(errorsOf(await slots('2', '2021-02-30')).stageGateDate).toEqual(['validation.invalid']);
    expect(errorsOf(await slots('2', '2021-06-30')).stageGateDate).toEqual([
      'evaluation.errors.stageGateBeforeDeadline',
    ]);
    const unchanged = await db.challenge.findUniqueOrThrow({ where: { id: challenge.id } });
    expect([unchanged.awardSlots, unchanged.stageGateDate]).toEqual([1, null]);

    expect(errorsOf(await postToDesk(reviewer, code, [['intent', 'assign']])).reviewerIds).toEqual([
      'evaluation.errors.reviewersRequired',
    ]);
    expect(
      errorsOf(
        await postToDesk(reviewer, code, [
          ['intent', 'assign'],
          ['reviewerIds', enterpriseUser.id],
        ]),
      ).reviewerIds,
    ).toEqual(['evaluation.errors.invalidReviewer']);
    expect(
      errorsOf(await postToDesk(reviewer, code, [['intent', 'nonsense']])).intent,
    ).toBeTruthy();
    expect(
      errorsOf(
        await postToDesk(reviewer, code, [
          ['intent', 'decline'],
          ['applicationId', 'no-such-application'],
        ]),
      )[''],
    ).toEqual(['evaluation.errors.notFound']);
    expect(await db.reviewAssignment.count({ where: { applicationId: applications[0]!.id } })).toBe(
      0,
    );

    await postToDesk(reviewer, code, [
      ['intent', 'assign'],
      ['reviewerIds', reviewer.id],
    ]);
    const assignment = await assignmentOf(applications[0]!.id, reviewer.id);
    const good = await scoresFor(db, challenge.id, 80);
    const bad = async (mutate: (rows: typeof good) => void) => {
      const rows = good.map((r) => ({ ...r }));
      mutate(rows);
      return errorsOf((await scoreVia(reviewer, assignment.id, scoreFields(rows))) as Reply);
    };
    expect((await bad((r) => (r[0]!.score = 101)))['scores[0].score']).toEqual([
      'evaluation.errors.score',
    ]);
    expect((await bad((r) => (r[1]!.score = -1)))['scores[1].score']).toEqual([
      'evaluation.errors.score',
    ]);
    expect(
      (await bad((r) => ((r[2] as { score: unknown }).score = '7.5')))['scores[2].score'],
    ).toEqual(['evaluation.errors.score']);
    expect((await bad((r) => (r[3]!.comment = '  ')))['scores[3].comment']).toEqual([
      'validation.required',
    ]);
    expect((await bad((r) => r.pop()))['']).toEqual(['evaluation.errors.criteriaChanged']);
    expect((await bad((r) => (r[0]!.key = 'elsewhere')))['']).toEqual([
      'evaluation.errors.criteriaChanged',
    ]);
    expect(
      errorsOf((await scoreVia(reviewer, assignment.id, { intent: 'recuse', reason: '' })) as Reply)
        .reason,
    ).toEqual(['validation.required']);
    const after = await db.reviewAssignment.findUniqueOrThrow({
      where: { id: assignment.id },
      include: { scores: true },
    });
    expect([after.scores.length, after.submittedAt, after.recusedAt]).toEqual([0, null, null]);
  });

  it('sets criteria and a parallel award until the first score, then locks the criteria', async () => {
    const { challenge, applications } = await closedChallenge(db, { bids: 1 });
    const code = challenge.code!;
    const reviewer = await makeStaff(db, 'REVIEWER');
    const saved = await postToDesk(reviewer, code, [
      ['intent', 'criteria'],
      ['criteria[0].name', '技术方案'],
      ['criteria[0].weight', '50'],
      ['criteria[1].name', '产业化前景'],
      ['criteria[1].nameEn', 'Market prospects'],
      ['criteria[1].weight', '30'],
      ['criteria[2].name', '团队能力'],
      ['criteria[2].weight', '20'],
    ]);
    expect(saved.notice?.key).toBe('evaluation.desk.criteria.saved');
    expect(
      (
        await db.reviewCriterion.findMany({
          where: { challengeId: challenge.id },
          orderBy: { position: 'asc' },
        })
      ).map((c) => [c.key, c.name, c.nameEn, c.weight]),
    ).toEqual([
      ['technical', '技术方案', null, 50],
      ['c2', '产业化前景', 'Market prospects', 30],
      ['team', '团队能力', null, 20],
    ]);
    const slots = await postToDesk(reviewer, code, [
      ['intent', 'slots'],
      ['awardSlots', '3'],
      ['stageGateDate', '2022-03-01'],
    ]);
    expect(slots.notice?.key).toBe('evaluation.desk.slots.saved');
    const set = await db.challenge.findUniqueOrThrow({ where: { id: challenge.id } });
    expect(set.awardSlots).toBe(3);
    expect(set.stageGateDate!.toISOString()).toBe(
      new Date('2022-03-01T00:00:00+08:00').toISOString(),
    );

    await postToDesk(reviewer, code, [
      ['intent', 'assign'],
      ['reviewerIds', reviewer.id],
    ]);
    const assignment = await assignmentOf(applications[0]!.id, reviewer.id);
    expect(
      await submitScores(
        db,
        reviewer.id,
        assignment.id,
        await scoresFor(db, challenge.id, [90, 60, 30]),
      ),
    ).toEqual({ ok: true });
    expect((await challengeDesk(db, code, actorOf(reviewer)))!.rows[0]!.weighted).toBe(69);
    const locked = await postToDesk(reviewer, code, [['intent', 'defaults']]);
    expect(errorsOf(locked)['']).toEqual(['evaluation.errors.criteriaLocked']);
    expect(await db.reviewCriterion.count({ where: { challengeId: challenge.id } })).toBe(3);
    // a started assignment cannot be taken back
    const unassigned = await postToDesk(reviewer, code, [
      ['intent', 'unassign'],
      ['assignmentId', assignment.id],
    ]);
    expect(errorsOf(unassigned)['']).toEqual(['evaluation.errors.assignmentStarted']);
  });

  it('shortlists and declines, tells the team, and shows the feedback after the decision', async () => {
    const { challenge, applications } = await closedChallenge(db, {
      bids: 2,
      stillPublished: true,
    });
    const [winner, loser] = applications as [(typeof applications)[0], (typeof applications)[0]];
    const code = challenge.code!;
    const reviewer = await makeStaff(db, 'REVIEWER');
    const reviewer2 = await makeStaff(db, 'REVIEWER');
    const member = await teamMember(db, loser.teamId);
    const otherTeam = await teamMember(db, winner.teamId);

    // a PUBLISHED challenge past its deadline is under evaluation
    const list = (await listLoader(
      args(await signedInRequest(db, reviewer, '/review/challenges')),
    )) as { rows: { code: string; status: string; undecided: number }[] };
    expect(list.rows.find((r) => r.code === code)).toMatchObject({
      status: 'CLOSED',
      undecided: 2,
    });

    await postToDesk(reviewer, code, [
      ['intent', 'assign'],
      ['reviewerIds', reviewer.id],
      ['reviewerIds', reviewer2.id],
    ]);
    for (const [r, value] of [
      [reviewer, 62],
      [reviewer2, 71],
    ] as const) {
      await submitScores(
        db,
        r.id,
        (await assignmentOf(loser.id, r.id)).id,
        (await scoresFor(db, challenge.id, value)).map((s, i) => ({
          ...s,
          comment: `${r.id === reviewer.id ? '甲' : '乙'}评语${i + 1}`,
        })),
      );
    }
    // before the decision the team sees no scores and cannot appeal
    const early = (await feedbackLoader(
      args(await signedInRequest(db, member, `/applications/${loser.id}/feedback`), {
        id: loser.id,
      }),
    )) as { feedback: { review: unknown; appealRefusal: string } };
    expect(early.feedback.review).toBeNull();
    expect(early.feedback.appealRefusal).toBe('not_decided');

    const shortlisted = await postToDesk(reviewer, code, [
      ['intent', 'shortlist'],
      ['applicationId', winner.id],
    ]);
    expect(shortlisted.notice?.key).toBe('evaluation.desk.ranking.shortlisted');
    expect((await db.application.findUniqueOrThrow({ where: { id: winner.id } })).status).toBe(
      'SHORTLISTED',
    );
    expect(await notificationsOf(otherTeam.id, 'applicationShortlisted')).toBe(1);
    // shortlisting twice is not a transition
    expect(
      errorsOf(
        await postToDesk(reviewer, code, [
          ['intent', 'shortlist'],
          ['applicationId', winner.id],
        ]),
      )[''],
    ).toEqual(['evaluation.errors.invalid']);

    const declined = await postToDesk(reviewer, code, [
      ['intent', 'decline'],
      ['applicationId', loser.id],
    ]);
    expect(declined.notice?.key).toBe('evaluation.desk.ranking.declined');
    const decided = await db.application.findUniqueOrThrow({ where: { id: loser.id } });
    expect([decided.status, decided.active, decided.decidedAt !== null]).toEqual([
      'DECLINED',
      null,
      true,
    ]);
    const told = await db.notification.findFirstOrThrow({
      where: { userId: member.id, kind: 'applicationDeclined' },
    });
    expect(told.link).toBe(`/applications/${loser.id}/feedback`);
    expect(JSON.parse(told.payload)).toEqual({ code });

    // the team sees per-criterion averages and comments, never who wrote them
    const response = await feedbackLoader(
      args(await signedInRequest(db, member, `/applications/${loser.id}/feedback`), {
        id: loser.id,
      }),
    );
    const feedback = (response as { feedback: { review: Record<string, unknown> } }).feedback;
    expect(feedback.review).toMatchObject({ weighted: 66.5, reviewers: 2 });
    const criteria = feedback.review.criteria as { average: number; comments: string[] }[];
    expect(criteria.map((c) => c.average)).toEqual([66.5, 66.5, 66.5, 66.5]);
    expect(criteria[0]!.comments.sort()).toEqual(['乙评语1', '甲评语1']);
    const serialized = JSON.stringify(response);
    for (const r of [reviewer, reviewer2]) {
      expect(serialized).not.toContain(r.id);
      expect(serialized).not.toContain(r.email);
      expect(serialized).not.toContain(
        (await db.user.findUniqueOrThrow({ where: { id: r.id } })).name,
      );
    }
    // another team's application does not exist for this team
    for (const call of [
      async () =>
        feedbackLoader(
          args(await signedInRequest(db, otherTeam, `/applications/${loser.id}/feedback`), {
            id: loser.id,
          }),
        ),
      async () =>
        feedbackAction(
          args(
            await signedInRequest(
              db,
              otherTeam,
              `/applications/${loser.id}/feedback`,
              formPost({ reason: '不服' }),
            ),
            { id: loser.id },
          ),
        ),
    ])
      expect(((await thrownOrReturned(call)) as Response).status).toBe(404);
  });

  it('takes one appeal within 7 days of the decision; an admin resolves it', async () => {
    const { challenge, applications } = await closedChallenge(db, { bids: 3 });
    const [declinedApp, lateApp, raceApp] = applications as [
      (typeof applications)[0],
      (typeof applications)[0],
      (typeof applications)[0],
    ];
    const now = new Date();
    const DAY = 24 * 3600 * 1000;
    await db.application.updateMany({
      where: { id: { in: [declinedApp.id, raceApp.id] } },
      data: { status: 'DECLINED', active: null, decidedAt: now },
    });
    await db.application.update({
      where: { id: lateApp.id },
      data: { status: 'DECLINED', active: null, decidedAt: new Date(now.getTime() - 9 * DAY) },
    });
    const member = await teamMember(db, declinedApp.teamId);
    const admin = await makeStaff(db, 'ADMIN');
    const reviewer = await makeStaff(db, 'REVIEWER');
    const appealVia = async (reason: string) =>
      postAs(
        db,
        feedbackAction,
        member,
        `/applications/${declinedApp.id}/feedback`,
        { reason },
        { id: declinedApp.id },
      );
    const adminsBefore = await notificationsOf(admin.id, 'appealReceived');

    expect(errorsOf((await appealVia('   ')) as Reply).reason).toEqual(['validation.required']);
    expect(errorsOf((await appealVia('x'.repeat(2001))) as Reply).reason).toEqual([
      'validation.tooLong',
    ]);
    expect(await db.appeal.count({ where: { applicationId: declinedApp.id } })).toBe(0);

    const filed = await appealVia('评审未考虑我们的中试数据。');
    expect((filed as Response).status).toBe(302);
    expect(await notificationsOf(admin.id, 'appealReceived')).toBe(adminsBefore + 1);
    expect(errorsOf((await appealVia('再次申诉')) as Reply)['']).toEqual([
      'evaluation.errors.appealAlready',
    ]);
    expect(await db.appeal.count({ where: { applicationId: declinedApp.id } })).toBe(1);

    // 9 days after the decision the window is closed
    const lateMember = await teamMember(db, lateApp.teamId);
    expect(await submitAppeal(db, actorOf(lateMember), lateApp.id, '迟到的申诉')).toEqual({
      ok: false,
      error: 'appealWindowClosed',
      key: 'evaluation.errors.appealWindowClosed',
    });
    // parallel appeals on one decision: exactly one is taken
    const raceMember = await teamMember(db, raceApp.teamId);
    const raced = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        submitAppeal(db, actorOf(raceMember), raceApp.id, `并发申诉 ${i}`),
      ),
    );
    expect(raced.filter((r) => r.ok)).toHaveLength(1);
    expect(await db.appeal.count({ where: { applicationId: raceApp.id } })).toBe(1);

    // the admins' desk: a reviewer may not resolve, bad input is refused, then it is resolved
    const appeal = await db.appeal.findFirstOrThrow({ where: { applicationId: declinedApp.id } });
    const resolve = async (user: User, fields: Record<string, string>) =>
      postAs(db, appealsAction, user, '/review/appeals', fields);
    expect(
      (
        (await resolve(reviewer, {
          intent: 'dismiss',
          appealId: appeal.id,
          resolution: '驳回',
        })) as Response
      ).status,
    ).toBe(403);
    expect(
      errorsOf(
        (
          (await resolve(admin, { intent: 'dismiss', appealId: appeal.id, resolution: '' })) as {
            result: Reply;
          }
        ).result,
      ).resolution,
    ).toEqual(['validation.required']);
    expect(
      errorsOf(
        (
          (await resolve(admin, { intent: 'maybe', appealId: appeal.id, resolution: '好' })) as {
            result: Reply;
          }
        ).result,
      ).intent,
    ).toBeTruthy();
    const listed = (await appealsLoader(
      args(await signedInRequest(db, admin, '/review/appeals')),
    )) as { open: { id: string }[] };
    expect(listed.open.map((a) => a.id)).toContain(appeal.id);
    expect((await db.appeal.findUniqueOrThrow({ where: { id: appeal.id } })).status).toBe('OPEN');

    const done = (await resolve(admin, {
      intent: 'dismiss',
      appealId: appeal.id,
      resolution: '经复核，中试数据已在评审中考虑，维持原决定。',
    })) as { done: boolean };
    expect(done.done).toBe(true);
    const resolved = await db.appeal.findUniqueOrThrow({ where: { id: appeal.id } });
    expect([resolved.status, resolved.resolvedById]).toEqual(['DISMISSED', admin.id]);
    const told = await db.notification.findFirstOrThrow({
      where: { userId: member.id, kind: 'appealResolved' },
    });
    expect(JSON.parse(told.payload)).toEqual({
      code: challenge.code,
      comment: '经复核，中试数据已在评审中考虑，维持原决定。',
    });
    const again = (await resolve(admin, {
      intent: 'uphold',
      appealId: appeal.id,
      resolution: '改判',
    })) as { result: Reply };
    expect(errorsOf(again.result)['']).toEqual(['evaluation.errors.invalid']);
    expect(
      await db.auditEvent.count({ where: { entityType: 'Appeal', entityId: appeal.id } }),
    ).toBe(2);
  });
});
