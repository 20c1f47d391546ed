// The bureau's payments dashboard: a waiting milestone followed through approval and payment,
// and a failed payment requested again.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { loader as dashboardLoader } from '~/routes/review.payments/route';
import { today } from './factories';
import { args, doneOf, signedInRequest, statusOf, thrownOrReturned } from './route-call';
import { postToContract } from './pages/contract';
import {
  setUpPaymentViews,
  reviewer,
  admin,
  admin2,
  teamMember,
  enterpriseMember,
  contractWithPayableMilestone,
  schedule,
  dashboard,
  paidTotalFen,
  disbursementOf,
  requestAndApprove,
  ref,
} from './payments-views-helpers';

setUpPaymentViews();

afterAll(() => db.$disconnect());

describe(`the bureau's payments dashboard (${inject('databaseKind')})`, () => {
  it('lists a waiting milestone with its clock, follows it through approval, drops it once paid', async () => {
    // confirmed long ago: among the oldest, so within the bounded list whatever else waits
    const { code, m1 } = await contractWithPayableMilestone(400);
    const before = await dashboard();
    const waiting = before.waiting.rows.find((r) => r.milestoneId === m1);
    expect(waiting).toMatchObject({
      contractCode: code,
      seq: 1,
      amountFen: 120_000_000,
      days: 400,
    });
    expect(before.waiting.count).toBeGreaterThanOrEqual(1);
    expect(before.waiting.amountFen).toBeGreaterThanOrEqual(120_000_000);
    // oldest first
    const days = before.waiting.rows.map((r) => r.days);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    // seeded payments are all paid: 912 万元 at least
    expect(before.paid.amountFen).toBeGreaterThanOrEqual(912_000_000);

    await postToContract(reviewer, code, { intent: 'requestPayment', milestoneId: m1 });
    const id = (await disbursementOf(m1)).id;
    const requested = await dashboard(admin);
    expect(requested.waiting.rows.map((r) => r.milestoneId)).not.toContain(m1);
    expect(requested.waiting.count).toBe(before.waiting.count - 1);
    expect(requested.requested.rows.find((r) => r.id === id)).toMatchObject({
      contractCode: code,
      requestedBy: reviewer.name,
      days: 400,
    });
    expect(requested.requested.count).toBe(before.requested.count + 1);
    expect(requested.requested.amountFen).toBe(before.requested.amountFen + 120_000_000);

    await postToContract(admin, code, {
      intent: 'approvePayment',
      milestoneId: m1,
      disbursementId: id,
    });
    const approved = await dashboard();
    expect(approved.requested.rows.map((r) => r.id)).not.toContain(id);
    expect(approved.approved.rows.find((r) => r.id === id)).toMatchObject({
      approvedBy: admin.name,
    });

    const paidBefore = await paidTotalFen();
    await postToContract(admin2, code, {
      intent: 'recordTransfer',
      milestoneId: m1,
      disbursementId: id,
      reference: ref(),
      paidOn: today(),
    });
    const paid = await dashboard();
    for (const list of [
      paid.waiting.rows,
      paid.requested.rows,
      paid.approved.rows,
      paid.failed.rows,
    ])
      expect(list.map((r) => ('id' in r ? r.id : r.milestoneId))).not.toContain(id);
    expect(paid.waiting.rows.map((r) => r.milestoneId)).not.toContain(m1);
    expect(paid.paid.amountFen - approved.paid.amountFen).toBe(120_000_000);
    expect((await paidTotalFen()) - paidBefore).toBe(120_000_000);

    // staff only
    for (const user of [teamMember, enterpriseMember]) {
      const request = await signedInRequest(db, user, '/review/payments');
      expect(statusOf(await thrownOrReturned(() => dashboardLoader(args(request))))).toBe(403);
    }
  });

  it('lists a failed payment to request again; the retry is a new attempt', async () => {
    const { code, m1 } = await contractWithPayableMilestone(2);
    const id = await requestAndApprove(code, m1);
    const failed = await postToContract(admin2, code, {
      intent: 'failPayment',
      milestoneId: m1,
      disbursementId: id,
      reason: '收款账户信息有误，银行退回',
    });
    expect(doneOf(failed)).toBe('failPayment');
    const board = await dashboard();
    expect(board.failed.rows.find((r) => r.id === id)).toMatchObject({
      failureReason: '收款账户信息有误，银行退回',
      attempt: 1,
    });
    const notice = await db.notification.findFirst({
      where: { userId: teamMember.id, kind: 'disbursement.failed' },
      orderBy: { createdAt: 'desc' },
    });
    expect(JSON.parse(notice!.payload)).toMatchObject({
      contract: code,
      comment: '收款账户信息有误，银行退回',
    });
    const s = await schedule(reviewer, code);
    expect(s.instalments[0]).toMatchObject({
      state: 'FAILED',
      actions: ['retry'],
      clock: { days: 2, state: 'running' },
      disbursement: { failureReason: '收款账户信息有误，银行退回' },
    });

    expect(
      doneOf(
        await postToContract(reviewer, code, {
          intent: 'retryPayment',
          milestoneId: m1,
          disbursementId: id,
        }),
      ),
    ).toBe('retryPayment');
    const retried = await schedule(admin, code);
    expect(retried.instalments[0]).toMatchObject({
      state: 'REQUESTED',
      actions: ['approve'],
      disbursement: { attempt: 2, failureReason: null },
    });
    expect(retried.history.map((e) => e.action)).toEqual([
      'disbursement.requested',
      'disbursement.approved',
      'disbursement.failed',
      'disbursement.retried',
    ]);
    expect(retried.history[2]!.reason).toBe('收款账户信息有误，银行退回');
    expect((await dashboard()).failed.rows.map((r) => r.id)).not.toContain(id);
  });
});
