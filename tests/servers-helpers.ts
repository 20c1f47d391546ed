// What tests/instances.db.test.ts and tests/workers.db.test.ts share: the form of a need made
// over HTTP, and the proof that approved instalments on the Stripe rail are paid once each while
// several servers' outbox jobs compete for them.
import { expect } from 'vitest';
import { db } from '~/lib/db.server';
import { stripe } from '~/lib/stripe/client.server';
import { approveDisbursement, requestDisbursement } from '~/services/payments/disbursements.server';
import { inDays, makeContractParties, makePayableContract, makePaymentStaff } from './factories';
import { transfersByKey, type StandIn } from './stripe-standin';

/** The fields of a need's form (/needs/new), with `title` and `background`. */
export const needFields = (title: string, background: string) => ({
  title,
  field: '高端装备',
  background,
  'targets[0]': '失效时间≤1秒',
  bountyType: 'FIXED',
  bountyWan: '100',
  applicationDeadline: inDays(30),
  implementationMonths: '12',
  contactName: '王工',
  contactPhone: '0533-2345678',
});

/**
 * Approves six instalments here (this process must have the rail registered and point at
 * `standIn`), waits for the servers' outbox jobs to pay them, and checks that each was
 * transferred once, for its amount, and its job is done.
 */
export async function expectPaidOnceEachByTheServers(standIn: StandIn) {
  const staff = await makePaymentStaff(db);
  const amounts = [100_000, 200_000, 300_000, 400_000, 500_000, 600_000];
  const parties = await makeContractParties(db);
  const account = await stripe().accounts.create({ type: 'express' });
  await db.organization.update({
    where: { id: parties.teamId },
    data: { stripeAccountId: account.id },
  });
  const contract = await makePayableContract(db, {
    rewardFen: amounts.reduce((x, y) => x + y, 0),
    milestones: amounts.map((amountFen) => ({ amountFen })),
    parties,
  });
  // approved here; paid by whichever server's job claims each first
  const approved = [];
  for (const m of contract.milestones) {
    const d = await requestDisbursement(db, staff.reviewer, m.id);
    expect(d.rail).toBe('STRIPE');
    approved.push(await approveDisbursement(db, staff.admin, d.id));
  }
  const ids = approved.map((d) => d.id);
  const paid = () => db.disbursement.count({ where: { id: { in: ids }, status: 'PAID' } });
  // the jobs' own pace; a bound, should they never get there
  for (let i = 0; i < 600 && (await paid()) < ids.length; i++)
    await new Promise((r) => setTimeout(r, 100));
  expect(await paid()).toBe(ids.length);

  const transfers = transfersByKey(standIn.state);
  for (const d of approved) {
    expect(transfers.get(d.idempotencyKey) ?? []).toHaveLength(1);
    expect(transfers.get(d.idempotencyKey)![0]).toMatchObject({ amount: d.amountFen });
  }
  const jobs = await db.outboxJob.findMany({
    where: { idempotencyKey: { in: approved.map((d) => d.idempotencyKey) } },
  });
  expect(jobs.map((j) => j.status)).toEqual(ids.map(() => 'DONE'));
}
