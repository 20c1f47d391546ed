import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '~/lib/db.server';
import { seed } from '~/services/programme/seed.server';
import { programmeFigures } from '~/services/programme/stats.server';

const WAN = 1_000_000; // fen in one 万元
const db = createDb(inject('pristineUrl'));
afterAll(() => db.$disconnect());

describe(`the programme seed (${inject('databaseKind')})`, () => {
  it('reproduces every figure of the 2021 work summary, computed from the records', async () => {
    const f = await programmeFigures(db);
    expect({
      needsCollected: f.needsCollected,
      published: f.published,
      fixed: f.fixedBounty.count,
      fixedTotalWan: f.fixedBounty.totalFen / WAN,
      open: f.openBounty,
      events: f.eventsHeld,
      industries: f.events.map((e) => e.industry),
      teamsMatched: f.teamsMatched,
      contracts: f.contractsSigned,
      disbursedWan: f.rewardDisbursedFen / WAN,
      rdWan: f.rdInvestmentFen / WAN,
    }).toEqual({
      needsCollected: 97,
      published: 55,
      fixed: 45,
      fixedTotalWan: 3785,
      open: 10,
      events: 2,
      industries: ['高端装备', '电子信息'],
      teamsMatched: 27,
      contracts: 11,
      disbursedWan: 912,
      rdWan: 16607,
    });
  });

  it('keeps the 42 unpublished needs in their review states', async () => {
    const f = await programmeFigures(db);
    const unpublished = ['SUBMITTED', 'RETURNED', 'REJECTED', 'WITHDRAWN'].reduce(
      (n, s) => n + (f.needsByStatus[s] ?? 0),
      0,
    );
    expect(unpublished).toBe(42);
  });

  it('has a demo account for every role', async () => {
    const roles = await db.user.groupBy({ by: ['role'], _count: { _all: true } });
    expect(roles.map((r) => r.role).sort()).toEqual(['ADMIN', 'ENTERPRISE', 'REVIEWER', 'TEAM']);
  });

  it('is idempotent: a second run creates nothing and changes no table', async () => {
    const counts = async () => ({
      organizations: await db.organization.count(),
      users: await db.user.count(),
      challenges: await db.challenge.count(),
      targets: await db.challengeTarget.count(),
      matches: await db.match.count(),
      applications: await db.application.count(),
      contracts: await db.contract.count(),
      milestones: await db.milestone.count(),
      disbursements: await db.disbursement.count(),
      audit: await db.auditEvent.count(),
    });
    const before = await counts();
    const created = await seed(db);
    expect(created).toEqual({ organizations: 0, users: 0, needs: 0, events: 0, contracts: 0 });
    expect(await counts()).toEqual(before);
  });
});
