// Contracts from approved award to acceptance, through the routes the bureau, the enterprise
// and the team use: registration, the open-bounty negotiation, the milestone flow, and the
// invariants under parallel requests.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parseShanghaiDate } from '~/domain/shanghai-date';
import { db } from '~/lib/db.server';
import { actorOf } from '~/services/kernel/actor';
import { loader as deskLoader } from '~/routes/review.contracts._index';
import { loader as registerLoader } from '~/routes/review.contracts.new.$awardId';
import { registerContract } from '~/services/contracts/registration.server';
import { programmeFigures } from '~/services/programme/stats.server';
import { contractForm, inDays, makeApprovedAward, partiesOf } from './factories';
import { raceAcrossProcesses, RACE_TIMEOUT } from './race';
import { args, errorsOf, signedInRequest, statusOf } from './route-call';
import { statsNow, register, codeOf, staff, contractsOf } from './contracts-desk-helpers';

afterAll(() => db.$disconnect());

describe(`contract registration (${inject('databaseKind')})`, () => {
  it('registers a fixed-bounty contract: exact milestone amounts, notifications, figures', async () => {
    // 123.456789 万元: a reward that does not split evenly into thirds
    const f = await makeApprovedAward(db, { bountyFen: 123_456_789 });
    const { enterprise, team } = await partiesOf(db, f);
    const { reviewer } = await staff();
    const before = await statsNow();

    const page = (await registerLoader(
      args(await signedInRequest(db, reviewer, `/review/contracts/new/${f.award.id}`), {
        awardId: f.award.id,
      }),
    )) as { award: { rewardFen: number | null; refusal: string | null } };
    expect(page.award.rewardFen).toBe(123_456_789);
    expect(page.award.refusal).toBeNull();
    const desk = (await deskLoader(
      args(await signedInRequest(db, reviewer, '/review/contracts')),
    )) as { awaiting: { awardId: string }[] };
    expect(desk.awaiting.map((a) => a.awardId)).toContain(f.award.id);

    const later = (n: number) => inDays(n);
    const result = await register(
      reviewer,
      f.award.id,
      contractForm({
        rdInvestmentWan: '1500.5',
        milestones: [
          { title: '样机', dueDate: later(30), deliverables: '样机3套', sharePct: '33.33' },
          { title: '中试', dueDate: later(60), deliverables: '中试报告', sharePct: '33.33' },
          { title: '验收', dueDate: later(90), deliverables: '验收报告', sharePct: '33.34' },
        ],
      }),
    );
    const code = codeOf(result);
    expect(code).toMatch(new RegExp(`^HT-${inDays(0).slice(0, 4)}-\\d{3}$`));

    const contract = await db.contract.findUniqueOrThrow({
      where: { code },
      include: { milestones: { orderBy: { seq: 'asc' } } },
    });
    expect(contract).toMatchObject({
      status: 'SIGNED',
      awardId: f.award.id,
      enterpriseId: f.enterpriseId,
      teamId: f.teamId,
      rewardFen: 123_456_789n,
      rdInvestmentFen: 1_500_500_000n,
    });
    expect(contract.signedAt.getTime()).toBe(parseShanghaiDate(inDays(0))!.getTime());
    expect(contract.milestones.map((m) => m.shareBp)).toEqual([3333, 3333, 3334]);
    const amounts = contract.milestones.map((m) => m.amountFen);
    expect(amounts.reduce((a, b) => a + b, 0n)).toBe(123_456_789n);
    expect(amounts).toEqual([41_148_148n, 41_148_148n, 41_160_493n]);
    expect(contract.milestones.every((m) => m.status === 'PENDING')).toBe(true);

    const after = await statsNow();
    expect(after.contractsSigned).toBe(before.contractsSigned + 1);
    expect(after.rdInvestmentFen).toBe(before.rdInvestmentFen + 1_500_500_000);

    expect(
      await db.auditEvent.count({
        where: { action: 'contract.registered', entityId: contract.id, actorId: reviewer.id },
      }),
    ).toBe(1);
    for (const u of [enterprise, team]) {
      const note = await db.notification.findFirstOrThrow({
        where: { userId: u.id, kind: 'contractCreated' },
      });
      expect(note.link).toBe(`/workspace/contracts/${code}`);
    }

    // a second registration of the same award is refused, and says so
    const again = await register(reviewer, f.award.id, contractForm());
    expect(errorsOf(again)['']).toEqual(['contractsDesk.errors.alreadyRegistered']);
    expect(await contractsOf(f)).toBe(1);
    // and the award no longer waits for a contract
    const deskAfter = (await deskLoader(
      args(await signedInRequest(db, reviewer, '/review/contracts')),
    )) as { awaiting: { awardId: string }[]; registered: { rows: { code: string }[] } };
    expect(deskAfter.awaiting.map((a) => a.awardId)).not.toContain(f.award.id);
    expect(deskAfter.registered.rows.map((r) => r.code)).toContain(code);
  });

  for (const mode of ['one process', 'five processes'] as const) {
    it(
      `makes exactly one contract of 50 parallel registrations of one award (${mode})`,
      async () => {
        const f = await makeApprovedAward(db, { bountyFen: 500_000_000 });
        const { reviewer, admin } = await staff();
        const before = await programmeFigures(db);
        const input = {
          rdInvestmentFen: 2_000_000_000,
          signedAt: parseShanghaiDate(inDays(0))!,
          milestones: [
            {
              title: '一',
              dueDate: parseShanghaiDate(inDays(10))!,
              deliverables: 'a',
              shareBp: 5000,
            },
            {
              title: '二',
              dueDate: parseShanghaiDate(inDays(20))!,
              deliverables: 'b',
              shareBp: 5000,
            },
          ],
        };
        const actors = [reviewer, admin].map(actorOf);
        const jobs = Array.from({ length: 50 }, (_, i) => ({
          awardId: f.award.id,
          actor: actors[i % 2]!,
          input,
        }));
        const results =
          mode === 'one process'
            ? await Promise.all(jobs.map((j) => registerContract(db, j.actor, j.awardId, j.input)))
            : await raceAcrossProcesses('tests/contract-race.worker.ts', jobs, 5);
        expect(results).toHaveLength(50);
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        // every other registration was refused as a duplicate, none failed
        expect(results.filter((r) => !r.ok && r.error === 'alreadyRegistered')).toHaveLength(49);
        expect(await contractsOf(f)).toBe(1);
        const contract = await db.contract.findFirstOrThrow({
          where: { awardId: f.award.id },
          include: { milestones: true },
        });
        expect(contract.milestones).toHaveLength(2);
        expect(
          await db.auditEvent.count({
            where: { action: 'contract.registered', entityId: contract.id },
          }),
        ).toBe(1);
        // counted from the records: this process's memo of the figures does not hear of the
        // worker processes' writes (on SQLite, only within its ten-second bound)
        const after = await programmeFigures(db);
        expect(after.contractsSigned).toBe(before.contractsSigned + 1);
        expect(after.rdInvestmentFen).toBe(before.rdInvestmentFen + 2_000_000_000);
      },
      RACE_TIMEOUT,
    );
  }

  it('gives parallel registrations of different awards distinct codes', async () => {
    const awards = await Promise.all(
      Array.from({ length: 8 }, () => makeApprovedAward(db, { bountyFen: 100_000_000 })),
    );
    const { admin } = await staff();
    const actor = actorOf(admin);
    const input = {
      rdInvestmentFen: 100_000_000,
      signedAt: parseShanghaiDate(inDays(0))!,
      milestones: [
        {
          title: '一',
          dueDate: parseShanghaiDate(inDays(10))!,
          deliverables: 'a',
          shareBp: 10_000,
        },
      ],
    };
    const results = await Promise.all(
      awards.map((a) => registerContract(db, actor, a.award.id, input)),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const codes = results.map((r) => (r.ok ? r.code : ''));
    expect(new Set(codes).size).toBe(8);
  });

  it('refuses bad input field by field and saves nothing', async () => {
    const f = await makeApprovedAward(db, {
      bountyFen: 300_000_000,
      decidedAt: parseShanghaiDate(inDays(-10))!,
    });
    const { reviewer } = await staff();
    const m = (sharePct: string, dueDate = inDays(30)) => ({
      title: '节点',
      dueDate,
      deliverables: '成果',
      sharePct,
    });
    const cases: [Record<string, string>, string, string][] = [
      [
        contractForm({ rdInvestmentWan: 'abc' }),
        'rdInvestmentWan',
        'contractsDesk.errors.amountInvalid',
      ],
      [
        contractForm({ rdInvestmentWan: '-5' }),
        'rdInvestmentWan',
        'contractsDesk.errors.amountNegative',
      ],
      [
        contractForm({ rdInvestmentWan: '0' }),
        'rdInvestmentWan',
        'contractsDesk.errors.amountPositive',
      ],
      [
        contractForm({ rdInvestmentWan: '1.0000001' }),
        'rdInvestmentWan',
        'contractsDesk.errors.amountPrecision',
      ],
      [
        contractForm({ rdInvestmentWan: '299.99' }),
        'rdInvestmentWan',
        'contractsDesk.errors.rdBelowReward',
      ],
      [
        contractForm({ rdInvestmentWan: '99999999999999999' }),
        'rdInvestmentWan',
        'contractsDesk.errors.amountTooLarge',
      ],
      [contractForm({ rdInvestmentWan: '' }), 'rdInvestmentWan', 'validation.required'],
      [contractForm({ signedAt: inDays(1) }), 'signedAt', 'contractsDesk.errors.signedInFuture'],
      [contractForm({ signedAt: '2021-02-30' }), 'signedAt', 'validation.invalid'],
      // the award was approved ten days ago: a contract cannot be older
      [
        contractForm({ signedAt: inDays(-11) }),
        'signedAt',
        'contractsDesk.errors.signedBeforeAward',
      ],
      [
        contractForm({ milestones: [m('50'), m('49.99')] }),
        'milestones',
        'contractsDesk.errors.sharesSum',
      ],
      [
        contractForm({ milestones: [m('50'), m('50.01')] }),
        'milestones',
        'contractsDesk.errors.sharesSum',
      ],
      [
        contractForm({ milestones: [m('99.999'), m('0.001')] }),
        'milestones[0].sharePct',
        'contractsDesk.errors.share_too_precise',
      ],
      [
        contractForm({ milestones: [m('100'), m('0')] }),
        'milestones[1].sharePct',
        'contractsDesk.errors.share_not_positive',
      ],
      [
        contractForm({ milestones: [m('1e2')] }),
        'milestones[0].sharePct',
        'contractsDesk.errors.share_invalid',
      ],
      [
        contractForm({ milestones: [m('100', inDays(-1))] }),
        'milestones[0].dueDate',
        'contractsDesk.errors.due_beforeSigning',
      ],
      [
        contractForm({ milestones: [m('50', inDays(60)), m('50', inDays(30))] }),
        'milestones[1].dueDate',
        'contractsDesk.errors.due_outOfOrder',
      ],
      [
        contractForm({ milestones: [m('100', 'tomorrow')] }),
        'milestones[0].dueDate',
        'validation.invalid',
      ],
      [
        contractForm({ milestones: [{ ...m('100'), title: '' }] }),
        'milestones[0].title',
        'validation.required',
      ],
      [contractForm({ milestones: [] }), 'milestones', 'contractsDesk.errors.milestonesRequired'],
      [
        contractForm({ milestones: Array.from({ length: 13 }, () => m('1')) }),
        'milestones',
        'contractsDesk.errors.milestonesTooMany',
      ],
      [{}, 'rdInvestmentWan', 'validation.required'],
    ];
    for (const [fields, field, message] of cases) {
      const result = await register(reviewer, f.award.id, fields);
      expect(statusOf(result), `${field} ${message}`).toBe('data');
      expect(errorsOf(result)[field], `${JSON.stringify(fields)}`).toEqual([message]);
    }
    expect(await contractsOf(f)).toBe(0);
    expect(
      await db.auditEvent.count({
        where: { action: 'contract.registered', data: { contains: f.award.id } },
      }),
    ).toBe(0);
  });

  it('registers no contract for an award that is not approved, or another one', async () => {
    const { reviewer, admin } = await staff();
    const proposed = await makeApprovedAward(db, { status: 'PROPOSED' });
    const refused = await register(reviewer, proposed.award.id, contractForm());
    expect(errorsOf(refused)['']).toEqual(['contractsDesk.errors.notApproved']);
    expect(await contractsOf(proposed)).toBe(0);
    const missing = await register(admin, 'no-such-award', contractForm());
    expect(statusOf(missing)).toBe(404);
    // staff only: a party of the award cannot register its own contract
    const f = await makeApprovedAward(db);
    const { enterprise } = await partiesOf(db, f);
    expect(statusOf(await register(enterprise, f.award.id, contractForm()))).toBe(403);
    expect(await contractsOf(f)).toBe(0);
  });
});
