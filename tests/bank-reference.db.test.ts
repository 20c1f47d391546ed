// One bank reference pays one instalment: two admins recording the same reference for
// approved instalments of two different contracts at once (each under its own contract's
// lock) get one payment, on both engines; the loser gets a field error and nothing is written.
// ledger:check reports references recorded twice.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { db } from '~/lib/db.server';
import {
  recordBankTransfer,
  reverseDisbursement,
} from '~/services/payments/disbursement-outcomes.server';
import { approveDisbursement, requestDisbursement } from '~/services/payments/disbursements.server';
import { DisbursementError } from '~/services/payments/refusals';
import { checkLedger, duplicateReferences } from '~/services/payments/ledger.server';
import { paymentAction } from '~/routes/workspace.contracts.$code/payment-action.server';
import { makeContractParties, makePayableContract, makePaymentStaff } from './factories';

afterAll(() => db.$disconnect());

let staff: Awaited<ReturnType<typeof makePaymentStaff>>;
let parties: Awaited<ReturnType<typeof makeContractParties>>;

beforeAll(async () => {
  staff = await makePaymentStaff(db);
  parties = await makeContractParties(db);
});

const ref = () => `ZBR${Date.now()}${Math.floor(Math.random() * 1e6)}`;

/** A contract with one approved instalment of `amountFen`. */
async function approvedInstalment(amountFen = 10_000) {
  const c = await makePayableContract(db, {
    rewardFen: amountFen,
    milestones: [{ amountFen }],
    parties,
  });
  const d = await requestDisbursement(db, staff.reviewer, c.milestones[0]!.id);
  await approveDisbursement(db, staff.admin, d.id);
  return { contract: c, disbursementId: d.id, milestoneId: c.milestones[0]!.id };
}

/** What a refused recording must not have left behind. */
async function written(disbursementId: string) {
  const [row, paidJournals, audits] = await Promise.all([
    db.disbursement.findUniqueOrThrow({
      where: { id: disbursementId },
      select: { status: true, bankReference: true, paidAt: true },
    }),
    db.ledgerEntry
      .groupBy({ by: ['journalId'], where: { disbursementId, journalId: { endsWith: ':paid' } } })
      .then((g) => g.length),
    db.auditEvent.count({ where: { entityId: disbursementId, action: 'disbursement.paid' } }),
  ]);
  return { ...row, paidJournals, audits };
}

describe(`one bank reference, one payment (${inject('databaseKind')})`, () => {
  it('25 + 25 parallel recordings of one reference on two contracts pay exactly one instalment', async () => {
    for (let round = 0; round < 2; round++) {
      const a = await approvedInstalment();
      const b = await approvedInstalment();
      const reference = ref();
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          recordBankTransfer(
            db,
            i % 2 ? staff.admin : staff.admin2,
            i % 2 ? a.disbursementId : b.disbursementId,
            // the same reference as two admins type it
            {
              reference: i % 4 < 2 ? reference : ` ${reference.toLowerCase()} `,
              paidOn: new Date(),
            },
          ),
        ),
      );
      const rejected = results.filter((r) => r.status === 'rejected').map((r) => r.reason);
      // every loser is a refusal, never a raw database error
      expect(rejected.filter((e) => !(e instanceof DisbursementError))).toEqual([]);
      expect(
        rejected.every((e) =>
          ['referenceInUse', 'alreadyPaid'].includes((e as DisbursementError).code),
        ),
      ).toBe(true);
      const paid = await db.disbursement.findMany({
        where: { id: { in: [a.disbursementId, b.disbursementId] }, status: 'PAID' },
        select: { id: true, bankReference: true },
      });
      expect(paid).toHaveLength(1);
      expect(paid[0]!.bankReference).toBe(reference);
      const loser = paid[0]!.id === a.disbursementId ? b : a;
      expect(await written(loser.disbursementId)).toEqual({
        status: 'APPROVED',
        bankReference: null,
        paidAt: null,
        paidJournals: 0,
        audits: 0,
      });
      // the winner: one journal, one audit record
      const winner = await written(paid[0]!.id);
      expect([winner.paidJournals, winner.audits]).toEqual([1, 1]);
      expect(
        (await checkLedger(db, { contractIds: [a.contract.id, b.contract.id] })).problems,
      ).toEqual([]);
    }
  });

  it('the payment form gets a field error on the reference, with nothing written', async () => {
    const a = await approvedInstalment();
    const b = await approvedInstalment();
    const reference = ref();
    const code = (id: string) =>
      db.contract.findUniqueOrThrow({ where: { id }, select: { code: true } }).then((c) => c.code);
    const [codeA, codeB] = await Promise.all([code(a.contract.id), code(b.contract.id)]);
    const record = (c: string, x: typeof a, r: string) =>
      paymentAction(db, { ...staff.admin, organizationId: '' }, c, {
        intent: 'recordTransfer',
        milestoneId: x.milestoneId,
        disbursementId: x.disbursementId,
        reference: r,
        paidOn: shanghaiDateString(new Date()),
      } as never);
    // in parallel, through the route's service (its own transaction with the notification)
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 ? record(codeA, a, reference) : record(codeB, b, reference),
      ),
    );
    const refused = results.filter((r) => !r.ok);
    expect(results.filter((r) => r.ok && r.done === 'recordTransfer')).toHaveLength(1);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(r).toMatchObject({ ok: false, field: 'reference' });
    expect(refused.some((r) => !r.ok && r.error === 'referenceInUse')).toBe(true);
    const paid = await db.disbursement.count({
      where: { id: { in: [a.disbursementId, b.disbursementId] }, status: 'PAID' },
    });
    expect(paid).toBe(1);
  });

  it('a reversed payment keeps its reference: it cannot pay another instalment', async () => {
    const a = await approvedInstalment();
    const reference = ref();
    await recordBankTransfer(db, staff.admin, a.disbursementId, { reference, paidOn: new Date() });
    await reverseDisbursement(db, staff.admin, a.disbursementId, { reason: '退汇' });
    const b = await approvedInstalment();
    const refused = recordBankTransfer(db, staff.admin, b.disbursementId, {
      reference: reference.toLowerCase(),
      paidOn: new Date(),
    });
    await expect(refused).rejects.toMatchObject({ code: 'referenceInUse' });
    expect((await written(b.disbursementId)).status).toBe('APPROVED');
  });

  it('ledger:check reports a reference recorded for two instalments', async () => {
    const a = await approvedInstalment();
    const b = await approvedInstalment();
    const reference = ref();
    await recordBankTransfer(db, staff.admin, a.disbursementId, { reference, paidOn: new Date() });
    expect(await duplicateReferences(db, [a.contract.id, b.contract.id])).toEqual([]);
    // written around the service (an import, a hand-made fix): another spelling of the same
    // reference passes the unique index, which compares bytes
    await db.$executeRaw`UPDATE "Disbursement" SET "bankReference" = ${` ${reference.toLowerCase()}`} WHERE "id" = ${b.disbursementId}`;
    const report = await checkLedger(db, { contractIds: [b.contract.id] });
    expect(report.ok).toBe(false);
    const line = report.problems.find((p) => p.startsWith('bank reference'));
    expect(line).toContain(`bank reference ${reference} is recorded for 2 instalments`);
    // and not reported for contracts it does not involve
    const other = await approvedInstalment();
    expect(await duplicateReferences(db, [other.contract.id])).toEqual([]);
    // the same spelling twice cannot even be written
    await expect(
      db.$executeRaw`UPDATE "Disbursement" SET "bankReference" = ${reference} WHERE "id" = ${other.disbursementId}`,
    ).rejects.toThrow();
    await db.$executeRaw`UPDATE "Disbursement" SET "bankReference" = NULL WHERE "id" = ${b.disbursementId}`;
  });
});
