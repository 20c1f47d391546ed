// The Stripe webhook, through the route's action with real Requests signed by the SDK's own
// helper, on the engine of this run: the signature and the symmetric 300 s window, the event
// id recorded in the effect's transaction (five concurrent copies → one effect), and the same
// final state and ledger balances for every order of transfer.created / transfer.reversed /
// payout.failed (docs/decisions/011-stripe-webhooks.md).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { OverpaymentError } from '~/domain/disbursement';
import { parseAccount } from '~/domain/ledger';
import { db } from '~/lib/db.server';
import { action, loader } from '~/routes/webhooks.stripe';
import {
  approveDisbursement,
  requestDisbursement,
  retryDisbursement,
} from '~/services/payments/disbursements.server';
import { checkLedger, contractBalances } from '~/services/payments/ledger.server';
import { applyStripeOutcome } from '~/services/payments/stripe-outcomes.server';
import { makeContractParties, makePayableContract, makePaymentStaff, makeUser } from './factories';
import {
  approvedStripeDisbursement,
  delivery,
  PAYOUT_FAILURE_REASON,
  payoutFailed,
  transferCreated,
  transferId,
  transferReversed,
  setUpSilentStripeRail,
  WEBHOOK_SECRET,
} from './factories/stripe';
import { args } from './route-call';

const savedSecret = process.env.STRIPE_WEBHOOK_SECRET;
let staff: Awaited<ReturnType<typeof makePaymentStaff>>;
let parties: Awaited<ReturnType<typeof makeContractParties>>;
const contractIds: string[] = [];

setUpSilentStripeRail();

beforeAll(async () => {
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  staff = await makePaymentStaff(db);
  parties = await makeContractParties(db);
});

afterAll(async () => {
  if (savedSecret === undefined) delete process.env.STRIPE_WEBHOOK_SECRET;
  else process.env.STRIPE_WEBHOOK_SECRET = savedSecret;
  await db.$disconnect();
});

async function contract(rewardFen: number, amounts: number[]) {
  const c = await makePayableContract(db, {
    rewardFen,
    milestones: amounts.map((amountFen) => ({ amountFen })),
    parties,
  });
  contractIds.push(c.id);
  return c;
}

/** One approved Stripe disbursement of `amountFen` on a contract of its own. */
async function approved(amountFen = 50_000, rewardFen = amountFen) {
  const c = await contract(rewardFen, [amountFen]);
  const d = await approvedStripeDisbursement(db, staff, c.milestones[0]!.id);
  return { c, d, target: { disbursementId: d.id, attempt: d.attempt, amountFen } };
}

async function post(request: Request) {
  const response = await action(args(request));
  return { status: response.status, body: await response.text() };
}

const row = (id: string) => db.disbursement.findUniqueOrThrow({ where: { id } });
const eventRecorded = (id: string) => db.stripeEvent.count({ where: { id } });
const journals = (disbursementId: string, suffix: string) =>
  db.ledgerEntry
    .groupBy({ by: ['journalId'], where: { disbursementId, journalId: { endsWith: suffix } } })
    .then((g) => g.length);
const nowS = () => Math.floor(Date.now() / 1000);

/**
 * A contract's balances with its own ids taken out, to compare contracts with each other; an
 * account without entries counts as 0.
 */
async function balancesByKind(contractId: string) {
  const byKind: Record<string, number> = { fund: 0, commitment: 0, payable: 0, paid: 0 };
  for (const [account, fen] of await contractBalances(db, contractId))
    byKind[parseAccount(account)!.kind] = fen;
  return byKind;
}

async function ledgerIsClean(contractId: string) {
  expect((await checkLedger(db, { contractIds: [contractId] })).problems).toEqual([]);
}

describe(`the Stripe webhook (${inject('databaseKind')})`, () => {
  it('applies a signed transfer.created: PAID with the transfer id, event recorded, audited', async () => {
    const { c, d, target } = await approved();
    const member = await makeUser(db, { role: 'TEAM', organizationId: c.teamId });
    const tr = transferId();
    const evt = transferCreated({ ...target, transferId: tr });
    expect(await post(delivery(evt))).toEqual({ status: 200, body: 'ok: PAID' });
    // the team is told, once, as when a bank transfer is recorded
    expect(await post(delivery(evt))).toEqual({ status: 200, body: 'duplicate' });
    expect(
      await db.notification.count({ where: { userId: member.id, kind: 'disbursement.paid' } }),
    ).toBe(1);

    expect(await row(d.id)).toMatchObject({
      status: 'PAID',
      stripeTransferId: tr,
      confirmedById: null,
    });
    expect(await eventRecorded(evt.id)).toBe(1);
    expect(await journals(d.id, ':paid')).toBe(1);
    const paid = await db.auditEvent.findFirstOrThrow({
      where: { entityId: d.id, action: 'disbursement.paid' },
    });
    expect(paid.actorId).toBeNull();
    expect(JSON.parse(paid.data!)).toMatchObject({ rail: 'STRIPE', reference: tr });
    expect(await balancesByKind(c.id)).toEqual({
      fund: -50_000,
      commitment: 0,
      payable: 0,
      paid: 50_000,
    });
    await ledgerIsClean(c.id);
  });

  it('refuses a bad signature, a stale or future timestamp, with 400 and no change', async () => {
    const { d, target } = await approved();
    const evt = transferCreated({ ...target, transferId: transferId() });
    const body = JSON.stringify(evt);
    // each request is signed just before it is sent, 10 s beyond the 300 s window: a timestamp
    // taken early, or a second boundary crossed meanwhile, must not bring it back inside
    const refused: [string, () => Request, string][] = [
      ['wrong secret', () => delivery(evt, { secret: 'whsec_wrong' }), 'bad signature'],
      [
        'body changed after signing',
        () =>
          delivery(evt, {
            body: body.replace('"attempt":"1"', '"attempt":"2"'),
            signature: delivery(evt, { body }).headers.get('Stripe-Signature'),
          }),
        'bad signature',
      ],
      ['no v1 signature', () => delivery(evt, { signature: `t=${nowS()}` }), 'bad signature'],
      [
        'no timestamp',
        () => delivery(evt, { signature: 'v1=abc' }),
        'no timestamp in Stripe-Signature',
      ],
      ['no header', () => delivery(evt, { signature: null }), 'missing Stripe-Signature header'],
      ['stale', () => delivery(evt, { timestamp: nowS() - 310 }), 'timestamp too old'],
      ['future', () => delivery(evt, { timestamp: nowS() + 310 }), 'timestamp in the future'],
      [
        'far future',
        () => delivery(evt, { timestamp: nowS() + 86_400 }),
        'timestamp in the future',
      ],
    ];
    for (const [what, request, reason] of refused) {
      const response = await action(args(request()));
      expect(response.status, what).toBe(400);
      expect(response.headers.get('Content-Type'), what).toMatch(/^text\/plain/);
      expect(await response.text(), what).toBe(reason);
    }
    expect(await row(d.id)).toMatchObject({ status: 'APPROVED', stripeTransferId: null });
    expect(await eventRecorded(evt.id)).toBe(0);
    expect(await journals(d.id, ':paid')).toBe(0);

    // inside the window on either side (with a margin for the test's own time) it is accepted
    const early = transferCreated({ ...target, transferId: transferId() });
    expect((await post(delivery(early, { timestamp: nowS() + 290 }))).status).toBe(200);
    const late = transferReversed({ ...target, transferId: transferId() });
    expect((await post(delivery(late, { timestamp: nowS() - 290 }))).status).toBe(200);
    expect((await row(d.id)).status).toBe('REVERSED');
  });

  it('answers 503 while no webhook secret is configured, and 405 to a GET', async () => {
    const { d, target } = await approved();
    const evt = transferCreated({ ...target, transferId: transferId() });
    const request = delivery(evt);
    delete process.env.STRIPE_WEBHOOK_SECRET;
    try {
      expect((await post(request)).status).toBe(503);
    } finally {
      process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
    }
    expect((await row(d.id)).status).toBe('APPROVED');
    expect(await eventRecorded(evt.id)).toBe(0);
    const get = loader();
    expect(get.status).toBe(405);
    expect(get.headers.get('Allow')).toBe('POST');
  });

  it('has one effect for the same event delivered 5 times at once', async () => {
    const { c, d, target } = await approved();
    const evt = transferCreated({ ...target, transferId: transferId() });
    const results = await Promise.all(Array.from({ length: 5 }, () => post(delivery(evt))));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body === 'ok: PAID')).toHaveLength(1);
    expect(results.filter((r) => r.body === 'duplicate')).toHaveLength(4);
    expect(await eventRecorded(evt.id)).toBe(1);
    expect(await journals(d.id, ':paid')).toBe(1);
    expect(
      await db.auditEvent.count({ where: { entityId: d.id, action: 'disbursement.paid' } }),
    ).toBe(1);
    // and once more later: still a duplicate
    expect(await post(delivery(evt))).toEqual({ status: 200, body: 'duplicate' });
    await ledgerIsClean(c.id);
  });

  const ORDERS = [
    ['created', 'reversed', 'failed'],
    ['created', 'failed', 'reversed'],
    ['reversed', 'created', 'failed'],
    ['reversed', 'failed', 'created'],
    ['failed', 'created', 'reversed'],
    ['failed', 'reversed', 'created'],
  ] as const;

  it('ends FAILED with the same balances in every order of the three events, then retries', async () => {
    const finals: { order: string; status: string; balances: Record<string, number> }[] = [];
    for (const order of ORDERS) {
      const { c, d, target } = await approved(30_000, 100_000);
      const tr = transferId();
      const events = {
        created: transferCreated({ ...target, transferId: tr }),
        reversed: transferReversed({ ...target, transferId: tr }),
        failed: payoutFailed(target),
      };
      for (const kind of order) expect((await post(delivery(events[kind]))).status).toBe(200);
      const after = await row(d.id);
      expect(after, order.join(' → ')).toMatchObject({
        status: 'FAILED',
        failureReason: PAYOUT_FAILURE_REASON,
        stripeTransferId: tr,
      });
      finals.push({
        order: order.join(' → '),
        status: after.status,
        balances: await balancesByKind(c.id),
      });
      await ledgerIsClean(c.id);
      // the instalment is retryable as any failed one: a new attempt, checked again
      const retried = await retryDisbursement(db, staff.reviewer2, d.id);
      expect(retried).toMatchObject({ status: 'REQUESTED', attempt: 2, paidAt: null });
      await ledgerIsClean(c.id);
    }
    const expected = { fund: -100_000, commitment: 100_000, payable: 0, paid: 0 };
    for (const f of finals)
      expect(f, f.order).toEqual({ ...f, status: 'FAILED', balances: expected });
  });

  it('ends REVERSED after created then reversed, and after reversed then created', async () => {
    for (const order of [
      ['created', 'reversed'],
      ['reversed', 'created'],
    ] as const) {
      const { c, d, target } = await approved(20_000, 100_000);
      const tr = transferId();
      const events = {
        created: transferCreated({ ...target, transferId: tr }),
        reversed: transferReversed({ ...target, transferId: tr }),
      };
      for (const kind of order) expect((await post(delivery(events[kind]))).status).toBe(200);
      expect(await row(d.id), order.join(' → ')).toMatchObject({
        status: 'REVERSED',
        failureReason: 'reversed on Stripe',
        stripeTransferId: tr,
      });
      expect(await balancesByKind(c.id)).toEqual({
        fund: -100_000,
        commitment: 100_000,
        payable: 0,
        paid: 0,
      });
      await ledgerIsClean(c.id);
    }
  });

  it('ignores a late event of an earlier attempt after a retry', async () => {
    const { c, d, target } = await approved(40_000, 100_000);
    const first = transferId();
    expect((await post(delivery(payoutFailed(target)))).body).toBe('ok: FAILED');
    await retryDisbursement(db, staff.reviewer2, d.id);
    // attempt 1's events, late: nothing changes while attempt 2 waits for approval…
    const lateCreated = transferCreated({ ...target, transferId: first });
    expect(await post(delivery(lateCreated))).toEqual({ status: 200, body: 'ok: unchanged' });
    expect(await row(d.id)).toMatchObject({
      status: 'REQUESTED',
      attempt: 2,
      stripeTransferId: null,
    });
    // …nor once it is approved again
    await approveDisbursement(db, staff.admin2, d.id);
    const lateReversed = transferReversed({ ...target, transferId: first });
    expect((await post(delivery(lateReversed))).body).toBe('ok: unchanged');
    expect((await row(d.id)).status).toBe('APPROVED');
    // attempt 2's own transfer pays it
    const second = transferId();
    const created = transferCreated({ ...target, attempt: 2, transferId: second });
    expect((await post(delivery(created))).body).toBe('ok: PAID');
    expect(await row(d.id)).toMatchObject({ status: 'PAID', attempt: 2, stripeTransferId: second });
    expect(await journals(d.id, ':paid')).toBe(1);
    expect(await balancesByKind(c.id)).toMatchObject({ paid: 40_000, payable: 0 });
    await ledgerIsClean(c.id);
  });

  it('never lets paid + in flight exceed the reward', async () => {
    // two instalments of 600 on a reward of 1000 (an amended contract): only one fits at a time
    const c = await contract(1_000, [600, 600]);
    const [m1, m2] = c.milestones.map((m) => m.id) as [string, string];
    const d1 = await approvedStripeDisbursement(db, staff, m1);
    const t1 = { disbursementId: d1.id, attempt: 1, amountFen: 600 };
    expect((await post(delivery(payoutFailed(t1)))).body).toBe('ok: FAILED');
    // with the first failed, the second fits and is paid
    const d2 = await approvedStripeDisbursement(db, staff, m2);
    const t2 = { disbursementId: d2.id, attempt: 1, amountFen: 600 };
    expect((await post(delivery(transferCreated({ ...t2, transferId: transferId() })))).body).toBe(
      'ok: PAID',
    );
    // the first one's transfer told late cannot make it paid too, and it cannot be retried
    const late = transferCreated({ ...t1, transferId: transferId() });
    expect((await post(delivery(late))).body).toBe('ok: unchanged');
    await expect(retryDisbursement(db, staff.reviewer, d1.id)).rejects.toBeInstanceOf(
      OverpaymentError,
    );
    // and the money of that late transfer is taken back from the team's account
    expect(
      await db.outboxJob.count({
        where: { idempotencyKey: `${d1.idempotencyKey}:reversal`, status: 'PENDING' },
      }),
    ).toBe(1);
    const committed = await db.disbursement.aggregate({
      where: { contractId: c.id, status: { in: ['REQUESTED', 'APPROVED', 'PAID'] } },
      _sum: { amountFen: true },
    });
    expect(committed._sum.amountFen).toBe(600n);
    expect(await balancesByKind(c.id)).toMatchObject({ paid: 600, payable: 0, commitment: 400 });
    await ledgerIsClean(c.id);
  });

  it('records and acknowledges events that are not ours or name no known disbursement', async () => {
    const unknown = transferCreated({
      disbursementId: 'no-such-disbursement',
      attempt: 1,
      amountFen: 1,
      transferId: transferId(),
    });
    expect(await post(delivery(unknown))).toEqual({ status: 200, body: 'ignored: notFound' });
    expect(await eventRecorded(unknown.id)).toBe(1);

    const other = { ...unknown, id: `${unknown.id}_other`, type: 'transfer.updated' };
    expect(await post(delivery(other))).toEqual({ status: 200, body: 'ignored' });
    expect(await eventRecorded(other.id)).toBe(1);

    // a bank-rail disbursement is not the webhook's to change
    const c = await contract(500, [500]);
    const bank = await requestDisbursement(db, staff.reviewer, c.milestones[0]!.id);
    await approveDisbursement(db, staff.admin, bank.id);
    const wrongRail = transferCreated({
      disbursementId: bank.id,
      attempt: 1,
      amountFen: 500,
      transferId: transferId(),
    });
    expect(await post(delivery(wrongRail))).toEqual({ status: 200, body: 'ignored: wrongRail' });
    expect((await row(bank.id)).status).toBe('APPROVED');
  });

  it('applyStripeOutcome: the rail’s own transfer.created, then the webhook’s copy of it', async () => {
    const { c, d, target } = await approved();
    const tr = transferId();
    const outcome = { kind: 'transfer.created' as const, ...target, transferId: tr };
    expect(await db.$transaction((tx) => applyStripeOutcome(tx, outcome))).toMatchObject({
      changed: true,
      status: 'PAID',
    });
    // (the team is told of the payment once: no mail for the repetition)
    expect(await db.$transaction((tx) => applyStripeOutcome(tx, outcome))).toEqual({
      changed: false,
      status: 'PAID',
      mailIds: [],
    });
    expect((await post(delivery(transferCreated({ ...target, transferId: tr })))).body).toBe(
      'ok: unchanged',
    );
    expect(await journals(d.id, ':paid')).toBe(1);
    await ledgerIsClean(c.id);
  });

  it('leaves the ledger of every contract here balanced', async () => {
    expect((await checkLedger(db, { contractIds })).problems).toEqual([]);
  });
});
