// Setup shared by the disbursements test files. Each file calls setUpPaymentParties() once at its top: the
// integration suite runs its files in one module graph (vitest.config.ts, isolate: false), so
// the hook is registered by the call, in that file, and every file gets its own fixtures.
import { beforeAll, expect } from 'vitest';
import { OverpaymentError } from '~/domain/disbursement';
import { db } from '~/lib/db.server';
import { recordBankTransfer } from '~/services/payments/disbursement-outcomes.server';
import { approveDisbursement, requestDisbursement } from '~/services/payments/disbursements.server';
import { DisbursementError } from '~/services/payments/refusals';
import {
  makeContractParties,
  makePayableContract,
  makePaymentStaff,
  type MilestoneSpec,
} from './factories';

export const N = 50;
export let staff: Awaited<ReturnType<typeof makePaymentStaff>>;
export let parties: Awaited<ReturnType<typeof makeContractParties>>;
/** The contracts the calling test file made with contract(), for its ledger checks. */
export const contractIds: string[] = [];

/** Registers the hook that makes the payment staff and contract parties for the calling test file. */
export function setUpPaymentParties() {
  beforeAll(async () => {
    // the db project runs files one after another in a worker without isolating modules
    // (vitest.config.ts): another file's contracts, which may be left unbalanced on purpose,
    // are not this file's to check
    contractIds.length = 0;
    staff = await makePaymentStaff(db);
    parties = await makeContractParties(db);
  });
}

export async function contract(rewardFen: number, milestones: MilestoneSpec[], status?: string) {
  const c = await makePayableContract(db, { rewardFen, milestones, status, parties });
  contractIds.push(c.id);
  return c;
}

export const transfer = (reference: string) => ({ reference, paidOn: new Date() });

/** Request, approve and pay one milestone the usual way. */
export async function pay(milestoneId: string, reference: string) {
  const d = await requestDisbursement(db, staff.reviewer, milestoneId);
  await approveDisbursement(db, staff.admin, d.id);
  return (await recordBankTransfer(db, staff.admin, d.id, transfer(reference))).disbursement;
}

export const ref = () => `ZB${Date.now()}${Math.floor(Math.random() * 1e6)}`;

export async function expectCode(promise: Promise<unknown>, code: DisbursementError['code']) {
  await expect(promise).rejects.toBeInstanceOf(DisbursementError);
  await promise.catch((e: DisbursementError) => expect(e.code).toBe(code));
}

/** Every parallel call either succeeded or was refused: none timed out or hit a raw error. */
export function settle<T>(results: PromiseSettledResult<T>[]) {
  const fulfilled = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
  const reasons = results.filter((r) => r.status === 'rejected').map((r) => r.reason as unknown);
  for (const reason of reasons) expect(reason).toBeInstanceOf(Error);
  const unexpected = reasons.filter(
    (r) => !(r instanceof DisbursementError || r instanceof OverpaymentError),
  );
  expect(unexpected).toEqual([]);
  return { fulfilled, reasons: reasons as (DisbursementError | OverpaymentError)[] };
}

export const journalCount = (disbursementId: string, suffix: string) =>
  db.ledgerEntry
    .groupBy({
      by: ['journalId'],
      where: { disbursementId, journalId: { endsWith: suffix } },
    })
    .then((g) => g.length);
