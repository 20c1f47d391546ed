// Stripe deliveries for the webhook tests: events shaped as Stripe sends them (transfer.created,
// transfer.reversed, payout.failed with our metadata), signed with the SDK's own test helper,
// and approved disbursements on the Stripe rail to receive them.
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '~/lib/db.server';
import { registerRail } from '~/lib/payment-rail.server';
import type { Actor as Staff } from '~/services/kernel/actor';
import { approveDisbursement, requestDisbursement } from '~/services/payments/disbursements.server';
import { stripeConnectRail } from '~/services/payments/stripe-rail.server';
import { TEST_ORIGIN } from '../route-call';

export const WEBHOOK_SECRET = `whsec_test_${randomBytes(12).toString('hex')}`;
export const WEBHOOK_PATH = '/webhooks/stripe';

/**
 * A Stripe rail that starts nothing: the tests play Stripe's part by delivering events.
 * Registered over the real rail for the calling test file only: the suite's files share one
 * module graph (vitest.config.ts), so the real rail is put back after them, or a later file's
 * approvals would enqueue no transfer.
 */
export function setUpSilentStripeRail() {
  beforeAll(() => registerRail({ name: 'STRIPE', start: async () => {} }));
  afterAll(() => registerRail(stripeConnectRail));
}

/**
 * A disbursement of `milestoneId` on the Stripe rail, approved (four-eyes: the reviewer
 * requests, the admin approves). Requests go to the default rail, so the rail is switched
 * while the request waits for approval, as a request made with the Stripe keys set would be.
 */
export async function approvedStripeDisbursement(
  db: Db,
  staff: { reviewer: Staff; admin: Staff },
  milestoneId: string,
) {
  const requested = await requestDisbursement(db, staff.reviewer, milestoneId);
  await db.disbursement.update({ where: { id: requested.id }, data: { rail: 'STRIPE' } });
  return approveDisbursement(db, staff.admin, requested.id);
}

const evtId = () => `evt_test_${randomBytes(10).toString('hex')}`;
export const transferId = () => `tr_test_${randomBytes(8).toString('hex')}`;

type Target = { disbursementId: string; attempt: number };

const ourMetadata = (t: Target) => ({
  disbursementId: t.disbursementId,
  attempt: String(t.attempt),
});

function event(type: string, object: Record<string, unknown>, id = evtId()) {
  return {
    id,
    object: 'event',
    api_version: '2025-01-27.acacia',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

function transfer(t: Target & { transferId: string; amountFen: number; reversed?: boolean }) {
  return {
    id: t.transferId,
    object: 'transfer',
    amount: t.amountFen,
    amount_reversed: t.reversed ? t.amountFen : 0,
    currency: 'cny',
    destination: 'acct_test_team',
    metadata: ourMetadata(t),
    reversed: Boolean(t.reversed),
    reversals: {
      object: 'list',
      data: t.reversed
        ? [{ id: 'trr_test_1', object: 'transfer_reversal', amount: t.amountFen, metadata: {} }]
        : [],
      has_more: false,
      url: `/v1/transfers/${t.transferId}/reversals`,
    },
    transfer_group: `jiebang-${t.disbursementId}`,
  };
}

export const transferCreated = (t: Target & { transferId: string; amountFen: number }) =>
  event('transfer.created', transfer(t));

export const transferReversed = (t: Target & { transferId: string; amountFen: number }) =>
  event('transfer.reversed', transfer({ ...t, reversed: true }));

export const PAYOUT_FAILURE = {
  failure_code: 'account_closed',
  failure_message: 'The bank account has been closed.',
};
export const PAYOUT_FAILURE_REASON = 'The bank account has been closed. (account_closed)';

export const payoutFailed = (t: Target & { amountFen: number }) =>
  event('payout.failed', {
    id: `po_test_${randomBytes(8).toString('hex')}`,
    object: 'payout',
    amount: t.amountFen,
    currency: 'cny',
    status: 'failed',
    metadata: ourMetadata(t),
    ...PAYOUT_FAILURE,
  });

/** A delivery as Stripe makes it: POST, raw JSON body, Stripe-Signature; no Origin, no cookie. */
export function delivery(
  payload: unknown,
  opts: { secret?: string; timestamp?: number; signature?: string | null; body?: string } = {},
) {
  const body = opts.body ?? JSON.stringify(payload, null, 2);
  const signature =
    opts.signature !== undefined
      ? opts.signature
      : Stripe.webhooks.generateTestHeaderString({
          payload: body,
          secret: opts.secret ?? WEBHOOK_SECRET,
          timestamp: opts.timestamp,
        });
  const headers = new Headers({
    'Content-Type': 'application/json; charset=utf-8',
    'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
  });
  if (signature !== null) headers.set('Stripe-Signature', signature);
  return new Request(`${TEST_ORIGIN}${WEBHOOK_PATH}`, { method: 'POST', headers, body });
}
