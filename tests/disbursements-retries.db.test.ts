// Disbursements retried after a failure (a new attempt, a new key, checked against the reward
// again) and reversed with new ledger entries.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { OverpaymentError, idempotencyKeyFor } from '~/domain/disbursement';
import { commitmentAccount, FUND_ACCOUNT, PAID_ACCOUNT, payableAccount } from '~/domain/ledger';
import { db } from '~/lib/db.server';
import {
  failDisbursement,
  recordBankTransfer,
  reverseDisbursement,
} from '~/services/payments/disbursement-outcomes.server';
import {
  approveDisbursement,
  requestDisbursement,
  retryDisbursement,
} from '~/services/payments/disbursements.server';
import { checkLedger, contractBalances } from '~/services/payments/ledger.server';
import {
  setUpPaymentParties,
  staff,
  contract,
  transfer,
  pay,
  ref,
  expectCode,
  journalCount,
} from './disbursements-helpers';

setUpPaymentParties();

afterAll(() => db.$disconnect());

describe(`disbursements and the ledger (${inject('databaseKind')})`, () => {
  it('retries a failed payment as a new attempt with a new idempotency key', async () => {
    const c = await contract(5_000, [{ amountFen: 5_000 }]);
    const d = await requestDisbursement(db, staff.reviewer, c.milestones[0]!.id);
    await approveDisbursement(db, staff.admin, d.id);
    await expectCode(failDisbursement(db, staff.admin, d.id, { reason: ' ' }), 'reasonRequired');
    await expectCode(
      failDisbursement(db, staff.reviewer, d.id, { reason: '账户错误' }),
      'forbidden',
    );
    const failed = await failDisbursement(db, staff.admin, d.id, { reason: '收款账户已销户' });
    expect(failed).toMatchObject({ status: 'FAILED', failureReason: '收款账户已销户' });
    // the approval's money is back in the commitment
    expect(await contractBalances(db, c.id)).toEqual(
      new Map([
        [FUND_ACCOUNT, -5_000],
        [commitmentAccount(c.id), 5_000],
        [payableAccount(c.teamId), 0],
      ]),
    );
    await expectCode(recordBankTransfer(db, staff.admin, d.id, transfer(ref())), 'wrongStatus');
    await expectCode(retryDisbursement(db, staff.admin, d.id), 'forbidden');

    const retried = await retryDisbursement(db, staff.reviewer2, d.id);
    expect(retried).toMatchObject({
      status: 'REQUESTED',
      attempt: 2,
      idempotencyKey: idempotencyKeyFor(d.id, 2),
      requestedById: staff.reviewer2.id,
      approvedById: null,
      failureReason: null,
    });
    expect(retried.idempotencyKey).not.toBe(d.idempotencyKey);
    // a second retry of the same failure finds it already requested again
    await expectCode(retryDisbursement(db, staff.reviewer, d.id), 'wrongStatus');
    await approveDisbursement(db, staff.admin2, d.id);
    const { disbursement } = await recordBankTransfer(db, staff.admin2, d.id, transfer(ref()));
    expect(disbursement).toMatchObject({ status: 'PAID', attempt: 2 });
    expect(await journalCount(d.id, ':approved')).toBe(2);
    expect(await journalCount(d.id, ':failed')).toBe(1);
    expect(await journalCount(d.id, ':paid')).toBe(1);
    expect((await contractBalances(db, c.id)).get(PAID_ACCOUNT)).toBe(5_000);
    expect((await checkLedger(db, { contractIds: [c.id] })).problems).toEqual([]);
  });

  it('a retry is checked against the reward again', async () => {
    const c = await contract(1_000, [{ amountFen: 700 }, { amountFen: 700 }]);
    const [m1, m2] = c.milestones.map((m) => m.id) as [string, string];
    const d = await requestDisbursement(db, staff.reviewer, m1);
    await approveDisbursement(db, staff.admin, d.id);
    await failDisbursement(db, staff.admin, d.id, { reason: '退票' });
    // while the first is FAILED (not in flight), the second instalment fits
    await requestDisbursement(db, staff.reviewer, m2);
    await expect(retryDisbursement(db, staff.reviewer, d.id)).rejects.toBeInstanceOf(
      OverpaymentError,
    );
    expect((await db.disbursement.findUniqueOrThrow({ where: { id: d.id } })).status).toBe(
      'FAILED',
    );
  });

  it('reverses a payment with new entries, never editing the old ones', async () => {
    const c = await contract(8_000, [{ amountFen: 8_000 }]);
    const reference = ref();
    const paid = await pay(c.milestones[0]!.id, reference);
    const before = await db.ledgerEntry.findMany({
      where: { contractId: c.id },
      orderBy: { id: 'asc' },
    });
    await expectCode(
      reverseDisbursement(db, staff.reviewer, paid.id, { reason: '误付' }),
      'forbidden',
    );
    await expectCode(
      reverseDisbursement(db, staff.admin, paid.id, { reason: '' }),
      'reasonRequired',
    );
    const reversed = await reverseDisbursement(db, staff.admin2, paid.id, {
      reason: '银行退回：户名不符',
    });
    expect(reversed).toMatchObject({ status: 'REVERSED', bankReference: reference });
    expect(reversed.reversedAt).toBeInstanceOf(Date);
    expect(await contractBalances(db, c.id)).toEqual(
      new Map([
        [FUND_ACCOUNT, -8_000],
        [commitmentAccount(c.id), 8_000],
        [payableAccount(c.teamId), 0],
        [PAID_ACCOUNT, 0],
      ]),
    );
    const after = await db.ledgerEntry.findMany({
      where: { contractId: c.id },
      orderBy: { id: 'asc' },
    });
    // every earlier entry is still there, unchanged; four were added
    expect(after).toHaveLength(before.length + 4);
    for (const entry of before) expect(after).toContainEqual(entry);
    await expectCode(
      reverseDisbursement(db, staff.admin, paid.id, { reason: 'again' }),
      'wrongStatus',
    );
    // the instalment is closed: no second disbursement for it
    await expectCode(
      requestDisbursement(db, staff.reviewer, c.milestones[0]!.id),
      'alreadyRequested',
    );
    expect((await checkLedger(db, { contractIds: [c.id] })).problems).toEqual([]);
  });
});
