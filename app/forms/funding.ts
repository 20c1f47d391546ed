// 榜额到位: the reviewer's confirmation of one payer's share of a fixed bounty, on the need's
// vetting page (review.needs.$id). A bank receipt comes with the receipt (a file, `receipt`,
// checked by the attachments service) and the bank's reference; a funds hold on the Stripe rail
// with the hold's PaymentIntent id. The amount is never typed: it is the programme rule's share
// (app/domain/funding.ts). Messages are translation keys.
import { z } from 'zod';
import { FUNDING_METHODS, FUNDING_PAYERS } from '~/domain/funding';
import { cleanString, required } from './common';

export const FUNDING_INTENT = 'confirmFunding';
export const FUNDING_REFERENCE_MAX_LENGTH = 64;
/** Stripe's ids are well under this. */
export const PAYMENT_INTENT_MAX_LENGTH = 100;
const PAYMENT_INTENT_ID = /^pi_[A-Za-z0-9_]+$/;

export const fundingConfirmSchema = z
  .object({
    intent: z.literal(FUNDING_INTENT),
    payer: z.enum(FUNDING_PAYERS, required),
    method: z.enum(FUNDING_METHODS, required),
    bankReference: cleanString(FUNDING_REFERENCE_MAX_LENGTH).optional(),
    stripePaymentIntentId: cleanString(PAYMENT_INTENT_MAX_LENGTH).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.method === 'BANK_RECEIPT' && !v.bankReference)
      ctx.addIssue({ code: 'custom', path: ['bankReference'], message: 'validation.required' });
    if (v.method === 'STRIPE_HOLD') {
      if (!v.stripePaymentIntentId)
        ctx.addIssue({
          code: 'custom',
          path: ['stripePaymentIntentId'],
          message: 'validation.required',
        });
      else if (!PAYMENT_INTENT_ID.test(v.stripePaymentIntentId))
        ctx.addIssue({
          code: 'custom',
          path: ['stripePaymentIntentId'],
          message: 'funding.errors.paymentIntent',
        });
    }
  });

export type FundingConfirmInput = z.output<typeof fundingConfirmSchema>;
