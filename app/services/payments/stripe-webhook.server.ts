// The Stripe webhook: verifies a delivery, records its event id and applies its effect in one
// transaction (docs/decisions/011-stripe-webhooks.md).
//
// - The signature is checked over the RAW body, byte for byte as Stripe sent it, with the SDK
//   (HMAC-SHA256 of "<t>.<body>" under STRIPE_WEBHOOK_SECRET). No network: the static
//   Stripe.webhooks helper needs no client or API key.
// - The timestamp window is symmetric: the SDK refuses a `t` older than 300 s; a `t` more than
//   300 s ahead is refused here, so a captured delivery cannot be held back and replayed later
//   than the window either way.
// - The event id is inserted first in the transaction that applies the effect (ON CONFLICT DO
//   NOTHING: a concurrent copy waits for the first to commit and then finds it), so an event
//   has its effect once, or not at all and Stripe delivers it again.
import Stripe from 'stripe';
import { outcomeFromStripeEvent } from '~/domain/stripe-events';
import { isUniqueViolation, type Db, type Tx } from '~/lib/db.server';
import { command } from '~/services/kernel/command.server';
import { isDisbursementRefusal, PAYMENT_ERRORS } from '~/services/payments/refusals';
import { applyStripeOutcome } from '~/services/payments/stripe-outcomes.server';

/** Seconds a signature's timestamp may be away from now, in the past or in the future. */
export const WEBHOOK_TOLERANCE_S = 300;

export type WebhookResult = { status: number; body: string };

const MAX_EVENT_ID_LENGTH = 255;

const reply = (status: number, body: string): WebhookResult => ({ status, body });

/**
 * The signature header's timestamp, read the way the SDK reads it (the last `t=` item), or
 * null when there is none or it is not an integer.
 */
export function signatureTimestamp(header: string): number | null {
  let t: string | undefined;
  for (const item of header.split(',')) {
    const [key, value] = item.split('=');
    if (key === 't') t = value;
  }
  return t !== undefined && /^\d{1,12}$/.test(t) ? Number(t) : null;
}

/** Why a delivery's signature is refused, or the event it carries. */
export function verifyDelivery(input: {
  rawBody: string;
  signature: string | null;
  secret: string;
  now: Date;
}): { ok: true; event: Stripe.Event } | { ok: false; reason: string } {
  const { rawBody, signature, secret, now } = input;
  if (!signature) return { ok: false, reason: 'missing Stripe-Signature header' };
  const t = signatureTimestamp(signature);
  if (t === null) return { ok: false, reason: 'no timestamp in Stripe-Signature' };
  const nowS = Math.floor(now.getTime() / 1000);
  if (t - nowS > WEBHOOK_TOLERANCE_S) return { ok: false, reason: 'timestamp in the future' };
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(
      rawBody,
      signature,
      secret,
      WEBHOOK_TOLERANCE_S,
      undefined,
      now.getTime(),
    );
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      return {
        ok: false,
        reason: /tolerance/i.test(error.message) ? 'timestamp too old' : 'bad signature',
      };
    }
    // signed, but not JSON
    return { ok: false, reason: 'invalid payload' };
  }
  const e = event as unknown as { id?: unknown; type?: unknown };
  if (typeof e.id !== 'string' || e.id.length === 0 || e.id.length > MAX_EVENT_ID_LENGTH)
    return { ok: false, reason: 'event without an id' };
  if (typeof e.type !== 'string') return { ok: false, reason: 'event without a type' };
  return { ok: true, event };
}

/** Inserts the event id unless it is there; false when it was (a duplicate delivery). */
async function recordEvent(tx: Tx, id: string, type: string, at: Date): Promise<boolean> {
  // Raw, for ON CONFLICT DO NOTHING on both engines: no error, so nothing to roll back, and on
  // PostgreSQL a concurrent insert of the same id waits for the first to commit.
  const n = await tx.$executeRaw`INSERT INTO "StripeEvent" ("id", "type", "receivedAt")
    VALUES (${id}, ${type.slice(0, 100)}, ${at}) ON CONFLICT ("id") DO NOTHING`;
  return n === 1;
}

/**
 * Handles one delivery: 400 on any signature or timestamp problem (nothing is written), 503
 * when no webhook secret is configured, 200 otherwise (`ok`, `duplicate`, or `ignored …` for an
 * event that is not ours or that the disbursement refuses; those are recorded and acknowledged,
 * since Stripe delivering them again would not change the answer).
 */
export async function handleStripeWebhook(
  db: Db,
  input: { rawBody: string; signature: string | null; secret?: string; now?: Date },
): Promise<WebhookResult> {
  const now = input.now ?? new Date();
  // an unsigned request is refused whatever the configuration
  if (!input.signature) return reply(400, 'missing Stripe-Signature header');
  if (!input.secret) return reply(503, 'Stripe webhook not configured');
  const verified = verifyDelivery({
    rawBody: input.rawBody,
    signature: input.signature,
    secret: input.secret,
    now,
  });
  if (!verified.ok) return reply(400, verified.reason);
  const event = verified.event;
  const outcome = outcomeFromStripeEvent(event);
  try {
    // one kernel command: the event's record and its effect commit together, the team's mail
    // after the commit; the outcome's operations join it
    const result = await command(db, { errors: PAYMENT_ERRORS }, async (ctx) => {
      if (!(await recordEvent(ctx.tx, event.id, event.type, now))) return reply(200, 'duplicate');
      if (!outcome) return reply(200, 'ignored');
      try {
        const applied = await applyStripeOutcome(ctx.tx, outcome, { now });
        ctx.deliverAfterCommit(applied.mailIds);
        return reply(200, applied.changed ? `ok: ${applied.status}` : `ok: unchanged`);
      } catch (error) {
        // A refusal is decided before the outcome writes anything: the event is kept and
        // acknowledged (delivering it again would not change the answer), so this command
        // commits rather than rolling back.
        if (isDisbursementRefusal(error)) return reply(200, `ignored: ${error.code}`);
        throw error;
      }
    });
    // every refusal was answered inside; any other would be a fault
    if (!result.ok) throw new Error(`stripe webhook: unexpected refusal ${result.error}`);
    return reply(result.status, result.body);
  } catch (error) {
    // the second line: a unique violation from a concurrent copy that committed first
    if (isUniqueViolation(error)) return reply(200, 'duplicate');
    throw error;
  }
}
