// The disbursement pages through their routes, as the bureau, the team and the enterprise use
// them: the payment schedule and history on the contract page, its payment forms (with the
// disbursement service's refusals as field messages), the bureau's dashboard, the team's
// payments and the programme figure of the reward paid.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { createDb, db } from '~/lib/db.server';
import { loader as statsJson } from '~/routes/stats[.]json';
import { loader as myPaymentsLoader } from '~/routes/workspace.payments/route';
import { programmeFigures } from '~/services/programme/stats.server';
import { today } from './factories';
import { args, doneOf, errorsOf, signedInRequest, statusOf, thrownOrReturned } from './route-call';
import { postToContract, viewContract } from './pages/contract';
import {
  setUpPaymentViews,
  type MyPayments,
  reviewer,
  admin,
  admin2,
  teamMember,
  enterpriseMember,
  otherTeam,
  contractWithPayableMilestone,
  schedule,
  paidTotalFen,
  requestAndApprove,
  ref,
} from './payments-views-helpers';

setUpPaymentViews();

afterAll(() => db.$disconnect());

describe(`programme figures (${inject('databaseKind')})`, () => {
  it("/stats.json's reward paid is the sum of PAID disbursements, its R&D the contracts' sum", async () => {
    const sums = async (d: typeof db) => {
      const [disbursements, contracts] = await Promise.all([
        d.disbursement.findMany({ select: { status: true, amountFen: true } }),
        d.contract.findMany({ select: { rdInvestmentFen: true } }),
      ]);
      return {
        paid: Number(
          disbursements.filter((x) => x.status === 'PAID').reduce((s, x) => s + x.amountFen, 0n),
        ),
        rd: Number(contracts.reduce((s, c) => s + c.rdInvestmentFen, 0n)),
      };
    };
    const json = (await (await statsJson()).json()) as {
      rewardDisbursedFen: number;
      rdInvestmentFen: number;
    };
    const now = await sums(db);
    expect([json.rewardDisbursedFen, json.rdInvestmentFen]).toEqual([now.paid, now.rd]);
    // the seeded programme, untouched: 912 万元 paid, 16,607 万元 of R&D investment
    const pristine = createDb(inject('pristineUrl'));
    try {
      const figures = await programmeFigures(pristine);
      const seeded = await sums(pristine);
      expect([figures.rewardDisbursedFen, figures.rdInvestmentFen]).toEqual([
        seeded.paid,
        seeded.rd,
      ]);
      expect(seeded).toEqual({ paid: 912_000_000, rd: 16_607_000_000 });
    } finally {
      await pristine.$disconnect();
    }
  });
});

describe(`the contract page's payment schedule (${inject('databaseKind')})`, () => {
  it('shows each instalment, its payout clock, and a new disbursement with its history', async () => {
    const { code, m1, m2 } = await contractWithPayableMilestone(5);

    const before = await schedule(reviewer, code);
    expect(before.totals).toEqual({
      rewardFen: 200_000_000,
      paidFen: 0,
      inFlightFen: 0,
      remainingFen: 200_000_000,
    });
    expect(before.instalments.map((i) => [i.seq, i.state, i.amountFen, i.actions])).toEqual([
      [1, 'PAYABLE', 120_000_000, ['request']],
      [2, 'NOT_DUE', 80_000_000, []],
    ]);
    expect(before.instalments[0]!.clock).toEqual({ days: 5, state: 'running' });
    expect(before.instalments[1]!.clock).toBeNull();
    expect(before.history).toEqual([]);
    // an admin approves and pays, but does not request
    expect((await schedule(admin, code)).instalments[0]!.actions).toEqual([]);
    // the parties read the same schedule, without forms
    for (const party of [teamMember, enterpriseMember]) {
      const s = await schedule(party, code);
      expect(s.instalments.map((i) => [i.state, i.actions])).toEqual([
        ['PAYABLE', []],
        ['NOT_DUE', []],
      ]);
    }
    expect(statusOf(await viewContract(otherTeam, code))).toBe(404);

    expect(
      doneOf(await postToContract(reviewer, code, { intent: 'requestPayment', milestoneId: m1 })),
    ).toBe('requestPayment');

    const after = await schedule(reviewer, code);
    const i1 = after.instalments[0]!;
    expect(i1).toMatchObject({
      state: 'REQUESTED',
      amountFen: 120_000_000,
      clock: { days: 5, state: 'running' },
      actions: [],
      disbursement: {
        status: 'REQUESTED',
        attempt: 1,
        rail: 'BANK',
        requestedBy: reviewer.name,
        approvedAt: null,
        paidAt: null,
        bankReference: null,
      },
    });
    expect(i1.disbursement!.requestedAt).not.toBeNull();
    expect(after.totals).toMatchObject({ inFlightFen: 120_000_000, remainingFen: 80_000_000 });
    expect(after.history).toEqual([
      expect.objectContaining({
        action: 'disbursement.requested',
        seq: 1,
        actor: reviewer.name,
        attempt: 1,
      }),
    ]);
    // the admins are offered the approval; the team sees the bureau as the actor
    expect((await schedule(admin, code)).instalments[0]!.actions).toEqual(['approve']);
    const teamView = await schedule(teamMember, code);
    expect(teamView.instalments[0]!.disbursement).toMatchObject({
      status: 'REQUESTED',
      requestedBy: null,
    });
    expect(teamView.history).toEqual([
      expect.objectContaining({ action: 'disbursement.requested', actor: null, system: false }),
    ]);

    // the second milestone is not payable: refused, nothing made
    const early = await postToContract(reviewer, code, {
      intent: 'requestPayment',
      milestoneId: m2,
    });
    expect(errorsOf(early)['']).toEqual(['payments.errors.notPayable']);
    expect(await db.disbursement.findUnique({ where: { milestoneId: m2 } })).toBeNull();
    // the same request twice: refused, still one
    const twice = await postToContract(reviewer, code, {
      intent: 'requestPayment',
      milestoneId: m1,
    });
    expect(errorsOf(twice)['']).toEqual(['payments.errors.alreadyRequested']);
    expect(await db.disbursement.count({ where: { milestoneId: m1 } })).toBe(1);
  });

  it('pays an instalment: the team is notified, the figure and the schedule follow', async () => {
    const { code, m1 } = await contractWithPayableMilestone(12);
    const paidBefore = await paidTotalFen();
    const id = await requestAndApprove(code, m1);
    expect((await schedule(admin2, code)).instalments[0]!.actions).toEqual(['record', 'fail']);

    const reference = ref();
    const paid = await postToContract(admin2, code, {
      intent: 'recordTransfer',
      milestoneId: m1,
      disbursementId: id,
      reference: ` ${reference.toLowerCase()} `,
      paidOn: today(),
    });
    expect(doneOf(paid)).toBe('recordTransfer');

    // /stats.json's reward paid is computed from the records
    expect((await paidTotalFen()) - paidBefore).toBe(120_000_000);

    const s = await schedule(reviewer, code);
    expect(s.instalments[0]).toMatchObject({
      state: 'PAID',
      clock: { days: 12, state: 'stopped' },
      disbursement: {
        status: 'PAID',
        bankReference: reference,
        approvedBy: admin.name,
        confirmedBy: admin2.name,
      },
    });
    expect(shanghaiDateString(new Date(s.instalments[0]!.disbursement!.paidAt!))).toBe(today());
    expect(s.totals).toMatchObject({ paidFen: 120_000_000, inFlightFen: 0 });
    expect(s.history.map((e) => [e.action, e.actor])).toEqual([
      ['disbursement.requested', reviewer.name],
      ['disbursement.approved', admin.name],
      ['disbursement.paid', admin2.name],
    ]);
    expect(s.history[2]!.reference).toBe(reference);
    expect(s.instalments[0]!.actions).toEqual([]); // a reviewer does not reverse
    expect((await schedule(admin, code)).instalments[0]!.actions).toEqual(['reverse']);

    // the team's members get the notice in the app and by mail
    const notice = await db.notification.findFirst({
      where: { userId: teamMember.id, kind: 'disbursement.paid' },
      orderBy: { createdAt: 'desc' },
    });
    expect(notice).toMatchObject({ link: `/workspace/contracts/${code}` });
    expect(JSON.parse(notice!.payload)).toMatchObject({
      contract: code,
      amount: '120',
      date: today(),
    });
    const mail = await db.mailMessage.findFirst({
      where: { to: teamMember.email },
      orderBy: { createdAt: 'desc' },
    });
    expect(mail?.text).toContain(`合同 ${code}`);
    expect(mail?.text).toContain('120 万元已兑付');
    expect(mail?.text).toContain('was paid');

    // the same transfer recorded again changes nothing and notifies nobody
    const notices = await db.notification.count({ where: { userId: teamMember.id } });
    const again = await postToContract(admin2, code, {
      intent: 'recordTransfer',
      milestoneId: m1,
      disbursementId: id,
      reference,
      paidOn: today(),
    });
    expect(doneOf(again)).toBe('recordTransferUnchanged');
    expect(await db.notification.count({ where: { userId: teamMember.id } })).toBe(notices);
    expect((await paidTotalFen()) - paidBefore).toBe(120_000_000);

    // the team's payments page: what it was paid and when
    const mine = (await myPaymentsLoader(
      args(await signedInRequest(db, teamMember, '/workspace/payments')),
    )) as MyPayments;
    const row = mine.contracts.find((c) => c.code === code)!;
    expect(row).toMatchObject({ rewardFen: 200_000_000, paidFen: 120_000_000, inFlightFen: 0 });
    expect(row.instalments[0]).toMatchObject({ state: 'PAID', reference });
    expect(shanghaiDateString(new Date(row.instalments[0]!.paidAt!))).toBe(today());
    expect(mine.totals.paidFen).toBeGreaterThanOrEqual(120_000_000);
    // the enterprise sees the instalments of its contracts; another team does not
    const theirs = (await myPaymentsLoader(
      args(await signedInRequest(db, enterpriseMember, '/workspace/payments')),
    )) as MyPayments;
    expect(theirs.contracts.find((c) => c.code === code)?.paidFen).toBe(120_000_000);
    const others = (await myPaymentsLoader(
      args(await signedInRequest(db, otherTeam, '/workspace/payments')),
    )) as MyPayments;
    expect(others.contracts.map((c) => c.code)).not.toContain(code);
    expect(others.totals.paidFen).toBe(0);
    expect(
      statusOf(
        await thrownOrReturned(async () =>
          myPaymentsLoader(args(await signedInRequest(db, reviewer, '/workspace/payments'))),
        ),
      ),
    ).toBe(403);
  });
});
