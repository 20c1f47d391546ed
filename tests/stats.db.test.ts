// The statistics follow the records: every kind of new record moves its figure, and only it.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { loader } from '~/routes/stats[.]json';
import { makeChallenge, makeContract, makeTeam } from './factories';

afterAll(() => db.$disconnect());

type StatsJson = {
  needsCollected: number;
  challengesPublished: number;
  fixedBounty: { count: number; totalFen: number };
  openBounty: { count: number };
  matchingEvents: { count: number };
  teamsMatched: number;
  contractsSigned: number;
  rewardDisbursedFen: number;
  rdInvestmentFen: number;
};

async function statsJson(): Promise<StatsJson> {
  const response = await loader();
  expect(response.status).toBe(200);
  expect(response.headers.get('Content-Type')).toContain('application/json');
  return (await response.json()) as StatsJson;
}

describe(`/stats.json follows the records (${inject('databaseKind')})`, () => {
  it('counts a newly published fixed-bounty challenge and adds its bounty', async () => {
    const before = await statsJson();
    await makeChallenge(db, { bountyFen: 123_450_000 });
    const after = await statsJson();
    expect(after.challengesPublished).toBe(before.challengesPublished + 1);
    expect(after.needsCollected).toBe(before.needsCollected + 1);
    expect(after.fixedBounty.count).toBe(before.fixedBounty.count + 1);
    expect(after.fixedBounty.totalFen).toBe(before.fixedBounty.totalFen + 123_450_000);
    expect(after.openBounty.count).toBe(before.openBounty.count);
  });

  it('counts an open-bounty challenge without touching the fixed total', async () => {
    const before = await statsJson();
    await makeChallenge(db, { bountyFen: null });
    const after = await statsJson();
    expect(after.openBounty.count).toBe(before.openBounty.count + 1);
    expect(after.fixedBounty).toEqual(before.fixedBounty);
  });

  it('counts a submitted need as collected but not as published', async () => {
    const before = await statsJson();
    await makeChallenge(db, { published: false });
    const after = await statsJson();
    expect(after.needsCollected).toBe(before.needsCollected + 1);
    expect(after.challengesPublished).toBe(before.challengesPublished);
  });

  it('counts a matched team once, however many challenges it met', async () => {
    const before = await statsJson();
    const event = await db.matchingEvent.findFirstOrThrow({ orderBy: { date: 'asc' } });
    const team = await makeTeam(db);
    const [a, b] = [await makeChallenge(db), await makeChallenge(db)];
    await db.match.create({
      data: { eventId: event.id, challengeId: a.id, teamId: team.id, matchedAt: new Date() },
    });
    expect((await statsJson()).teamsMatched).toBe(before.teamsMatched + 1);
    await db.match.create({
      data: { eventId: event.id, challengeId: b.id, teamId: team.id, matchedAt: new Date() },
    });
    expect((await statsJson()).teamsMatched).toBe(before.teamsMatched + 1);
  });

  it('counts an event once it has taken place, not before', async () => {
    const before = await statsJson();
    await db.matchingEvent.create({
      data: {
        slug: `future-${Date.now()}`,
        name: '未来活动',
        industry: '氢能',
        date: new Date('2099-01-01'),
        place: '淄博',
        description: '—',
      },
    });
    expect((await statsJson()).matchingEvents.count).toBe(before.matchingEvents.count);
    await db.matchingEvent.create({
      data: {
        slug: `past-${Date.now()}`,
        name: '已办活动',
        industry: '氢能',
        date: new Date('2022-03-01'),
        place: '淄博',
        description: '—',
      },
    });
    expect((await statsJson()).matchingEvents.count).toBe(before.matchingEvents.count + 1);
  });

  it('adds a contract, its R&D investment and, once paid, its disbursement', async () => {
    const before = await statsJson();
    const contract = await makeContract(db, {
      rewardFen: 50_000_000,
      rdInvestmentFen: 300_000_000,
    });
    const mid = await statsJson();
    expect(mid.contractsSigned).toBe(before.contractsSigned + 1);
    expect(mid.rdInvestmentFen).toBe(before.rdInvestmentFen + 300_000_000);
    expect(mid.rewardDisbursedFen).toBe(before.rewardDisbursedFen);

    const milestone = contract.milestones[0]!;
    const disbursement = await db.disbursement.create({
      data: {
        contractId: contract.id,
        milestoneId: milestone.id,
        amountFen: 50_000_000n,
        status: 'APPROVED',
        idempotencyKey: `test-${milestone.id}`,
      },
    });
    // approved but not yet paid money is not "disbursed"
    expect((await statsJson()).rewardDisbursedFen).toBe(before.rewardDisbursedFen);
    await db.disbursement.update({
      where: { id: disbursement.id },
      data: { status: 'PAID', paidAt: new Date() },
    });
    expect((await statsJson()).rewardDisbursedFen).toBe(before.rewardDisbursedFen + 50_000_000);
  });
});
