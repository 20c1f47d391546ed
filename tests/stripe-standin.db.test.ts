// The Stripe stand-in (tests/stripe-standin.ts) keeps Stripe's idempotency rules, checked with
// the real SDK as its client, configured the way the app configures it (stripe.server.ts): the
// other Stripe tests are only as good as the stand-in's faithfulness. (No database is used; the
// file sits with the integration tests because the Stripe tests live there.)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyStripeError, createStripe, parseApiBase } from '~/lib/stripe/client.server';
import { startStandIn, transfersByKey, type StandIn } from './stripe-standin';

let standIn: StandIn;
let client: Stripe;
const dir = mkdtempSync(path.join(os.tmpdir(), 'jiebang-standin-'));

const clientFor = (url: string, timeoutMs = 2_000) =>
  createStripe({
    STRIPE_SECRET_KEY: 'sk_test_standin',
    STRIPE_API_BASE: url,
    STRIPE_TIMEOUT_MS: String(timeoutMs),
  });

beforeAll(async () => {
  standIn = await startStandIn();
  client = clientFor(standIn.url);
});
afterAll(async () => {
  await standIn.close();
  rmSync(dir, { recursive: true, force: true });
});

const headerOf = (o: { lastResponse: { headers: Record<string, string> } }, name: string) =>
  o.lastResponse.headers[name];

async function account() {
  return client.accounts.create({
    type: 'express',
    capabilities: { transfers: { requested: true } },
  });
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a Stripe error');
    },
    (e: Stripe.errors.StripeError) => e,
  );

describe('the Stripe stand-in', () => {
  it('maps STRIPE_API_BASE onto the SDK options', () => {
    expect(parseApiBase('http://127.0.0.1:12111')).toEqual({
      protocol: 'http',
      host: '127.0.0.1',
      port: 12111,
    });
    expect(parseApiBase('https://stripe.internal')).toEqual({
      protocol: 'https',
      host: 'stripe.internal',
      port: 443,
    });
    expect(parseApiBase('http://[::1]:8080')).toMatchObject({ host: '::1', port: 8080 });
    expect(() => parseApiBase('127.0.0.1:12111')).toThrow(/STRIPE_API_BASE/);
    expect(() => parseApiBase('http://127.0.0.1:1/v1')).toThrow(/origin only/);
  });

  it('replays the same key with the same parameters: same object, Idempotent-Replayed', async () => {
    const acct = await account();
    const params = {
      amount: 1234,
      currency: 'cny',
      destination: acct.id,
      transfer_group: 'disbursement_x',
      metadata: { disbursementId: 'x', attempt: '1' },
    };
    const first = await client.transfers.create(params, { idempotencyKey: 'replay-1' });
    // the same parameters in another order are the same parameters
    const again = await client.transfers.create(
      {
        metadata: { attempt: '1', disbursementId: 'x' },
        transfer_group: 'disbursement_x',
        destination: acct.id,
        currency: 'cny',
        amount: 1234,
      },
      { idempotencyKey: 'replay-1' },
    );
    expect(again.id).toBe(first.id);
    expect(headerOf(first, 'idempotent-replayed')).toBeUndefined();
    expect(headerOf(again, 'idempotent-replayed')).toBe('true');
    expect(transfersByKey(standIn.state).get('replay-1')).toHaveLength(1);
    expect(first).toMatchObject({ amount: 1234, currency: 'cny', destination: acct.id });
  });

  it('refuses the same key with other parameters (400 idempotency_error), on any endpoint', async () => {
    const acct = await account();
    await client.transfers.create(
      { amount: 100, currency: 'cny', destination: acct.id },
      { idempotencyKey: 'mismatch-1' },
    );
    const other = await failure(
      client.transfers.create(
        { amount: 101, currency: 'cny', destination: acct.id },
        { idempotencyKey: 'mismatch-1' },
      ),
    );
    expect(other).toMatchObject({ type: 'StripeIdempotencyError', statusCode: 400 });
    expect(classifyStripeError(other)).toBe('conflict');
    const elsewhere = await failure(
      client.accounts.create({ type: 'express' }, { idempotencyKey: 'mismatch-1' }),
    );
    expect(elsewhere).toMatchObject({ statusCode: 400, rawType: 'idempotency_error' });
    expect(transfersByKey(standIn.state).get('mismatch-1')).toHaveLength(1);
  });

  it('answers 409 to a request whose key is still in progress, and runs it once', async () => {
    const acct = await account();
    standIn.setFaults([{ path: '/v1/transfers', delayMs: 400, times: 1 }]);
    const params = { amount: 500, currency: 'cny', destination: acct.id };
    const slow = client.transfers.create(params, { idempotencyKey: 'busy-1' });
    await new Promise((r) => setTimeout(r, 100));
    const busy = await failure(client.transfers.create(params, { idempotencyKey: 'busy-1' }));
    expect(busy.statusCode).toBe(409);
    expect(classifyStripeError(busy)).toBe('retry');
    const done = await slow;
    const later = await client.transfers.create(params, { idempotencyKey: 'busy-1' });
    expect(later.id).toBe(done.id);
    expect(transfersByKey(standIn.state).get('busy-1')).toHaveLength(1);
    standIn.setFaults([]);
  });

  it('scopes keys per connected account (Stripe-Account)', async () => {
    const [a, b] = [await account(), await account()];
    for (const acct of [a, b])
      await client.transfers.create(
        { amount: 300, currency: 'cny', destination: acct.id },
        { idempotencyKey: `fund-${acct.id}` },
      );
    const onA = await client.payouts.create(
      { amount: 100, currency: 'cny' },
      { stripeAccount: a.id, idempotencyKey: 'payout-1' },
    );
    const onB = await client.payouts.create(
      { amount: 100, currency: 'cny' },
      { stripeAccount: b.id, idempotencyKey: 'payout-1' },
    );
    expect(onB.id).not.toBe(onA.id);
    const replay = await client.payouts.create(
      { amount: 100, currency: 'cny' },
      { stripeAccount: a.id, idempotencyKey: 'payout-1' },
    );
    expect(replay.id).toBe(onA.id);
    expect(headerOf(replay, 'idempotent-replayed')).toBe('true');
    // a payout needs the account's balance
    const broke = await failure(
      client.payouts.create(
        { amount: 10_000, currency: 'cny' },
        { stripeAccount: a.id, idempotencyKey: 'payout-2' },
      ),
    );
    expect(broke).toMatchObject({ statusCode: 400, code: 'balance_insufficient' });
  });

  it('saves a refusal made during execution (400) and replays it; a 5xx before execution is not saved', async () => {
    const poor = await startStandIn({ platformBalance: 1_000 });
    const c = clientFor(poor.url);
    try {
      const acct = await c.accounts.create({ type: 'express' });
      const params = { amount: 5_000, currency: 'cny', destination: acct.id };
      const refused = await failure(c.transfers.create(params, { idempotencyKey: 'poor-1' }));
      expect(refused).toMatchObject({ statusCode: 400, code: 'balance_insufficient' });
      expect(classifyStripeError(refused)).toBe('refused');
      const replayed = await failure(c.transfers.create(params, { idempotencyKey: 'poor-1' }));
      expect(replayed).toMatchObject({ statusCode: 400, code: 'balance_insufficient' });
      expect(replayed.headers?.['idempotent-replayed']).toBe('true');

      poor.setFaults([{ path: '/v1/transfers', status: 503, times: 1 }]);
      const small = { amount: 500, currency: 'cny', destination: acct.id };
      const down = await failure(c.transfers.create(small, { idempotencyKey: 'poor-2' }));
      expect(down.statusCode).toBe(503);
      expect(classifyStripeError(down)).toBe('retry');
      const ok = await c.transfers.create(small, { idempotencyKey: 'poor-2' });
      expect(ok.amount).toBe(500);
      expect(poor.state.transfers).toHaveLength(1);
    } finally {
      await poor.close();
    }
  });

  it('lets a client time out after the transfer was made; the retry with the key gets it', async () => {
    const acct = await account();
    const impatient = clientFor(standIn.url, 200);
    standIn.setFaults([{ path: '/v1/transfers', delayMs: 500, times: 1 }]);
    const params = { amount: 700, currency: 'cny', destination: acct.id };
    const timedOut = await failure(
      impatient.transfers.create(params, { idempotencyKey: 'late-1' }),
    );
    expect(timedOut.type).toBe('StripeConnectionError');
    expect(classifyStripeError(timedOut)).toBe('retry');
    expect(transfersByKey(standIn.state).get('late-1')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 500));
    const retried = await impatient.transfers.create(params, { idempotencyKey: 'late-1' });
    expect(retried.id).toBe(transfersByKey(standIn.state).get('late-1')![0]!.id);
    expect(transfersByKey(standIn.state).get('late-1')).toHaveLength(1);

    // a dropped connection: the SDK retries a closed connection once, with the same key
    standIn.setFaults([{ path: '/v1/transfers', drop: true, times: 1 }]);
    const dropped = await client.transfers.create(params, { idempotencyKey: 'drop-1' });
    expect(transfersByKey(standIn.state).get('drop-1')).toEqual([
      expect.objectContaining({ id: dropped.id }),
    ]);
    standIn.setFaults([]);
  });

  it('keeps its state in a file across restarts, and is driven over HTTP', async () => {
    const file = path.join(dir, 'state.json');
    const first = await startStandIn({ statePath: file });
    const c1 = clientFor(first.url);
    const acct = await c1.accounts.create({ type: 'express' }, { idempotencyKey: 'acct-file' });
    const t1 = await c1.transfers.create(
      { amount: 900, currency: 'cny', destination: acct.id },
      { idempotencyKey: 'file-1' },
    );
    await first.close();

    const second = await startStandIn({ statePath: file });
    const c2 = clientFor(second.url);
    try {
      const t2 = await c2.transfers.create(
        { amount: 900, currency: 'cny', destination: acct.id },
        { idempotencyKey: 'file-1' },
      );
      expect(t2.id).toBe(t1.id);
      const faults = await fetch(`${second.url}/_standin/faults`, {
        method: 'POST',
        body: JSON.stringify([{ path: '/v1/accounts', status: 500 }]),
      });
      expect(faults.status).toBe(200);
      await expect(c2.accounts.create({ type: 'express' })).rejects.toMatchObject({
        statusCode: 500,
      });
      await fetch(`${second.url}/_standin/faults`, { method: 'POST', body: '[]' });
      await fetch(`${second.url}/_standin/accounts/${acct.id}/complete`, { method: 'POST' });
      const state = (await (await fetch(`${second.url}/_standin/state`)).json()) as {
        transfers: unknown[];
      };
      expect(state.transfers).toHaveLength(1);
      expect(await c2.accounts.retrieve(acct.id)).toMatchObject({
        details_submitted: true,
        payouts_enabled: true,
      });
    } finally {
      await second.close();
    }
  });

  it('holds funds as a PaymentIntent with manual capture, retrieves and cancels it', async () => {
    const hold = await client.paymentIntents.create({
      amount: 5_000,
      currency: 'cny',
      capture_method: 'manual',
      confirm: true,
      payment_method: 'pm_card_visa',
    });
    expect(hold).toMatchObject({ status: 'requires_capture', amount_capturable: 5_000 });
    const unconfirmed = await client.paymentIntents.create({ amount: 5_000, currency: 'cny' });
    expect(unconfirmed).toMatchObject({ status: 'requires_payment_method', amount_capturable: 0 });
    expect(await client.paymentIntents.retrieve(hold.id)).toMatchObject({ id: hold.id });
    const missing = await failure(client.paymentIntents.retrieve('pi_nosuch'));
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    const canceled = await client.paymentIntents.cancel(
      hold.id,
      { cancellation_reason: 'abandoned' },
      { idempotencyKey: 'cancel-1' },
    );
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    // the same key replays; another request finds it canceled already, and says so
    const replay = await client.paymentIntents.cancel(
      hold.id,
      { cancellation_reason: 'abandoned' },
      { idempotencyKey: 'cancel-1' },
    );
    expect(headerOf(replay, 'idempotent-replayed')).toBe('true');
    const again = await failure(client.paymentIntents.cancel(hold.id));
    expect(again).toMatchObject({
      statusCode: 400,
      code: 'payment_intent_unexpected_state',
      payment_intent: { id: hold.id, status: 'canceled' },
    });
  });

  it('refuses a request without a secret key', async () => {
    const res = await fetch(`${standIn.url}/v1/transfers`, { method: 'POST' });
    expect(res.status).toBe(401);
  });
});
