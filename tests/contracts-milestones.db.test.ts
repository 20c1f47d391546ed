// The milestone flow of a registered contract through the routes the bureau, the enterprise and
// the team use, the contract's and challenge's ends, and refusals on every milestone form.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { loader as myContractsLoader } from '~/routes/workspace.contracts._index';
import { contractForm, inDays, makeApprovedAward, makeUser, partiesOf, tinyPng } from './factories';
import { args, errorsOf, signedInRequest, statusOf } from './route-call';
import { postToContract, viewContract } from './pages/contract';
import { type TestUser, register, codeOf, staff } from './contracts-desk-helpers';

afterAll(() => db.$disconnect());

describe(`milestones (${inject('databaseKind')})`, () => {
  async function registered(milestones = 2) {
    const f = await makeApprovedAward(db, { bountyFen: 200_000_000 });
    const parties = await partiesOf(db, f);
    const people = { ...parties, ...(await staff()) };
    const share = String(100 / milestones);
    const code = codeOf(
      await register(
        people.reviewer,
        f.award.id,
        contractForm({
          rdInvestmentWan: '800',
          milestones: Array.from({ length: milestones }, (_, i) => ({
            title: `节点${i + 1}`,
            dueDate: inDays(30 * (i + 1)),
            deliverables: `成果${i + 1}`,
            sharePct: share,
          })),
        }),
      ),
    );
    const ms = await db.milestone.findMany({
      where: { contract: { code } },
      orderBy: { seq: 'asc' },
    });
    return { f, code, ms, ...people };
  }

  const contractStatus = async (code: string) =>
    (await db.contract.findUniqueOrThrow({ where: { code } })).status;
  const challengeStatus = async (id: string) =>
    (await db.challenge.findUniqueOrThrow({ where: { id } })).status;
  const milestone = (id: string) => db.milestone.findUniqueOrThrow({ where: { id } });

  it('goes delivered → rejected → redelivered → accepted → confirmed, and the contract is accepted', async () => {
    const { code, ms, enterprise, team, reviewer } = await registered(2);
    const [m1, m2] = ms as [(typeof ms)[number], (typeof ms)[number]];

    // in order only, and by the team only
    const early = await postToContract(team, code, {
      intent: 'deliver',
      milestoneId: m2.id,
      evidence: '提前',
    });
    expect(errorsOf(early)['']).toEqual(['contractsDesk.errors.outOfOrder']);
    expect(
      statusOf(
        await postToContract(enterprise, code, {
          intent: 'deliver',
          milestoneId: m1.id,
          evidence: 'x',
        }),
      ),
    ).toBe(403);

    // a refused evidence file leaves nothing behind
    const text = new File(['just text'], 'report.pdf', { type: 'application/pdf' });
    const badFile = await postToContract(
      team,
      code,
      { intent: 'deliver', milestoneId: m1.id, evidence: '样机三套已完成' },
      [text],
    );
    expect(errorsOf(badFile).file).toEqual(['contractsDesk.errors.upload_type']);
    expect((await milestone(m1.id)).status).toBe('PENDING');
    expect(await contractStatus(code)).toBe('SIGNED');
    expect(await db.attachment.count({ where: { ownerType: 'Milestone', ownerId: m1.id } })).toBe(
      0,
    );

    // the first delivery, with a file, starts the contract
    const png = new File([tinyPng()], '样机照片.png', { type: 'image/png' });
    const delivered = await postToContract(
      team,
      code,
      { intent: 'deliver', milestoneId: m1.id, evidence: '样机三套已完成，测试报告见附件。' },
      [png],
    );
    expect(statusOf(delivered)).toBe(302);
    expect(await milestone(m1.id)).toMatchObject({
      status: 'DELIVERED',
      evidence: '样机三套已完成，测试报告见附件。',
    });
    expect(await contractStatus(code)).toBe('IN_PROGRESS');
    const started = await db.auditEvent.findFirstOrThrow({
      where: { action: 'contract.start', data: { contains: code } },
    });
    expect(started.actorId).toBeNull();
    expect(await db.attachment.count({ where: { ownerType: 'Milestone', ownerId: m1.id } })).toBe(
      1,
    );
    expect(
      await db.notification.count({ where: { userId: enterprise.id, kind: 'milestoneDelivered' } }),
    ).toBe(1);

    // the team may not answer its own delivery; a rejection needs a reason
    expect(
      statusOf(await postToContract(team, code, { intent: 'accept', milestoneId: m1.id })),
    ).toBe(403);
    const noReason = await postToContract(enterprise, code, {
      intent: 'reject',
      milestoneId: m1.id,
    });
    expect(errorsOf(noReason).reason).toEqual(['validation.required']);
    expect((await milestone(m1.id)).status).toBe('DELIVERED');

    await postToContract(enterprise, code, {
      intent: 'reject',
      milestoneId: m1.id,
      reason: '缺少第三方检测报告。',
    });
    expect(await milestone(m1.id)).toMatchObject({
      status: 'REJECTED',
      rejectReason: '缺少第三方检测报告。',
    });
    const rejectedNote = await db.notification.findFirstOrThrow({
      where: { userId: team.id, kind: 'milestoneRejected' },
    });
    expect(rejectedNote.payload).toContain('缺少第三方检测报告。');

    // a rejected milestone is delivered again, not delivered
    const wrongIntent = await postToContract(team, code, {
      intent: 'deliver',
      milestoneId: m1.id,
      evidence: 'x',
    });
    expect(errorsOf(wrongIntent)['']).toEqual(['contractsDesk.errors.notNow']);
    await postToContract(team, code, {
      intent: 'redeliver',
      milestoneId: m1.id,
      evidence: '补充第三方检测报告。',
    });
    expect(await milestone(m1.id)).toMatchObject({ status: 'DELIVERED', rejectReason: null });

    await postToContract(enterprise, code, { intent: 'accept', milestoneId: m1.id });
    expect(await milestone(m1.id)).toMatchObject({ status: 'ACCEPTED', confirmedAt: null });

    // the bureau confirms, not the parties
    expect(
      statusOf(await postToContract(enterprise, code, { intent: 'confirm', milestoneId: m1.id })),
    ).toBe(403);
    expect(
      statusOf(await postToContract(team, code, { intent: 'confirm', milestoneId: m1.id })),
    ).toBe(403);
    await postToContract(reviewer, code, { intent: 'confirm', milestoneId: m1.id });
    expect((await milestone(m1.id)).confirmedAt).not.toBeNull();
    expect(await contractStatus(code)).toBe('IN_PROGRESS');
    const again = await postToContract(reviewer, code, { intent: 'confirm', milestoneId: m1.id });
    expect(errorsOf(again)['']).toEqual(['contractsDesk.errors.notNow']);

    // the last milestone: accepted by the bureau, which confirms it at once → contract accepted
    await postToContract(team, code, {
      intent: 'deliver',
      milestoneId: m2.id,
      evidence: '验收报告',
    });
    await postToContract(reviewer, code, { intent: 'accept', milestoneId: m2.id });
    expect((await milestone(m2.id)).confirmedAt).not.toBeNull();
    const done = await db.contract.findUniqueOrThrow({ where: { code } });
    expect(done.status).toBe('ACCEPTED');
    expect(done.acceptedAt).not.toBeNull();

    // nothing moves any more
    const late = await postToContract(team, code, {
      intent: 'redeliver',
      milestoneId: m2.id,
      evidence: 'x',
    });
    expect(errorsOf(late)['']).toEqual(['contractsDesk.errors.closed']);

    // the page tells the story
    const page = (await viewContract(team, code)) as {
      contract: {
        status: string;
        trail: { action: string }[];
        milestones: { attachments: unknown[] }[];
      };
    };
    expect(page.contract.status).toBe('ACCEPTED');
    expect(page.contract.milestones[0]!.attachments).toHaveLength(1);
    // (the automatic start shares its instant with the delivery that caused it)
    const actions = page.contract.trail.map((e) => e.action);
    expect(actions.filter((a) => a === 'contract.start')).toHaveLength(1);
    expect(actions.filter((a) => a !== 'contract.start')).toEqual([
      'contract.registered',
      'milestone.deliver',
      'milestone.reject',
      'milestone.redeliver',
      'milestone.accept',
      'milestone.confirm',
      'milestone.deliver',
      'milestone.accept',
      'contract.accept',
    ]);
  });

  it('accepts the contract once when the last two milestones are confirmed in parallel', async () => {
    const { f, code, ms, enterprise, team, reviewer, admin } = await registered(2);
    for (const m of ms) {
      await postToContract(team, code, { intent: 'deliver', milestoneId: m.id, evidence: '成果' });
      await postToContract(enterprise, code, { intent: 'accept', milestoneId: m.id });
    }
    const results = await Promise.all([
      postToContract(reviewer, code, { intent: 'confirm', milestoneId: ms[0]!.id }),
      postToContract(admin, code, { intent: 'confirm', milestoneId: ms[1]!.id }),
    ]);
    expect(results.map(statusOf)).toEqual([302, 302]);
    expect(await contractStatus(code)).toBe('ACCEPTED');
    expect(
      await db.auditEvent.count({ where: { action: 'contract.accept', data: { contains: code } } }),
    ).toBe(1);
    // its only contract accepted, the challenge is completed, once, by the platform
    const challengeId = f.award.challengeId;
    expect(await challengeStatus(challengeId)).toBe('COMPLETED');
    const completed = await db.auditEvent.findMany({
      where: { entityId: challengeId, action: 'need.complete' },
    });
    expect(completed).toHaveLength(1);
    expect(completed[0]!.actorId).toBeNull();
    // both parties hear of the accepted contract, once
    for (const who of [team, enterprise])
      expect(
        await db.notification.count({ where: { userId: who.id, kind: 'contractAccepted' } }),
      ).toBe(1);
  });

  it('completes a challenge only when its last running contract ends', async () => {
    const first = await registered(1);
    const challengeId = first.f.award.challengeId;
    // a second team's contract on the same challenge (赛马制)
    const second = await makeApprovedAward(db, { challengeId, slotNo: 2 });
    const secondCode = codeOf(
      await register(
        first.reviewer,
        second.award.id,
        contractForm({
          rdInvestmentWan: '800',
          milestones: [
            { title: '节点1', dueDate: inDays(30), deliverables: '成果', sharePct: '100' },
          ],
        }),
      ),
    );
    const m = first.ms[0]!;
    await postToContract(first.team, first.code, {
      intent: 'deliver',
      milestoneId: m.id,
      evidence: '成果',
    });
    await postToContract(first.reviewer, first.code, { intent: 'accept', milestoneId: m.id });
    expect(await contractStatus(first.code)).toBe('ACCEPTED');
    expect(await challengeStatus(challengeId)).toBe('AWARDED');

    await postToContract(first.admin, secondCode, {
      intent: 'terminate',
      reason: '团队无法继续实施。',
    });
    expect(await contractStatus(secondCode)).toBe('TERMINATED');
    expect(await challengeStatus(challengeId)).toBe('COMPLETED');
  });

  it('lets the bureau start a signed contract and an admin terminate it', async () => {
    const { code, ms, team, reviewer, admin } = await registered(2);
    expect(statusOf(await postToContract(team, code, { intent: 'start' }))).toBe(403);
    await postToContract(reviewer, code, { intent: 'start' });
    expect(await contractStatus(code)).toBe('IN_PROGRESS');
    // termination takes an admin and a reason
    expect(
      statusOf(await postToContract(reviewer, code, { intent: 'terminate', reason: '—' })),
    ).toBe(403);
    expect(errorsOf(await postToContract(admin, code, { intent: 'terminate' })).reason).toEqual([
      'validation.required',
    ]);
    expect(await contractStatus(code)).toBe('IN_PROGRESS');
    await postToContract(admin, code, {
      intent: 'terminate',
      reason: '团队核心成员离职，无法继续实施。',
    });
    const c = await db.contract.findUniqueOrThrow({ where: { code } });
    expect(c.status).toBe('TERMINATED');
    expect(c.terminatedAt).not.toBeNull();
    // its only contract terminated, so is the challenge
    expect(await challengeStatus(c.challengeId)).toBe('TERMINATED');
    const told = await db.notification.findFirstOrThrow({
      where: { userId: team.id, kind: 'contractTerminated' },
    });
    expect(told.payload).toContain('团队核心成员离职');
    const late = await postToContract(team, code, {
      intent: 'deliver',
      milestoneId: ms[0]!.id,
      evidence: 'x',
    });
    expect(errorsOf(late)['']).toEqual(['contractsDesk.errors.closed']);
    expect(
      errorsOf(await postToContract(admin, code, { intent: 'terminate', reason: 'x' }))[''],
    ).toEqual(['contractsDesk.errors.notNow']);
  });

  it('answers 404 to other organisations and refuses bad input on every milestone form', async () => {
    const { code, ms, enterprise, team, reviewer, admin } = await registered(1);
    const stranger = await makeUser(db, { role: 'TEAM' });
    const otherEnterprise = await makeUser(db, { role: 'ENTERPRISE' });
    for (const u of [stranger, otherEnterprise]) {
      expect(statusOf(await viewContract(u, code))).toBe(404);
      expect(
        statusOf(
          await postToContract(u, code, {
            intent: 'deliver',
            milestoneId: ms[0]!.id,
            evidence: 'x',
          }),
        ),
      ).toBe(404);
    }
    expect(statusOf(await viewContract(reviewer, code))).toBe('data');
    expect(statusOf(await viewContract(enterprise, code))).toBe('data');

    const cases: [TestUser, Record<string, string>, string, string][] = [
      [team, { intent: 'deliver', milestoneId: ms[0]!.id }, 'evidence', 'validation.required'],
      [
        team,
        { intent: 'deliver', milestoneId: ms[0]!.id, evidence: 'x'.repeat(4001) },
        'evidence',
        'validation.tooLong',
      ],
      [team, { intent: 'deliver', evidence: 'x' }, 'milestoneId', 'validation.required'],
      [team, { intent: 'bogus' }, 'intent', 'validation.invalid'],
      [admin, { intent: 'terminate' }, 'reason', 'validation.required'],
      [enterprise, { intent: 'reject', milestoneId: ms[0]!.id }, 'reason', 'validation.required'],
    ];
    for (const [user, fields, field, message] of cases) {
      const result = await postToContract(user, code, fields);
      expect(errorsOf(result)[field], JSON.stringify(fields)).toEqual([message]);
    }
    // a milestone of another contract is not found
    const other = await registered(1);
    expect(
      statusOf(
        await postToContract(team, code, {
          intent: 'deliver',
          milestoneId: other.ms[0]!.id,
          evidence: 'x',
        }),
      ),
    ).toBe(404);
    expect((await milestone(ms[0]!.id)).status).toBe('PENDING');
    expect(await contractStatus(code)).toBe('SIGNED');

    // the parties' own list
    const mine = (await myContractsLoader(
      args(await signedInRequest(db, team, '/workspace/contracts')),
    )) as { contracts: { code: string }[] };
    expect(mine.contracts.map((c) => c.code)).toEqual([code]);
    const theirs = (await myContractsLoader(
      args(await signedInRequest(db, stranger, '/workspace/contracts')),
    )) as { contracts: { code: string }[] };
    expect(theirs.contracts).toEqual([]);
  });
});
