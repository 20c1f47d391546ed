// Invariants the database itself holds, whatever the application code does.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { makeChallenge, makeContract, makeTeam } from './factories';

afterAll(() => db.$disconnect());

const application = (challengeId: string, teamId: string) => ({
  challengeId,
  teamId,
  status: 'SUBMITTED',
  approach: '技术路线',
  schedule: '进度安排',
});

describe(`database invariants (${inject('databaseKind')})`, () => {
  it('refuses to update or delete ledger entries and audit events', async () => {
    const entry = await db.ledgerEntry.create({
      data: { journalId: 'j-test', account: 'fund', amountFen: 100n },
    });
    // (SQLite's adapter reports the trigger's refusal as a constraint error without its text,
    // so the proof is that the row is still there, unchanged)
    await expect(
      db.ledgerEntry.update({ where: { id: entry.id }, data: { amountFen: 1n } }),
    ).rejects.toThrow();
    await expect(db.ledgerEntry.delete({ where: { id: entry.id } })).rejects.toThrow();
    await expect(db.ledgerEntry.deleteMany({})).rejects.toThrow();
    expect((await db.ledgerEntry.findUniqueOrThrow({ where: { id: entry.id } })).amountFen).toBe(
      100n,
    );

    const event = await db.auditEvent.findFirstOrThrow();
    const auditCount = await db.auditEvent.count();
    await expect(
      db.auditEvent.update({ where: { id: event.id }, data: { action: 'forged' } }),
    ).rejects.toThrow();
    await expect(db.auditEvent.deleteMany({})).rejects.toThrow();
    expect((await db.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).action).toBe(
      event.action,
    );
    expect(await db.auditEvent.count()).toBe(auditCount);
  });

  it('keeps one active application per team per challenge, even under 20 parallel attempts', async () => {
    const challenge = await makeChallenge(db);
    const team = await makeTeam(db);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        db.application.create({ data: application(challenge.id, team.id) }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    // once withdrawn (no longer active), the team may apply again
    await db.application.updateMany({
      where: { challengeId: challenge.id, teamId: team.id },
      data: { status: 'WITHDRAWN', active: null },
    });
    await expect(
      db.application.create({ data: application(challenge.id, team.id) }),
    ).resolves.toBeTruthy();
    expect(
      await db.application.count({ where: { challengeId: challenge.id, teamId: team.id } }),
    ).toBe(2);
  });

  it('never lets two awards take the same slot of a challenge', async () => {
    const challenge = await makeChallenge(db, { status: 'CLOSED' });
    const apps = await Promise.all(
      [0, 1].map(async () =>
        db.application.create({ data: application(challenge.id, (await makeTeam(db)).id) }),
      ),
    );
    const results = await Promise.allSettled(
      apps.map((a) =>
        db.award.create({
          data: {
            challengeId: challenge.id,
            applicationId: a.id,
            status: 'APPROVED',
            slotNo: 1,
            proposedById: 'x',
          },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('allows one disbursement per instalment and one use of an idempotency key', async () => {
    const contract = await makeContract(db, { rewardFen: 10_000, rdInvestmentFen: 10_000 });
    const milestoneId = contract.milestones[0]!.id;
    const data = (key: string) => ({
      contractId: contract.id,
      milestoneId,
      amountFen: 10_000n,
      status: 'REQUESTED',
      idempotencyKey: key,
    });
    const results = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((i) => db.disbursement.create({ data: data(`k-${milestoneId}-${i}`) })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);

    const other = await makeContract(db, { rewardFen: 10_000, rdInvestmentFen: 10_000 });
    const used = (await db.disbursement.findFirstOrThrow({ where: { milestoneId } }))
      .idempotencyKey;
    await expect(
      db.disbursement.create({
        data: { ...data(used), contractId: other.id, milestoneId: other.milestones[0]!.id },
      }),
    ).rejects.toThrow();
  });

  it('stores money exactly, beyond 32-bit integers', async () => {
    const contract = await makeContract(db, {
      rewardFen: 4_000_000_000,
      rdInvestmentFen: 900_000_000_000_000,
    });
    const stored = await db.contract.findUniqueOrThrow({ where: { id: contract.id } });
    expect(stored.rewardFen).toBe(4_000_000_000n);
    expect(stored.rdInvestmentFen).toBe(900_000_000_000_000n);
  });
});
