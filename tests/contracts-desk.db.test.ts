// Contracts from approved award to acceptance, through the routes the bureau, the enterprise
// and the team use: registration, the open-bounty negotiation, the milestone flow, and the
// invariants under parallel requests.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parseShanghaiDate } from '~/domain/shanghai-date';
import { db } from '~/lib/db.server';
import { actorOf } from '~/services/kernel/actor';
import {
  action as negotiationAction,
  loader as negotiationLoader,
} from '~/routes/negotiation.$awardId';
import { loader as deskLoader } from '~/routes/review.contracts._index';
import {
  action as registerAction,
  loader as registerLoader,
} from '~/routes/review.contracts.new.$awardId';
import { loader as statsJson } from '~/routes/stats[.]json';
import { loader as myContractsLoader } from '~/routes/workspace.contracts._index';
import { registerContract } from '~/services/contracts/registration.server';
import { makeOffer } from '~/services/contracts/negotiation.server';
import {
  type AwardFixture,
  contractForm,
  inDays,
  makeApprovedAward,
  makeUser,
  partiesOf,
  tinyPng,
} from './factories';
import { raceAcrossProcesses, RACE_TIMEOUT } from './race';
import {
  args,
  doneOf,
  errorsOf,
  formPost,
  signedInRequest,
  statusOf,
  thrownOrReturned,
} from './route-call';
import { postToContract, viewContract } from './pages/contract';

afterAll(() => db.$disconnect());

type TestUser = { id: string; role: string; email: string; organizationId: string };

async function statsNow() {
  return (await (await statsJson()).json()) as { contractsSigned: number; rdInvestmentFen: number };
}

async function register(user: TestUser, awardId: string, fields: Record<string, string>) {
  const request = await signedInRequest(
    db,
    user,
    `/review/contracts/new/${awardId}`,
    formPost(fields),
  );
  return thrownOrReturned(() => registerAction(args(request, { awardId })));
}

async function negotiate(user: TestUser, awardId: string, fields: Record<string, string>) {
  const request = await signedInRequest(db, user, `/negotiation/${awardId}`, formPost(fields));
  return thrownOrReturned(() => negotiationAction(args(request, { awardId })));
}

const codeOf = (r: unknown) => {
  expect(r, JSON.stringify(r)).toBeInstanceOf(Response);
  const location = (r as Response).headers.get('Location') ?? '';
  return /\/workspace\/contracts\/(HT-\d{4}-\d{3,})/.exec(location)![1]!;
};

async function staff() {
  const [reviewer, admin] = await Promise.all([
    makeUser(db, { role: 'REVIEWER' }),
    makeUser(db, { role: 'ADMIN' }),
  ]);
  return { reviewer, admin };
}

const contractsOf = (f: AwardFixture) => db.contract.count({ where: { awardId: f.award.id } });

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
        const before = await statsNow();
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
        const after = await statsNow();
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

describe(`open-bounty negotiation (${inject('databaseKind')})`, () => {
  it('refuses the contract until one side accepts the other’s latest offer', async () => {
    const f = await makeApprovedAward(db, { bountyFen: null, requestedFen: 420_000_000 });
    const { enterprise, team } = await partiesOf(db, f);
    const { reviewer } = await staff();
    const awardId = f.award.id;

    // no offer yet: no contract
    expect(errorsOf(await register(reviewer, awardId, contractForm()))['']).toEqual([
      'contractsDesk.errors.noAgreedAmount',
    ]);

    // the team opens, and must then wait for an answer
    const first = await negotiate(team, awardId, {
      intent: 'offer',
      amountWan: '420',
      note: '按申请金额',
    });
    expect(doneOf(first)).toBe('offer');
    const twice = await negotiate(team, awardId, { intent: 'offer', amountWan: '410' });
    expect(errorsOf(twice)['']).toEqual(['contractsDesk.errors.notYourTurn']);
    expect(
      await db.notification.count({ where: { userId: enterprise.id, kind: 'offerMade' } }),
    ).toBe(1);

    // the enterprise counters; the team's first offer is superseded
    await negotiate(enterprise, awardId, { intent: 'offer', amountWan: '300' });
    const offers = await db.offer.findMany({
      where: { applicationId: f.application.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(offers.map((o) => [o.side, o.amountFen, o.status])).toEqual([
      ['TEAM', 420_000_000n, 'SUPERSEDED'],
      ['ENTERPRISE', 300_000_000n, 'OPEN'],
    ]);
    // still no agreed amount
    expect(errorsOf(await register(reviewer, awardId, contractForm()))['']).toEqual([
      'contractsDesk.errors.noAgreedAmount',
    ]);

    // nobody accepts their own offer, nor an older one
    const own = await negotiate(enterprise, awardId, { intent: 'accept', offerId: offers[1]!.id });
    expect(errorsOf(own)['']).toEqual(['contractsDesk.errors.nothingToAccept']);
    const stale = await negotiate(team, awardId, { intent: 'accept', offerId: offers[0]!.id });
    expect(errorsOf(stale)['']).toEqual(['contractsDesk.errors.stale']);

    // the team counters at 340, the enterprise accepts
    await negotiate(team, awardId, { intent: 'offer', amountWan: '340' });
    const latest = await db.offer.findFirstOrThrow({
      where: { applicationId: f.application.id, status: 'OPEN' },
    });
    const accepted = await negotiate(enterprise, awardId, {
      intent: 'accept',
      offerId: latest.id,
    });
    expect(doneOf(accepted)).toBe('accepted');
    expect((await db.offer.findUniqueOrThrow({ where: { id: latest.id } })).status).toBe(
      'ACCEPTED',
    );
    // the team, whose offer it was, is told
    const settled = await db.notification.findFirstOrThrow({
      where: { userId: team.id, kind: 'offerAccepted' },
    });
    expect(JSON.parse(settled.payload)).toMatchObject({ amount: '340' });
    // the trail is closed
    expect(
      errorsOf(await negotiate(team, awardId, { intent: 'offer', amountWan: '350' }))[''],
    ).toEqual(['contractsDesk.errors.agreed']);

    // every party sees the trail; the reward is the accepted amount
    const view = (await negotiationLoader(
      args(await signedInRequest(db, reviewer, `/negotiation/${awardId}`), { awardId }),
    )) as {
      trail: { state: string; agreedFen: number; offers: unknown[]; viewer: { canOffer: boolean } };
    };
    expect(view.trail).toMatchObject({ state: 'AGREED', agreedFen: 340_000_000 });
    expect(view.trail.offers).toHaveLength(3);
    expect(view.trail.viewer.canOffer).toBe(false);

    const code = codeOf(
      await register(reviewer, awardId, contractForm({ rdInvestmentWan: '500' })),
    );
    const contract = await db.contract.findUniqueOrThrow({
      where: { code },
      include: { milestones: true },
    });
    expect(contract.rewardFen).toBe(340_000_000n);
    expect(contract.milestones.reduce((a, m) => a + m.amountFen, 0n)).toBe(340_000_000n);
    expect(
      await db.auditEvent.count({
        where: {
          entityType: 'Offer',
          action: { startsWith: 'offer.' },
          data: { contains: awardId },
        },
      }),
    ).toBe(4);
  });

  it('lets the parties and the bureau see the trail and nobody else; only the parties write', async () => {
    const f = await makeApprovedAward(db, { bountyFen: null });
    const { enterprise, team } = await partiesOf(db, f);
    const { reviewer } = await staff();
    const stranger = await makeUser(db, { role: 'ENTERPRISE' });
    const otherTeam = await makeUser(db, { role: 'TEAM' });
    const awardId = f.award.id;
    const load = async (u: TestUser) =>
      statusOf(
        await thrownOrReturned(async () =>
          negotiationLoader(
            args(await signedInRequest(db, u, `/negotiation/${awardId}`), { awardId }),
          ),
        ),
      );
    expect(await load(enterprise)).toBe('data');
    expect(await load(team)).toBe('data');
    expect(await load(reviewer)).toBe('data');
    expect(await load(stranger)).toBe(404);
    expect(await load(otherTeam)).toBe(404);
    expect(statusOf(await negotiate(stranger, awardId, { intent: 'offer', amountWan: '1' }))).toBe(
      404,
    );
    expect(statusOf(await negotiate(reviewer, awardId, { intent: 'offer', amountWan: '1' }))).toBe(
      403,
    );
    expect(await db.offer.count({ where: { applicationId: f.application.id } })).toBe(0);
  });

  it('refuses bad offers field by field and saves nothing', async () => {
    const f = await makeApprovedAward(db, { bountyFen: null });
    const { team } = await partiesOf(db, f);
    const cases: [Record<string, string>, string, string][] = [
      [{ intent: 'offer', amountWan: 'abc' }, 'amountWan', 'contractsDesk.errors.amountInvalid'],
      [{ intent: 'offer', amountWan: '-3' }, 'amountWan', 'contractsDesk.errors.amountNegative'],
      [{ intent: 'offer', amountWan: '0' }, 'amountWan', 'contractsDesk.errors.amountPositive'],
      [
        { intent: 'offer', amountWan: '1.0000001' },
        'amountWan',
        'contractsDesk.errors.amountPrecision',
      ],
      [{ intent: 'offer', amountWan: '50001' }, 'amountWan', 'contractsDesk.errors.amountTooLarge'],
      [{ intent: 'offer' }, 'amountWan', 'validation.required'],
      [{ intent: 'offer', amountWan: '10', note: 'x'.repeat(501) }, 'note', 'validation.tooLong'],
      [{ intent: 'accept' }, 'offerId', 'validation.required'],
    ];
    for (const [fields, field, message] of cases) {
      const result = await negotiate(team, f.award.id, fields);
      expect(errorsOf(result)[field], JSON.stringify(fields)).toEqual([message]);
    }
    expect(statusOf(await negotiate(team, f.award.id, {}))).toBe('data');
    expect(await db.offer.count({ where: { applicationId: f.application.id } })).toBe(0);

    // a fixed bounty has nothing to negotiate
    const fixed = await makeApprovedAward(db, { bountyFen: 100_000_000 });
    const parties = await partiesOf(db, fixed);
    expect(
      errorsOf(
        await negotiate(parties.team, fixed.award.id, { intent: 'offer', amountWan: '120' }),
      )[''],
    ).toEqual(['contractsDesk.errors.fixedBounty']);
    expect(await db.offer.count({ where: { applicationId: fixed.application.id } })).toBe(0);
  });

  it('keeps offers alternating under parallel offers from one side', async () => {
    const f = await makeApprovedAward(db, { bountyFen: null });
    const { team } = await partiesOf(db, f);
    const actor = actorOf(team);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        makeOffer(db, actor, f.award.id, { amountFen: 100_000_000 + i, note: null }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === 'notYourTurn')).toHaveLength(9);
    expect(await db.offer.count({ where: { applicationId: f.application.id } })).toBe(1);
  });
});

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
