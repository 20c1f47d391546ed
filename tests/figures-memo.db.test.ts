// The programme figures on `/`, `/stats` and `/stats.json` are computed once per data version:
// two reads with no write between them compute once, and any committed write (through the
// kernel or not) shows in the very next read; a write that rolled back moves nothing.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { dataVersion } from '~/lib/data-version.server';
import { db } from '~/lib/db.server';
import { loader as homeLoader } from '~/routes/_index';
import { loader as statsLoader } from '~/routes/stats/route';
import { loader as statsJsonLoader } from '~/routes/stats[.]json';
import { actorOf } from '~/services/kernel/actor';
import { transition } from '~/services/needs/needs.server';
import { recordBankTransfer } from '~/services/payments/disbursement-outcomes.server';
import { approveDisbursement, requestDisbursement } from '~/services/payments/disbursements.server';
import { figuresMemo } from '~/services/programme/stats.server';
import { setUpPaymentParties, contract, staff } from './disbursements-helpers';
import { args } from './route-call';
import { makeChallenge, makeUser } from './factories';

setUpPaymentParties();

afterAll(() => db.$disconnect());

type StatsJson = {
  needsCollected: number;
  challengesPublished: number;
  fixedBounty: { count: number; totalFen: number };
  matchingEvents: { count: number };
  contractsSigned: number;
  rewardDisbursedFen: number;
};

async function statsJson(): Promise<StatsJson> {
  return (await (await statsJsonLoader()).json()) as StatsJson;
}

const computations = () => figuresMemo.stats.computes;

/** An instalment approved and ready to pay, of `amountFen`. */
async function approvedInstalment(amountFen: number) {
  const c = await contract(amountFen, [{ amountFen }]);
  const requested = await requestDisbursement(db, staff.reviewer, c.milestones[0]!.id);
  return approveDisbursement(db, staff.admin, requested.id);
}

describe(`the figures, once per data version (${inject('databaseKind')})`, () => {
  it('computes once for reads with no write between them, whatever the page', async () => {
    await statsJson();
    const before = computations();
    const first = await statsJson();
    await homeLoader();
    await statsLoader(args(new Request('http://localhost/stats')));
    expect(await statsJson()).toEqual(first);
    expect(computations()).toBe(before);

    // a write: the next read computes once more, and once only
    await makeChallenge(db);
    expect((await statsJson()).challengesPublished).toBe(first.challengesPublished + 1);
    await statsJson();
    await homeLoader();
    expect(computations()).toBe(before + 1);
  });

  it('shares one computation between reads that arrive together', async () => {
    await makeChallenge(db);
    const before = computations();
    const answers = await Promise.all(Array.from({ length: 8 }, () => statsJson()));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(computations()).toBe(before + 1);
  });

  it('counts a need published through the kernel as soon as the command returns', async () => {
    const owner = await makeUser(db, { role: 'ENTERPRISE' });
    const reviewer = actorOf(await makeUser(db, { role: 'REVIEWER' }));
    const need = await makeChallenge(db, {
      enterpriseId: owner.organizationId!,
      published: false,
      bountyFen: 77_700_000,
    });
    const before = await statsJson();
    // read again: kept, not computed anew
    await statsJson();
    const published = await transition(db, reviewer, need.id, 'publish');
    expect(published.ok).toBe(true);
    const after = await statsJson();
    expect(after.challengesPublished).toBe(before.challengesPublished + 1);
    expect(after.fixedBounty.count).toBe(before.fixedBounty.count + 1);
    expect(after.fixedBounty.totalFen).toBe(before.fixedBounty.totalFen + 77_700_000);
    // collected when it was submitted, not again when published
    expect(after.needsCollected).toBe(before.needsCollected);
  });

  it('adds a payment recorded as paid as soon as it is recorded', async () => {
    const approved = await approvedInstalment(4_200_000);
    const before = await statsJson();
    await recordBankTransfer(db, staff.admin, approved.id, {
      reference: `ZB-FIG-${approved.id}`,
      paidOn: new Date(),
    });
    expect((await statsJson()).rewardDisbursedFen).toBe(before.rewardDisbursedFen + 4_200_000);
  });

  it('sees writes that do not go through the kernel: a transaction of its own, a lone statement', async () => {
    const approved = await approvedInstalment(3_100_000);
    const before = await statsJson();
    // as the payment outbox settles a transfer: its own transaction, outside command()
    await db.$transaction(async (tx) => {
      await tx.disbursement.update({
        where: { id: approved.id },
        data: { status: 'PAID', paidAt: new Date() },
      });
    });
    const paid = await statsJson();
    expect(paid.rewardDisbursedFen).toBe(before.rewardDisbursedFen + 3_100_000);
    // a single statement outside any transaction
    await contract(1, []);
    expect((await statsJson()).contractsSigned).toBe(paid.contractsSigned + 1);
  });

  it('moves nothing for a write that rolled back or a command refused', async () => {
    const approved = await approvedInstalment(2_500_000);
    const reviewer = actorOf(await makeUser(db, { role: 'REVIEWER' }));
    const live = await makeChallenge(db);
    const before = await statsJson();
    const version = dataVersion();
    const counted = computations();
    await expect(
      db.$transaction(async (tx) => {
        await tx.disbursement.update({
          where: { id: approved.id },
          data: { status: 'PAID', paidAt: new Date() },
        });
        throw new Error('the transfer failed after all');
      }),
    ).rejects.toThrow('the transfer failed after all');
    // publishing a challenge that is published already: refused, rolled back by the kernel
    const refused = await transition(db, reviewer, live.id, 'publish');
    expect(refused.ok).toBe(false);
    expect(dataVersion()).toBe(version);
    expect(await statsJson()).toEqual(before);
    expect(computations()).toBe(counted);
  });

  it('never keeps figures read while a write was committing', async () => {
    const before = await statsJson();
    // a read begins, a write commits while it may still be reading, then a read
    const during = statsJson();
    await makeChallenge(db, { bountyFen: 5_000_000 });
    const after = await statsJson();
    const overlapping = await during;
    expect(after.challengesPublished).toBe(before.challengesPublished + 1);
    expect([before.challengesPublished, after.challengesPublished]).toContain(
      overlapping.challengesPublished,
    );
    expect((await statsJson()).challengesPublished).toBe(after.challengesPublished);
  });

  it('counts an event once its day has come, though nothing was written since', async () => {
    const before = await statsJson();
    const soon = new Date(Date.now() + 1_500);
    await db.matchingEvent.create({
      data: {
        slug: `soon-${Date.now()}`,
        name: '即将举办的对接会',
        industry: '氢能',
        date: soon,
        place: '淄博',
        description: '—',
      },
    });
    expect((await statsJson()).matchingEvents.count).toBe(before.matchingEvents.count);
    const version = dataVersion();
    await new Promise((r) => setTimeout(r, soon.getTime() - Date.now() + 50));
    expect(dataVersion()).toBe(version);
    expect((await statsJson()).matchingEvents.count).toBe(before.matchingEvents.count + 1);
  });
});
