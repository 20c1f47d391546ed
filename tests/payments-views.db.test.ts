// The disbursement pages through their routes, as the bureau, the team and the enterprise use
// them: the payment schedule and history on the contract page, its payment forms (with the
// disbursement service's refusals as field messages), the bureau's dashboard, the team's
// payments and the programme figure of the reward paid.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { createDb, db } from '~/lib/db.server';
import { loader as dashboardLoader } from '~/routes/review.payments/route';
import { loader as statsJson } from '~/routes/stats[.]json';
import type { loader as contractLoader } from '~/routes/workspace.contracts.$code/route';
import { loader as myPaymentsLoader } from '~/routes/workspace.payments/route';
import { programmeFigures } from '~/services/programme/stats.server';
import {
  DAY_MS,
  inDays,
  makeContractParties,
  makePayableContract,
  makeUser,
  today,
} from './factories';
import { args, doneOf, errorsOf, signedInRequest, statusOf, thrownOrReturned } from './route-call';
import { postToContract, viewContract } from './pages/contract';

afterAll(() => db.$disconnect());

type TestUser = { id: string; role: string; email: string; name: string };

type Page = Awaited<ReturnType<typeof contractLoader>>;
type Dashboard = Awaited<ReturnType<typeof dashboardLoader>>;
type MyPayments = Awaited<ReturnType<typeof myPaymentsLoader>>;

let parties: Awaited<ReturnType<typeof makeContractParties>>;
let reviewer: TestUser;
let admin: TestUser;
let admin2: TestUser;
let teamMember: TestUser;
let enterpriseMember: TestUser;
let otherTeam: TestUser;

beforeAll(async () => {
  parties = await makeContractParties(db);
  [reviewer, admin, admin2, teamMember, enterpriseMember, otherTeam] = await Promise.all([
    makeUser(db, { role: 'REVIEWER' }),
    makeUser(db, { role: 'ADMIN' }),
    makeUser(db, { role: 'ADMIN' }),
    makeUser(db, { role: 'TEAM', organizationId: parties.teamId }),
    makeUser(db, { role: 'ENTERPRISE', organizationId: parties.enterpriseId }),
    makeUser(db, { role: 'TEAM' }),
  ]);
});

/**
 * A contract of the test parties: milestone 1 accepted and confirmed `confirmedDaysAgo` days
 * ago (120 万元), milestone 2 pending (80 万元).
 */
async function contractWithPayableMilestone(confirmedDaysAgo: number) {
  const c = await makePayableContract(db, {
    rewardFen: 200_000_000,
    milestones: [{ amountFen: 120_000_000 }, { amountFen: 80_000_000, status: 'PENDING' }],
    parties,
  });
  const at = new Date(Date.now() - confirmedDaysAgo * DAY_MS);
  await db.milestone.update({
    where: { id: c.milestones[0]!.id },
    data: { acceptedAt: at, confirmedAt: at },
  });
  return { code: c.code, m1: c.milestones[0]!.id, m2: c.milestones[1]!.id };
}

async function schedule(user: TestUser, code: string) {
  const page = await viewContract(user, code);
  expect(page, JSON.stringify(page)).not.toBeInstanceOf(Response);
  return (page as Page).payments;
}

async function dashboard(user: TestUser = reviewer) {
  const request = await signedInRequest(db, user, '/review/payments');
  return (await dashboardLoader(args(request))) as Dashboard;
}

async function paidTotalFen() {
  const json = (await (await statsJson()).json()) as { rewardDisbursedFen: number };
  return json.rewardDisbursedFen;
}

const disbursementOf = (milestoneId: string) =>
  db.disbursement.findUniqueOrThrow({ where: { milestoneId } });

/** Everything a payment form could change: the row, its audit trail and its ledger. */
async function snapshot(milestoneId: string) {
  const d = await db.disbursement.findUnique({ where: { milestoneId } });
  const [events, entries, notifications] = await Promise.all([
    d ? db.auditEvent.count({ where: { entityType: 'Disbursement', entityId: d.id } }) : 0,
    d ? db.ledgerEntry.count({ where: { disbursementId: d.id } }) : 0,
    db.notification.count({ where: { userId: teamMember.id } }),
  ]);
  return { d, events, entries, notifications };
}

/** Requests and approves the instalment of `milestoneId` through the page. */
async function requestAndApprove(code: string, milestoneId: string) {
  expect(
    doneOf(await postToContract(reviewer, code, { intent: 'requestPayment', milestoneId })),
  ).toBe('requestPayment');
  const d = await disbursementOf(milestoneId);
  expect(
    doneOf(
      await postToContract(admin, code, {
        intent: 'approvePayment',
        milestoneId,
        disbursementId: d.id,
      }),
    ),
  ).toBe('approvePayment');
  return d.id;
}

const ref = () => `ZB${Date.now()}${Math.floor(Math.random() * 1e6)}`;

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

describe(`bad input and refusals change nothing (${inject('databaseKind')})`, () => {
  it('answers a wrong bank transfer, failure or reversal with a message on its field', async () => {
    const { code, m1 } = await contractWithPayableMilestone(3);
    const id = await requestAndApprove(code, m1);
    const base = { intent: 'recordTransfer', milestoneId: m1, disbursementId: id };
    const before = await snapshot(m1);
    const cases: [Record<string, string>, string, string][] = [
      [{ ...base, reference: '', paidOn: today() }, 'reference', 'validation.required'],
      [{ ...base, reference: '   ', paidOn: today() }, 'reference', 'validation.required'],
      [{ ...base, reference: ref() }, 'paidOn', 'validation.required'],
      [{ ...base, reference: ref(), paidOn: '2021-02-30' }, 'paidOn', 'payments.errors.date'],
      [{ ...base, reference: ref(), paidOn: 'tomorrow' }, 'paidOn', 'payments.errors.date'],
      [{ ...base, reference: ref(), paidOn: inDays(2) }, 'paidOn', 'payments.errors.dateInFuture'],
      [
        { ...base, reference: ref(), paidOn: inDays(-1) },
        'paidOn',
        'payments.errors.dateBeforeApproval',
      ],
      [
        { ...base, reference: '流水 #12', paidOn: today() },
        'reference',
        'payments.errors.reference',
      ],
      [
        { ...base, reference: 'Z'.repeat(65), paidOn: today() },
        'reference',
        'payments.errors.reference',
      ],
      [
        { intent: 'failPayment', milestoneId: m1, disbursementId: id, reason: '' },
        'reason',
        'validation.required',
      ],
      [
        { intent: 'failPayment', milestoneId: m1, disbursementId: id, reason: '  \n ' },
        'reason',
        'validation.required',
      ],
    ];
    for (const [fields, field, message] of cases) {
      const r = await postToContract(admin2, code, fields);
      expect(statusOf(r), JSON.stringify(fields)).toBe('data');
      expect(errorsOf(r)[field], JSON.stringify(fields)).toEqual([message]);
      expect((r as { target?: string }).target).toBe(`${fields.intent}:${m1}`);
    }
    expect(await snapshot(m1)).toEqual(before);

    // a reference already recorded for another payment
    const other = await contractWithPayableMilestone(3);
    const otherId = await requestAndApprove(other.code, other.m1);
    const taken = ref();
    await postToContract(admin2, other.code, {
      intent: 'recordTransfer',
      milestoneId: other.m1,
      disbursementId: otherId,
      reference: taken,
      paidOn: today(),
    });
    // (the same team was notified of that payment)
    const beforeReuse = await snapshot(m1);
    expect(beforeReuse.d).toEqual(before.d);
    const reused = await postToContract(admin2, code, {
      ...base,
      reference: taken,
      paidOn: today(),
    });
    expect(errorsOf(reused).reference).toEqual(['payments.errors.referenceInUse']);
    expect(await snapshot(m1)).toEqual(beforeReuse);

    // a reversal needs a reason too
    const paid = await postToContract(admin2, code, { ...base, reference: ref(), paidOn: today() });
    expect(doneOf(paid)).toBe('recordTransfer');
    const paidState = await snapshot(m1);
    const reverse = await postToContract(admin, code, {
      intent: 'reversePayment',
      milestoneId: m1,
      disbursementId: id,
      reason: '',
    });
    expect(errorsOf(reverse).reason).toEqual(['validation.required']);
    expect(await snapshot(m1)).toEqual(paidState);
    // with a reason, reversed: no longer counted as paid
    const paidBefore = await paidTotalFen();
    const reversed = await postToContract(admin, code, {
      intent: 'reversePayment',
      milestoneId: m1,
      disbursementId: id,
      reason: '重复付款，已退回',
    });
    expect(doneOf(reversed)).toBe('reversePayment');
    expect(paidBefore - (await paidTotalFen())).toBe(120_000_000);
    const s = await schedule(admin, code);
    expect(s.instalments[0]).toMatchObject({
      state: 'REVERSED',
      actions: [],
      clock: { state: 'reversed' },
    });
  });

  it('refuses an approval by the requester (four-eyes) with a message, and changes nothing', async () => {
    const { code, m1 } = await contractWithPayableMilestone(1);
    // a reviewer who requested, then became an admin
    const promoted = await makeUser(db, { role: 'REVIEWER' });
    expect(
      doneOf(await postToContract(promoted, code, { intent: 'requestPayment', milestoneId: m1 })),
    ).toBe('requestPayment');
    await db.user.update({ where: { id: promoted.id }, data: { role: 'ADMIN' } });
    const id = (await disbursementOf(m1)).id;
    const page = await schedule(promoted, code);
    expect(page.instalments[0]!.disbursement!.requestedByViewer).toBe(true);
    const before = await snapshot(m1);

    const refused = await postToContract(promoted, code, {
      intent: 'approvePayment',
      milestoneId: m1,
      disbursementId: id,
    });
    expect(statusOf(refused)).toBe('data');
    expect((refused as { target?: string }).target).toBe(`approvePayment:${m1}`);
    expect(errorsOf(refused)['']).toEqual(['payments.errors.fourEyes']);
    expect(await snapshot(m1)).toEqual(before);
    expect((await disbursementOf(m1)).status).toBe('REQUESTED');

    // another admin may
    expect(
      doneOf(
        await postToContract(admin, code, {
          intent: 'approvePayment',
          milestoneId: m1,
          disbursementId: id,
        }),
      ),
    ).toBe('approvePayment');
  });

  it('guards each payment intent by role, and by the contract the form names', async () => {
    const { code, m1 } = await contractWithPayableMilestone(1);
    const other = await contractWithPayableMilestone(1);
    const before = await snapshot(m1);
    const request = { intent: 'requestPayment', milestoneId: m1 };
    for (const user of [teamMember, enterpriseMember, admin])
      expect(statusOf(await postToContract(user, code, request))).toBe(403);
    expect(statusOf(await postToContract(otherTeam, code, request))).toBe(404);
    // a milestone of another contract, on this contract's page
    expect(
      statusOf(
        await postToContract(reviewer, code, { intent: 'requestPayment', milestoneId: other.m1 }),
      ),
    ).toBe(404);
    expect(
      statusOf(
        await postToContract(reviewer, code, { intent: 'requestPayment', milestoneId: 'x' }),
      ),
    ).toBe(404);
    expect(await snapshot(m1)).toEqual(before);
    expect(await db.disbursement.findUnique({ where: { milestoneId: other.m1 } })).toBeNull();

    await postToContract(reviewer, code, request);
    const id = (await disbursementOf(m1)).id;
    const requested = await snapshot(m1);
    const approve = { intent: 'approvePayment', milestoneId: m1, disbursementId: id };
    for (const user of [reviewer, teamMember, enterpriseMember])
      expect(statusOf(await postToContract(user, code, approve))).toBe(403);
    // the disbursement must be the milestone's
    expect(
      statusOf(await postToContract(admin, code, { ...approve, disbursementId: 'nope' })),
    ).toBe(404);
    // a form without its milestone: a message, no change
    const bare = await postToContract(admin, code, {
      intent: 'approvePayment',
      disbursementId: id,
    });
    expect(statusOf(bare)).toBe('data');
    expect(errorsOf(bare).milestoneId).toEqual(['validation.required']);
    expect(await snapshot(m1)).toEqual(requested);
  });
});
