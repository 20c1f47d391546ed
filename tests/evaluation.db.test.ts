// Expert review through the routes the bureau and the teams use: criteria and weights,
// reviewer assignments with automatic conflict flags, scores and the ranked table (recused
// reviewers left out), shortlisting and declining, the team's feedback and its appeal.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { actorOf } from '~/services/kernel/actor';
import { closedChallenge, makeStaff, makeUser, scoresFor } from './factories';
import { args, errorsOf, type Reply, signedInRequest, thrownOrReturned } from './route-call';
import { postToDesk } from './pages/challenge-desk';
import { loader as assignmentLoader } from '~/routes/review.assignments.$id/route';
import { loader as myAssignmentsLoader } from '~/routes/review.assignments._index/route';
import { loader as deskLoader } from '~/routes/review.challenges.$code/route';
import { challengeDesk } from '~/routes/review.challenges.$code/desk.server';
import { declareConflict, submitScores } from '~/services/evaluation/scores.server';
import { scoreVia, scoreFields, assignmentOf, notificationsOf } from './evaluation-helpers';

afterAll(() => db.$disconnect());

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
    // the reviewer's own assignment shows the team's roster as stored
    const own = (await assignmentLoader(
      args(await signedInRequest(db, plain, `/review/assignments/${a0.id}`), { id: a0.id }),
    )) as { assignment: { application: { members: unknown[] } } };
    expect(own.assignment.application.members).toEqual([
      { name: '张三', role: '负责人', title: '教授' },
    ]);
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
});
