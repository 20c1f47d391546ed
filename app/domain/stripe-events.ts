/**
 * Stripe events and what they do to a disbursement paid through the Stripe Connect rail.
 * Pure: no Stripe SDK, no database. The webhook (app/services/payments/stripe-webhook.server.ts) maps a
 * verified event with `outcomeFromStripeEvent`, and the service
 * (app/services/payments/stripe-outcomes.server.ts) applies `decideStripeOutcome` to the row it locked.
 *
 * Three events matter, each carrying our metadata (`disbursementId`, `attempt`) on its object:
 * - `transfer.created`  (data.object: the transfer)  → PAID, the transfer id as evidence
 * - `transfer.reversed` (data.object: the transfer)  → REVERSED
 * - `payout.failed`     (data.object: the payout on the team's connected account) → FAILED,
 *   retryable by the usual retry (a new attempt with a new idempotency key)
 *
 * Stripe delivers events at least once and in no guaranteed order, so the effect of a set of
 * events must not depend on their order. Precedence failed > reversed > created: an event
 * moves the disbursement only to a status of higher precedence than the one the current
 * attempt already reached, and every order of the three ends FAILED with the same ledger
 * balances (docs/decisions/011-stripe-webhooks.md). An event of an earlier attempt (one that
 * failed and was retried) changes nothing.
 */
import type { DisbursementAction, DisbursementStatus } from './disbursement';
import { oneOf } from './one-of';

export const STRIPE_OUTCOME_KINDS = [
  'transfer.created',
  'transfer.reversed',
  'payout.failed',
] as const;
export type StripeOutcomeKind = (typeof STRIPE_OUTCOME_KINDS)[number];

/** What one Stripe event says about one attempt at paying one disbursement. */
export type StripeOutcome = {
  kind: StripeOutcomeKind;
  disbursementId: string;
  attempt: number;
  /** the transfer's id (tr_…), when the event tells it */
  transferId?: string;
  /** why the payment failed or came back (payout.failed, transfer.reversed) */
  reason?: string;
};

export const REVERSED_ON_STRIPE = 'reversed on Stripe';
export const PAYOUT_FAILED_ON_STRIPE = 'payout failed on Stripe';

const MAX_REASON_LENGTH = 1000;
const ID = /^[A-Za-z0-9_-]{1,200}$/;

export const isStripeOutcomeKind = oneOf(STRIPE_OUTCOME_KINDS);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim().length > 0 ? v.trim() : undefined;

/** Stripe metadata values are strings: "3" is attempt 3; anything else is not ours. */
export function parseAttempt(value: unknown): number | null {
  const s = typeof value === 'number' ? String(value) : value;
  if (typeof s !== 'string' || !/^[1-9][0-9]{0,8}$/.test(s)) return null;
  return Number(s);
}

function ourMetadata(object: Obj): { disbursementId: string; attempt: number } | null {
  const metadata = object.metadata;
  if (!isObj(metadata)) return null;
  const id = metadata.disbursementId;
  const attempt = parseAttempt(metadata.attempt);
  if (typeof id !== 'string' || !ID.test(id) || attempt === null) return null;
  return { disbursementId: id, attempt };
}

/**
 * Why a transfer came back: the newest reversal's description (or its metadata's `description`
 * or `reason`), else the transfer's own reversal note, else "reversed on Stripe". Stripe lists
 * a transfer's reversals newest first.
 */
function reversalReason(transfer: Obj): string {
  const reversals = isObj(transfer.reversals) ? transfer.reversals.data : undefined;
  const latest = Array.isArray(reversals) && isObj(reversals[0]) ? reversals[0] : undefined;
  const metadata = latest && isObj(latest.metadata) ? latest.metadata : undefined;
  const why = text(latest?.description) ?? text(metadata?.description) ?? text(metadata?.reason);
  return (why ?? REVERSED_ON_STRIPE).slice(0, MAX_REASON_LENGTH);
}

/** The payout's failure message and code, e.g. "The bank account has been closed (account_closed)". */
function payoutFailureReason(payout: Obj): string {
  const message = text(payout.failure_message);
  const code = text(payout.failure_code);
  const why = message && code ? `${message} (${code})` : (message ?? code);
  return (why ?? PAYOUT_FAILED_ON_STRIPE).slice(0, MAX_REASON_LENGTH);
}

/**
 * The outcome a (verified) Stripe event reports, or null for an event that is not ours to act
 * on: another type, or an object without our metadata. Such events are acknowledged and ignored.
 */
export function outcomeFromStripeEvent(event: unknown): StripeOutcome | null {
  if (!isObj(event) || !isStripeOutcomeKind(event.type)) return null;
  const object = isObj(event.data) ? event.data.object : undefined;
  if (!isObj(object)) return null;
  const ours = ourMetadata(object);
  if (!ours) return null;
  const id = text(object.id);
  switch (event.type) {
    case 'transfer.created':
      // a transfer without its id is not evidence of a payment
      return id ? { kind: event.type, ...ours, transferId: id } : null;
    case 'transfer.reversed':
      return {
        kind: event.type,
        ...ours,
        ...(id ? { transferId: id } : {}),
        reason: reversalReason(object),
      };
    case 'payout.failed': {
      // the payout's `source_transfer`/`transfer` is not set on a standard payout; the transfer
      // id comes from transfer.* events or from the rail itself
      return { kind: event.type, ...ours, reason: payoutFailureReason(object) };
    }
  }
}

/** failed > reversed > created: the higher one wins, whatever the order they arrive in. */
const PRECEDENCE: Record<StripeOutcomeKind, number> = {
  'transfer.created': 1,
  'transfer.reversed': 2,
  'payout.failed': 3,
};

/** The precedence a status stands for among the outcomes of the rail (0: none reached yet). */
const REACHED: Partial<Record<DisbursementStatus, number>> = {
  APPROVED: 0,
  PAID: PRECEDENCE['transfer.created'],
  REVERSED: PRECEDENCE['transfer.reversed'],
  FAILED: PRECEDENCE['payout.failed'],
};

const EFFECT: Record<StripeOutcomeKind, { action: DisbursementAction; to: DisbursementStatus }> = {
  'transfer.created': { action: 'pay', to: 'PAID' },
  'transfer.reversed': { action: 'reverse', to: 'REVERSED' },
  'payout.failed': { action: 'fail', to: 'FAILED' },
};

export type StripeDecision =
  | { change: true; action: DisbursementAction; from: DisbursementStatus; to: DisbursementStatus }
  | {
      change: false;
      why:
        /** the event is about an earlier (failed and retried) attempt, or a later one */
        | 'otherAttempt'
        /** the current attempt already reached this outcome or one of higher precedence */
        | 'superseded'
        /** the disbursement is not waiting on the rail (e.g. REQUESTED, not yet approved) */
        | 'notInFlight';
    };

/**
 * What an outcome does to a disbursement in `current` status at `current.attempt`:
 *   APPROVED + created → PAID        APPROVED + reversed → REVERSED   APPROVED + failed → FAILED
 *   PAID + reversed → REVERSED       PAID + failed → FAILED           REVERSED + failed → FAILED
 *   FAILED + anything, REVERSED + created or reversed, PAID + created → no change
 * and no change for an event of another attempt or a disbursement not yet approved.
 */
export function decideStripeOutcome(
  current: { status: DisbursementStatus; attempt: number },
  outcome: { kind: StripeOutcomeKind; attempt: number },
): StripeDecision {
  if (outcome.attempt !== current.attempt) return { change: false, why: 'otherAttempt' };
  const reached = REACHED[current.status];
  if (reached === undefined) return { change: false, why: 'notInFlight' };
  if (PRECEDENCE[outcome.kind] <= reached) return { change: false, why: 'superseded' };
  return { change: true, from: current.status, ...EFFECT[outcome.kind] };
}
