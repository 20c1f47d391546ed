// Payment rails: how an approved disbursement's money actually leaves. The disbursement service
// (disbursements.server.ts) owns the lifecycle, the ledger and the money checks; a rail only
// starts a payment inside the approval transaction and later reports its outcome through the
// service's markPaid / markFailed / markReversed, which run inside a transaction the rail's
// caller may share (a webhook records its event id in the same transaction as the effect).
//
// The default rail records a bank transfer the bureau made outside the platform: nothing is
// sent, an admin enters the bank's reference and the transfer date. The Stripe Connect rail
// (a later addition) registers itself with registerRail() and is chosen when its keys are set.
import { assertValidDate, startOfShanghaiDay } from '~/domain/shanghai-date';
import type { Tx } from '~/lib/db.server';

export const RAIL_NAMES = ['BANK', 'STRIPE'] as const;
export type RailName = (typeof RAIL_NAMES)[number];

/** What a rail is told about a payment to start; the idempotency key is already saved. */
export type RailPayment = {
  disbursementId: string;
  contractId: string;
  teamId: string;
  amountFen: number;
  attempt: number;
  idempotencyKey: string;
};

export interface PaymentRail {
  readonly name: RailName;
  /**
   * Called inside the approval transaction, after the disbursement became APPROVED. Must not
   * call the network or wait for anything outside the database: a rail that calls out persists
   * its work here (an outbox job keyed by the idempotency key) and does it after commit.
   */
  start(tx: Tx, payment: RailPayment): Promise<void>;
}

export type BankTransferInput = { reference: string; paidOn: Date };
export type BankTransferEvidence = { reference: string; paidAt: Date };
export type BankTransferRefusal = 'reference' | 'dateInFuture' | 'dateBeforeApproval' | 'date';

const MAX_REFERENCE_LENGTH = 64;
const REFERENCE = /^[A-Z0-9][A-Z0-9._/-]*$/;

/**
 * A bank reference as it is compared and stored: NFKC (full-width ＺＢ１２ folds to ZB12),
 * spaces removed, upper case, so the same transfer typed twice is the same reference.
 */
export function normaliseBankReference(input: string): string | null {
  if (typeof input !== 'string') return null;
  const ref = input.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  return ref.length > 0 && ref.length <= MAX_REFERENCE_LENGTH && REFERENCE.test(ref) ? ref : null;
}

export class BankTransferRail implements PaymentRail {
  readonly name = 'BANK' as const;

  /** Nothing to send: the bureau transfers through its bank, and an admin records it. */
  async start(_tx: Tx, _payment: RailPayment): Promise<void> {}

  /**
   * Checks what an admin records: a reference, and a transfer date (a Shanghai calendar day)
   * neither after today nor before the day the payment was approved. The payment's time is
   * the start of that day, as every calendar date of the platform.
   */
  evidence(
    input: BankTransferInput,
    ctx: { approvedAt: Date | null; now: Date },
  ): { ok: true; evidence: BankTransferEvidence } | { ok: false; error: BankTransferRefusal } {
    const reference = normaliseBankReference(input.reference);
    if (!reference) return { ok: false, error: 'reference' };
    try {
      assertValidDate(input.paidOn, 'paidOn');
    } catch {
      return { ok: false, error: 'date' };
    }
    const paidAt = startOfShanghaiDay(input.paidOn);
    if (paidAt.getTime() > startOfShanghaiDay(ctx.now).getTime())
      return { ok: false, error: 'dateInFuture' };
    if (ctx.approvedAt && paidAt.getTime() < startOfShanghaiDay(ctx.approvedAt).getTime())
      return { ok: false, error: 'dateBeforeApproval' };
    return { ok: true, evidence: { reference, paidAt } };
  }
}

export const bankTransferRail = new BankTransferRail();

const rails = new Map<RailName, PaymentRail>([['BANK', bankTransferRail]]);

/** Makes a rail available (the Stripe rail calls this when its module loads). */
export function registerRail(rail: PaymentRail): void {
  rails.set(rail.name, rail);
}

/** The rail a disbursement row names; an unknown one is a bug, not a user error. */
export function railFor(name: string): PaymentRail {
  const rail = rails.get(name as RailName);
  if (!rail) throw new Error(`no payment rail ${name} is available`);
  return rail;
}

/**
 * The rail new requests use: Stripe when both its keys are set and its rail is registered,
 * otherwise the recorded bank transfer.
 */
export function defaultRail(env: NodeJS.ProcessEnv = process.env): PaymentRail {
  const stripe = rails.get('STRIPE');
  if (stripe && env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET) return stripe;
  return bankTransferRail;
}
