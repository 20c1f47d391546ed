// 榜额到位 on the Stripe rail (docs/decisions/032-funding-secured.md): a payer's share is held as
// a PaymentIntent with manual capture, authorised and not captured.
//
// - verifyHold() reads the PaymentIntent through the SDK, outside any transaction, before the
//   confirmation's command: it is accepted only as `requires_capture`, in CNY, for exactly the
//   share in fen (app/domain/funding.ts, checkHold).
// - Releasing a held confirmation queues an outbox job (HOLD_CANCEL_JOB) in the releasing
//   transaction; after commit the outbox worker cancels the PaymentIntent
//   (paymentIntents.cancel, with the job's key), an already canceled one counting as done. The
//   handler is registered with the Stripe rail's (payments/stripe-rail.server.ts).
import Stripe from 'stripe';
import { checkHold, type HoldRefusal } from '~/domain/funding';
import {
  enqueue,
  requestOutboxRun,
  type ClaimedJob,
  type ErrorDecision,
  type OutboxHandler,
} from '~/lib/outbox.server';
import type { Tx } from '~/lib/db.server';
import {
  classifyStripeError,
  describeStripeError,
  stripe,
  stripeStatusOf,
} from '~/lib/stripe/client.server';

export const HOLD_CANCEL_JOB = 'funding.hold.cancel';

/** The outbox job's key (and the Idempotency-Key of the cancel call): one per confirmation. */
export const holdCancelKey = (confirmationId: string) =>
  `jiebang-funding-hold-cancel:${confirmationId}`;

export type HoldCancelPayload = {
  confirmationId: string;
  challengeId: string;
  paymentIntentId: string;
};

export type HoldCheck =
  { ok: true } | { ok: false; reason: HoldRefusal | 'holdNotFound' | 'stripeUnavailable' };

const isStripeError = (error: unknown) => error instanceof Stripe.errors.StripeError;

const isMissing = (error: unknown) =>
  stripeStatusOf(error) === 404 || (error as { code?: unknown }).code === 'resource_missing';

/**
 * Whether PaymentIntent `id` holds `amountFen` for the bureau, asked of Stripe. Never inside a
 * transaction. A Stripe that does not answer (or answers anything but the PaymentIntent or
 * "no such PaymentIntent") is `stripeUnavailable`; an error that is not Stripe's is thrown.
 */
export async function verifyHold(id: string, amountFen: number): Promise<HoldCheck> {
  let pi: Stripe.PaymentIntent;
  try {
    pi = await stripe().paymentIntents.retrieve(id);
  } catch (error) {
    if (!isStripeError(error)) throw error;
    if (isMissing(error)) return { ok: false, reason: 'holdNotFound' };
    return { ok: false, reason: 'stripeUnavailable' };
  }
  const refused = checkHold(pi, amountFen);
  return refused ? { ok: false, reason: refused } : { ok: true };
}

/** Queues the cancellation of a released hold, in the releasing transaction. */
export async function enqueueHoldCancel(tx: Tx, p: HoldCancelPayload): Promise<void> {
  await enqueue(tx, {
    kind: HOLD_CANCEL_JOB,
    idempotencyKey: holdCancelKey(p.confirmationId),
    payload: p,
  });
  requestOutboxRun();
}

// as the Stripe rail's jobs: Stripe forgets an idempotency key after 24 hours
const RETRY_WINDOW_MS = 23 * 60 * 60 * 1000;

/** Stripe's answer to cancelling a PaymentIntent that is canceled already. */
function alreadyCanceled(error: unknown): boolean {
  const e = error as { code?: unknown; payment_intent?: { status?: unknown } } | null;
  return e?.code === 'payment_intent_unexpected_state' && e.payment_intent?.status === 'canceled';
}

export const holdCancelHandler: OutboxHandler<HoldCancelPayload> = {
  retryWindowMs: RETRY_WINDOW_MS,

  async run(job: ClaimedJob<HoldCancelPayload>) {
    const p = job.payload;
    try {
      const pi = await stripe().paymentIntents.cancel(
        p.paymentIntentId,
        { cancellation_reason: 'abandoned' },
        { idempotencyKey: job.idempotencyKey },
      );
      return { note: `hold ${pi.id} ${pi.status}` };
    } catch (error) {
      if (alreadyCanceled(error)) return { note: `hold ${p.paymentIntentId} was canceled already` };
      throw error;
    }
  },

  /**
   * Connection errors, 409, 429 and 5xx are retried with the same key; any other refusal (no
   * such PaymentIntent, captured meanwhile) is FAILED for an operator.
   */
  classify(error: unknown): ErrorDecision {
    return classifyStripeError(error) === 'retry' ? 'retry' : 'fail';
  },

  describe: describeStripeError,
};
