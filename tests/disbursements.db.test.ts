// Reward disbursements, the ledger and the bank-transfer rail, on the engine of this run:
// the lifecycle with its journals, four-eyes, the reward limit, and the never-twice rules
// under 50 truly parallel calls.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { FourEyesError } from '~/domain/award';
import { OverpaymentError, idempotencyKeyFor } from '~/domain/disbursement';
import { commitmentAccount, FUND_ACCOUNT, PAID_ACCOUNT, payableAccount } from '~/domain/ledger';
import { createDb, db } from '~/lib/db.server';
import type { Actor as Staff } from '~/services/kernel/actor';
import { recordBankTransfer } from '~/services/payments/disbursement-outcomes.server';
import { approveDisbursement, requestDisbursement } from '~/services/payments/disbursements.server';
import { DisbursementError } from '~/services/payments/refusals';
import { checkLedger, contractBalances } from '~/services/payments/ledger.server';
import {
  setUpPaymentParties,
  N,
  staff,
  contractIds,
  contract,
  transfer,
  pay,
  ref,
  expectCode,
  settle,
  journalCount,
} from './disbursements-helpers';

setUpPaymentParties();

afterAll(() => db.$disconnect());

describe(`disbursements and the ledger (${inject('databaseKind')})`, () => {
  it('pays an instalment: request, approve, bank transfer; each step audited and journaled', async () => {
    const c = await contract(1_000_000, [{ amountFen: 300_000 }, { amountFen: 700_000 }]);
    const milestoneId = c.milestones[0]!.id;

    const requested = await requestDisbursement(db, staff.reviewer, milestoneId);
    expect(requested).toMatchObject({
      status: 'REQUESTED',
      amountFen: 300_000,
      rail: 'BANK',
      attempt: 1,
      idempotencyKey: idempotencyKeyFor(requested.id, 1),
      requestedById: staff.reviewer.id,
    });
    // requested money is in flight but still committed to the contract
    expect(await contractBalances(db, c.id)).toEqual(
      new Map([
        [FUND_ACCOUNT, -1_000_000],
        [commitmentAccount(c.id), 1_000_000],
      ]),
    );

    const approved = await approveDisbursement(db, staff.admin, requested.id);
    expect(approved).toMatchObject({ status: 'APPROVED', approvedById: staff.admin.id });
    expect(await contractBalances(db, c.id)).toEqual(
      new Map([
        [FUND_ACCOUNT, -1_000_000],
        [commitmentAccount(c.id), 700_000],
        [payableAccount(c.teamId), 300_000],
      ]),
    );

    const paidOn = new Date('2021-11-05T00:00:00+08:00');
    // a transfer dated before the approval is refused; so is one in the future
    await expectCode(
      recordBankTransfer(db, staff.admin, requested.id, { reference: 'ZB1', paidOn }),
      'invalidEvidence',
    );
    await expectCode(
      recordBankTransfer(db, staff.admin, requested.id, {
        reference: 'ZB1',
        paidOn: new Date(Date.now() + 3 * 86_400_000),
      }),
      'invalidEvidence',
    );
    await expectCode(
      recordBankTransfer(db, staff.admin, requested.id, transfer('  ')),
      'invalidEvidence',
    );
    await expectCode(
      recordBankTransfer(db, staff.reviewer, requested.id, transfer('ZB1')),
      'forbidden',
    );

    const reference = ref();
    const { disbursement: paid, changed } = await recordBankTransfer(
      db,
      staff.admin2,
      requested.id,
      transfer(` ${reference.toLowerCase()} `),
    );
    expect(changed).toBe(true);
    expect(paid).toMatchObject({
      status: 'PAID',
      bankReference: reference,
      confirmedById: staff.admin2.id,
    });
    expect(paid.paidAt).toBeInstanceOf(Date);
    expect(await contractBalances(db, c.id)).toEqual(
      new Map([
        [FUND_ACCOUNT, -1_000_000],
        [commitmentAccount(c.id), 700_000],
        [payableAccount(c.teamId), 0],
        [PAID_ACCOUNT, 300_000],
      ]),
    );

    // the same reference again is idempotent; another one is refused
    const again = await recordBankTransfer(db, staff.admin, requested.id, transfer(reference));
    expect(again.changed).toBe(false);
    expect(again.disbursement.bankReference).toBe(reference);
    await expectCode(
      recordBankTransfer(db, staff.admin, requested.id, transfer(`${reference}X`)),
      'alreadyPaid',
    );
    // nor may the same bank transfer pay a second instalment
    const second = await requestDisbursement(db, staff.reviewer, c.milestones[1]!.id);
    await approveDisbursement(db, staff.admin, second.id);
    await expectCode(
      recordBankTransfer(db, staff.admin, second.id, transfer(reference)),
      'referenceInUse',
    );

    const trail = await db.auditEvent.findMany({
      where: { entityType: 'Disbursement', entityId: requested.id },
      orderBy: { at: 'asc' },
      select: { action: true, actorId: true },
    });
    expect(trail).toEqual([
      { action: 'disbursement.requested', actorId: staff.reviewer.id },
      { action: 'disbursement.approved', actorId: staff.admin.id },
      { action: 'disbursement.paid', actorId: staff.admin2.id },
    ]);
    expect(await journalCount(requested.id, ':paid')).toBe(1);
    expect((await checkLedger(db, { contractIds: [c.id] })).problems).toEqual([]);
  });

  it('pays only accepted milestones the bureau confirmed, never on a terminated contract', async () => {
    const c = await contract(900, [
      { amountFen: 300, status: 'DELIVERED' },
      { amountFen: 300, confirmed: false },
      { amountFen: 300 },
    ]);
    await expectCode(requestDisbursement(db, staff.reviewer, c.milestones[0]!.id), 'notPayable');
    await expectCode(requestDisbursement(db, staff.reviewer, c.milestones[1]!.id), 'notPayable');
    await expectCode(requestDisbursement(db, staff.admin, c.milestones[2]!.id), 'forbidden');
    await expectCode(requestDisbursement(db, staff.reviewer, 'no-such-milestone'), 'notFound');
    const d = await requestDisbursement(db, staff.reviewer, c.milestones[2]!.id);
    await db.contract.update({ where: { id: c.id }, data: { status: 'TERMINATED' } });
    await expectCode(approveDisbursement(db, staff.admin, d.id), 'contractTerminated');
    const t = await contract(300, [{ amountFen: 300 }], 'TERMINATED');
    await expectCode(
      requestDisbursement(db, staff.reviewer, t.milestones[0]!.id),
      'contractTerminated',
    );
  });

  it('four-eyes: the requester may not approve, even as an admin', async () => {
    const c = await contract(500, [{ amountFen: 500 }]);
    const d = await requestDisbursement(db, staff.reviewer, c.milestones[0]!.id);
    // a reviewer may not approve at all; the same person promoted to admin may not either
    await expectCode(approveDisbursement(db, staff.reviewer2, d.id), 'forbidden');
    const promoted: Staff = { ...staff.reviewer, role: 'ADMIN' };
    await expect(approveDisbursement(db, promoted, d.id)).rejects.toBeInstanceOf(FourEyesError);
    expect((await db.disbursement.findUniqueOrThrow({ where: { id: d.id } })).status).toBe(
      'REQUESTED',
    );
    expect(await journalCount(d.id, ':approved')).toBe(0);
    await expect(approveDisbursement(db, staff.admin, d.id)).resolves.toMatchObject({
      status: 'APPROVED',
    });
  });

  it('refuses a request over the reward, counting paid and in-flight money', async () => {
    // milestone amounts that over-commit the reward (an amended contract, say)
    const c = await contract(1_000, [{ amountFen: 600 }, { amountFen: 600 }, { amountFen: 400 }]);
    const [m1, m2, m3] = c.milestones.map((m) => m.id) as [string, string, string];
    const first = await requestDisbursement(db, staff.reviewer, m1);
    const over = requestDisbursement(db, staff.reviewer, m2);
    await expect(over).rejects.toBeInstanceOf(OverpaymentError);
    await over.catch((e: OverpaymentError) => {
      expect(e).toMatchObject({ rewardFen: 1_000, paidFen: 0, inFlightFen: 600, amountFen: 600 });
      expect(e.availableFen).toBe(400);
    });
    // the refusal wrote nothing
    expect(await db.disbursement.count({ where: { milestoneId: m2 } })).toBe(0);
    await requestDisbursement(db, staff.reviewer, m3);
    await approveDisbursement(db, staff.admin, first.id);
    await recordBankTransfer(db, staff.admin, first.id, transfer(ref()));
    await expect(requestDisbursement(db, staff.reviewer, m2)).rejects.toBeInstanceOf(
      OverpaymentError,
    );
    expect((await checkLedger(db, { contractIds: [c.id] })).problems).toEqual([]);
  });

  it(`${N} parallel requests for one instalment make one disbursement`, async () => {
    const c = await contract(10_000, [{ amountFen: 10_000 }]);
    const milestoneId = c.milestones[0]!.id;
    const results = await Promise.allSettled(
      Array.from({ length: N }, (_, i) =>
        requestDisbursement(db, i % 2 ? staff.reviewer : staff.reviewer2, milestoneId),
      ),
    );
    const { fulfilled, reasons } = settle(results);
    expect(fulfilled).toHaveLength(1);
    expect(reasons.every((r) => (r as DisbursementError).code === 'alreadyRequested')).toBe(true);
    expect(await db.disbursement.count({ where: { milestoneId } })).toBe(1);
    // the contract's commitment was posted once
    expect(await db.ledgerEntry.count({ where: { contractId: c.id } })).toBe(2);
  });

  it(`${N} parallel approvals make one approval and one journal`, async () => {
    const c = await contract(10_000, [{ amountFen: 10_000 }]);
    const d = await requestDisbursement(db, staff.reviewer, c.milestones[0]!.id);
    const results = await Promise.allSettled(
      Array.from({ length: N }, (_, i) =>
        approveDisbursement(db, i % 2 ? staff.admin : staff.admin2, d.id),
      ),
    );
    const { fulfilled, reasons } = settle(results);
    expect(fulfilled).toHaveLength(1);
    expect(reasons.every((r) => (r as DisbursementError).code === 'wrongStatus')).toBe(true);
    expect(await journalCount(d.id, ':approved')).toBe(1);
    expect(
      await db.auditEvent.count({ where: { entityId: d.id, action: 'disbursement.approved' } }),
    ).toBe(1);
    expect((await checkLedger(db, { contractIds: [c.id] })).problems).toEqual([]);
  });

  it(`${N} parallel payments make one PAID and one "paid" journal`, async () => {
    const c = await contract(20_000, [{ amountFen: 10_000 }, { amountFen: 10_000 }]);
    // the same transfer recorded N times at once (double clicks, two admins)
    const d = await requestDisbursement(db, staff.reviewer, c.milestones[0]!.id);
    await approveDisbursement(db, staff.admin, d.id);
    const reference = ref();
    const same = settle(
      await Promise.allSettled(
        Array.from({ length: N }, (_, i) =>
          recordBankTransfer(db, i % 2 ? staff.admin : staff.admin2, d.id, transfer(reference)),
        ),
      ),
    );
    expect(same.fulfilled).toHaveLength(N);
    expect(same.fulfilled.filter((r) => r.changed)).toHaveLength(1);
    expect(await journalCount(d.id, ':paid')).toBe(1);

    // N different references at once: one wins, the others are refused
    const e = await requestDisbursement(db, staff.reviewer, c.milestones[1]!.id);
    await approveDisbursement(db, staff.admin, e.id);
    const base = ref();
    const different = settle(
      await Promise.allSettled(
        Array.from({ length: N }, (_, i) =>
          recordBankTransfer(db, staff.admin, e.id, transfer(`${base}-${i}`)),
        ),
      ),
    );
    expect(different.fulfilled).toHaveLength(1);
    expect(different.reasons.every((r) => (r as DisbursementError).code === 'alreadyPaid')).toBe(
      true,
    );
    expect(await journalCount(e.id, ':paid')).toBe(1);
    expect(await db.disbursement.count({ where: { contractId: c.id, status: 'PAID' } })).toBe(2);
    expect((await contractBalances(db, c.id)).get(PAID_ACCOUNT)).toBe(20_000);
    expect((await checkLedger(db, { contractIds: [c.id] })).problems).toEqual([]);
  });

  it('parallel requests for the milestones of one contract never exceed its reward', async () => {
    for (let round = 0; round < 3; round++) {
      // ten instalments of 300 against a reward of 1000: at most three fit
      const c = await contract(
        1_000,
        Array.from({ length: 10 }, () => ({ amountFen: 300 })),
      );
      const results = await Promise.allSettled(
        c.milestones.map((m) => requestDisbursement(db, staff.reviewer, m.id)),
      );
      const { fulfilled, reasons } = settle(results);
      expect(fulfilled).toHaveLength(3);
      expect(reasons.every((r) => r instanceof OverpaymentError)).toBe(true);
      // approvals and payments of the three in parallel too
      await Promise.all(fulfilled.map((d) => approveDisbursement(db, staff.admin, d.id)));
      await Promise.all(
        fulfilled.map((d) => recordBankTransfer(db, staff.admin, d.id, transfer(ref()))),
      );
      const paid = await db.disbursement.aggregate({
        where: { contractId: c.id, status: { in: ['REQUESTED', 'APPROVED', 'PAID'] } },
        _sum: { amountFen: true },
      });
      expect(paid._sum.amountFen).toBe(900n);
      expect((await checkLedger(db, { contractIds: [c.id] })).problems).toEqual([]);
    }
  });

  it('the database refuses to update or delete the ledger’s entries', async () => {
    const c = await contract(2_000, [{ amountFen: 2_000 }]);
    await pay(c.milestones[0]!.id, ref());
    const entry = await db.ledgerEntry.findFirstOrThrow({
      where: { contractId: c.id, account: PAID_ACCOUNT },
    });
    await expect(
      db.ledgerEntry.update({ where: { id: entry.id }, data: { amountFen: 1n } }),
    ).rejects.toThrow();
    await expect(
      db.ledgerEntry.updateMany({ where: { contractId: c.id }, data: { memo: 'edited' } }),
    ).rejects.toThrow();
    await expect(db.ledgerEntry.delete({ where: { id: entry.id } })).rejects.toThrow();
    await expect(db.ledgerEntry.deleteMany({ where: { contractId: c.id } })).rejects.toThrow();
    expect(await db.ledgerEntry.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry);
    expect(await db.ledgerEntry.count({ where: { contractId: c.id } })).toBe(6);
  });

  it('checkLedger finds no drift after all of the above, and finds drift when there is some', async () => {
    const report = await checkLedger(db, { contractIds });
    expect(report.problems).toEqual([]);
    expect(report.figures.contractsInLedger).toBeGreaterThan(10);
    const sum = Object.values(report.figures.balances).reduce((a, b) => a + b, 0);
    expect(sum).toBe(0);

    // a forged entry (balanced within its journal, but not what the records call for)
    const c = await contract(1_000, [{ amountFen: 1_000 }]);
    await pay(c.milestones[0]!.id, ref());
    await db.ledgerEntry.createMany({
      data: [
        { journalId: `forged-${c.id}`, account: PAID_ACCOUNT, amountFen: 5n, contractId: c.id },
        { journalId: `forged-${c.id}`, account: FUND_ACCOUNT, amountFen: -5n, contractId: c.id },
      ],
    });
    const drift = await checkLedger(db, { contractIds: [c.id] });
    expect(drift.ok).toBe(false);
    expect(drift.problems.join('\n')).toMatch(/paid is 1005 fen, its records call for 1000/);
  });

  it('finds the seeded programme’s ledger balanced: 912 万元 paid', async () => {
    const pristine = createDb(inject('pristineUrl'));
    try {
      const report = await checkLedger(pristine);
      expect(report.problems).toEqual([]);
      expect(report.figures).toMatchObject({
        contracts: 11,
        contractsInLedger: 11,
        balances: { paid: 912_000_000, payable: 0 },
        records: { paidFen: 912_000_000, approvedFen: 0 },
      });
      expect(report.figures.balances.fund).toBe(-report.figures.records.committedRewardFen);
    } finally {
      await pristine.$disconnect();
    }
  });
});
