// The open-bounty negotiation before a contract: alternating offers, who sees and writes the
// trail, and refusals of bad offers (helpers shared with contracts-desk.db.test.ts).
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { actorOf } from '~/services/kernel/actor';
import { loader as negotiationLoader } from '~/routes/negotiation.$awardId';
import { makeOffer } from '~/services/contracts/negotiation.server';
import { contractForm, makeApprovedAward, makeUser, partiesOf } from './factories';
import { args, doneOf, errorsOf, signedInRequest, statusOf, thrownOrReturned } from './route-call';
import { type TestUser, register, negotiate, codeOf, staff } from './contracts-desk-helpers';

afterAll(() => db.$disconnect());

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
