// The payment forms of the contract page (workspace.contracts.$code): a reviewer requests (or
// requests again) a milestone's instalment; an admin approves it, records the bank transfer,
// records a failed payment or reverses a paid one. Messages are translation keys. The rules
// that need the records (four-eyes, the transfer date against the approval, the reward limit)
// are the disbursement service's; its refusals come back as messages on the same fields.
import { z } from 'zod';
import { oneOf } from '~/domain/one-of';
import { parseShanghaiDate } from '~/domain/shanghai-date';
import { cleanString, required, text } from './common';

export const PAYMENT_INTENTS = [
  'requestPayment',
  'retryPayment',
  'approvePayment',
  'recordTransfer',
  'failPayment',
  'reversePayment',
] as const;
export type PaymentIntent = (typeof PAYMENT_INTENTS)[number];

export const isPaymentIntent = oneOf(PAYMENT_INTENTS);

export const PAYMENT_REASON_MAX_LENGTH = 1000;
export const BANK_REFERENCE_MAX_LENGTH = 64;

// every payment form names its milestone (the instalment), so that its answer finds its form
const milestoneId = text(64);
const disbursementId = text(64);

export const requestPaymentSchema = z.object({
  intent: z.literal('requestPayment'),
  milestoneId,
});

export const retryPaymentSchema = z.object({
  intent: z.literal('retryPayment'),
  milestoneId,
  disbursementId,
});

export const approvePaymentSchema = z.object({
  intent: z.literal('approvePayment'),
  milestoneId,
  disbursementId,
});

export const recordTransferSchema = z.object({
  intent: z.literal('recordTransfer'),
  milestoneId,
  disbursementId,
  reference: cleanString(BANK_REFERENCE_MAX_LENGTH, 'payments.errors.reference').min(1, {
    error: 'validation.required',
  }),
  paidOn: z
    .string(required)
    .trim()
    .min(1, { error: 'validation.required' })
    .refine((value) => parseShanghaiDate(value) !== null, { error: 'payments.errors.date' }),
});

export const failPaymentSchema = z.object({
  intent: z.literal('failPayment'),
  milestoneId,
  disbursementId,
  reason: text(PAYMENT_REASON_MAX_LENGTH),
});

export const reversePaymentSchema = z.object({
  intent: z.literal('reversePayment'),
  milestoneId,
  disbursementId,
  reason: text(PAYMENT_REASON_MAX_LENGTH),
});

/** Every payment form of the contract page, told apart by `intent`. */
export const paymentActionSchema = z.discriminatedUnion(
  'intent',
  [
    requestPaymentSchema,
    retryPaymentSchema,
    approvePaymentSchema,
    recordTransferSchema,
    failPaymentSchema,
    reversePaymentSchema,
  ],
  { error: 'validation.invalid' },
);

export type PaymentActionInput = z.infer<typeof paymentActionSchema>;
