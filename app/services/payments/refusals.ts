// The refusals of the payment service: the kernel's Refused (docs/decisions/019-service-kernel.md)
// under the payments' namespace, so that a refusal's key is the message the payment forms show.
// Pure: no I/O here.
import { FourEyesError } from '~/domain/award';
import { OverpaymentError } from '~/domain/disbursement';
import type { BankTransferRefusal } from '~/lib/payment-rail.server';
import { Refused } from '~/services/kernel/refusal';

/** The translation namespace of every payment refusal (`payments.errors.*`). */
export const PAYMENT_ERRORS = 'payments.errors';

export type DisbursementErrorCode =
  /** no such milestone or disbursement */
  | 'notFound'
  /** the actor's role may not do this */
  | 'forbidden'
  /** the milestone is not accepted and confirmed by the bureau */
  | 'notPayable'
  /** the contract was terminated: no new requests or approvals */
  | 'contractTerminated'
  /** the instalment already has its disbursement (see `disbursementId`) */
  | 'alreadyRequested'
  /** not possible from the disbursement's current status (e.g. it was decided meanwhile) */
  | 'wrongStatus'
  /** the disbursement is paid through another rail */
  | 'wrongRail'
  /** already paid, under another reference */
  | 'alreadyPaid'
  /** the bank reference is recorded for another disbursement */
  | 'referenceInUse'
  /** the bank reference or the transfer date is not acceptable (see `detail`) */
  | 'invalidEvidence'
  /** a failure or a reversal needs a reason */
  | 'reasonRequired'
  /** the failed attempt's Stripe transfer is still being taken back from the team's account */
  | 'reversalPending';

/** The fields of the payment forms a refusal can point at. */
export type PaymentField = 'reference' | 'paidOn' | 'reason';

// the form field each refusal concerns, so that the message shows beside it
const FIELD_OF: Partial<Record<DisbursementErrorCode, PaymentField>> = {
  referenceInUse: 'reference',
  alreadyPaid: 'reference',
  reasonRequired: 'reason',
};

/**
 * The disbursement service's refusal. Thrown anywhere inside its command, it rolls the whole
 * transaction back (the kernel never commits a refused command), including a refusal decided by
 * a write the database refused, which on PostgreSQL has aborted the transaction anyway.
 */
export class DisbursementError extends Refused<DisbursementErrorCode> {
  /** the disbursement the refusal is about, when it is another than the one acted on */
  readonly disbursementId?: string;

  constructor(
    code: DisbursementErrorCode,
    opts: { detail?: string; disbursementId?: string; key?: string; field?: PaymentField } = {},
  ) {
    super(code, { detail: opts.detail, key: opts.key, field: opts.field ?? FIELD_OF[code] });
    this.name = 'DisbursementError';
    this.disbursementId = opts.disbursementId;
  }
}

/**
 * The team has no linked Stripe account (the Stripe rail's start, stripe-rail.server.ts): the
 * approval rolls back, so that the instalment stays REQUESTED until the team links its account
 * (/account/payments). The rail's refusal rather than the disbursement service's.
 */
export class StripeAccountMissingError extends Error {
  readonly code = 'stripeAccountMissing' as const;
  readonly teamId: string;

  constructor(teamId: string) {
    super('stripe rail: the team has no linked Stripe account');
    this.name = 'StripeAccountMissingError';
    this.teamId = teamId;
  }
}

/** Errors that are a decision, not a fault: what an edge of the service turns into a message. */
export function isDisbursementRefusal(
  error: unknown,
): error is DisbursementError | FourEyesError | OverpaymentError {
  return (
    error instanceof DisbursementError ||
    error instanceof FourEyesError ||
    error instanceof OverpaymentError
  );
}

/** The codes of the payment forms' refusals: each names its message, `payments.errors.<code>`. */
export type PaymentRefusalCode =
  DisbursementErrorCode | BankTransferRefusal | 'fourEyes' | 'overpayment' | 'stripeAccountMissing';

/**
 * The refusal an edge of the service (the contract page's payment forms) answers with, or null
 * for a fault: the service's own, the domain's (four-eyes, the reward limit) and the rail's (no
 * Stripe account). A bank transfer's evidence is refused under the name of what is wrong with
 * it, the message's own code.
 */
export function asPaymentRefusal(error: unknown): Refused<PaymentRefusalCode> | null {
  if (error instanceof DisbursementError) {
    const evidence =
      error.code === 'invalidEvidence' ? (error.detail as BankTransferRefusal) : null;
    return evidence ? new Refused(evidence, { key: error.key, field: error.field }) : error;
  }
  if (error instanceof FourEyesError) return new Refused('fourEyes');
  if (error instanceof OverpaymentError) return new Refused('overpayment');
  if (error instanceof StripeAccountMissingError) return new Refused('stripeAccountMissing');
  return null;
}
