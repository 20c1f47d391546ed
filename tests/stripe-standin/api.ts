// The Stripe API as the stand-in answers it: form decoding, refusals, and each endpoint's effect.
import { accountOf, id, nowS } from './state';
import type { Obj, Saved, StandInState } from './types';

/** Stripe's form encoding (a[b][c]=v) back into nested objects; values stay strings. */
export function decodeForm(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, '').split('[');
    let node = out;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Record<string, unknown>;
    });
  }
  return out;
}

/** The parameters as compared for an idempotency key: sorted, so order does not matter. */
export function fingerprint(method: string, path: string, body: string): string {
  const pairs = [...new URLSearchParams(body)].sort(([a, x], [b, y]) =>
    a === b ? x.localeCompare(y) : a.localeCompare(b),
  );
  return JSON.stringify([method, path, pairs]);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: {
      type: string;
      code?: string;
      message: string;
      param?: string;
      /** the PaymentIntent an error is about, as Stripe includes it */
      payment_intent?: Obj;
    },
  ) {
    super(body.message);
  }
}

export const invalid = (message: string, extra: { code?: string; param?: string } = {}) =>
  new ApiError(400, { type: 'invalid_request_error', message, ...extra });

export function positiveInt(value: unknown, param: string): number {
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,14}$/.test(value))
    throw invalid(`Invalid positive integer: ${param}`, {
      param,
      code: 'parameter_invalid_integer',
    });
  return Number(value);
}

export function required(params: Record<string, unknown>, name: string): string {
  const v = params[name];
  if (typeof v !== 'string' || v === '')
    throw invalid(`Missing required param: ${name}.`, { param: name, code: 'parameter_missing' });
  return v;
}

/** Runs one API request against the state; throws ApiError for Stripe's refusals. */
export function execute(
  { state, baseUrl }: { state: StandInState; baseUrl: string },
  method: string,
  path: string,
  params: Record<string, unknown>,
  onAccount: string | null,
): Saved {
  if (method === 'POST' && path === '/v1/accounts') {
    const type = params.type ?? 'custom';
    if (!['express', 'custom', 'standard'].includes(type as string))
      throw invalid('Invalid type: must be one of express, custom, or standard', {
        param: 'type',
      });
    const acct: Obj = {
      id: id('acct'),
      object: 'account',
      type,
      country: params.country ?? 'US',
      email: params.email ?? null,
      metadata: params.metadata ?? {},
      capabilities: { transfers: 'inactive' },
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      created: nowS(),
    };
    state.accounts.push(acct);
    state.balances[acct.id] = 0;
    return { status: 200, body: acct };
  }
  const retrieve = /^\/v1\/accounts\/([^/]+)$/.exec(path);
  if (method === 'GET' && retrieve) {
    const acct = accountOf(state, decodeURIComponent(retrieve[1]!));
    if (!acct)
      throw new ApiError(404, {
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: `No such account: '${retrieve[1]}'`,
        param: 'account',
      });
    return { status: 200, body: acct };
  }
  if (method === 'POST' && path === '/v1/account_links') {
    const acctId = required(params, 'account');
    required(params, 'refresh_url');
    required(params, 'return_url');
    const type = required(params, 'type');
    if (!['account_onboarding', 'account_update'].includes(type))
      throw invalid('Invalid type', { param: 'type' });
    if (!accountOf(state, acctId))
      throw invalid(`No such account: '${acctId}'`, {
        param: 'account',
        code: 'resource_missing',
      });
    const created = nowS();
    const link: Obj = {
      id: id('link'),
      object: 'account_link',
      created,
      expires_at: created + 300,
      url: `${baseUrl}/_standin/onboarding/${acctId}?return_url=${encodeURIComponent(String(params.return_url))}`,
    };
    state.accountLinks.push({ ...link, account: acctId });
    return { status: 200, body: link };
  }
  if (method === 'POST' && path === '/v1/transfers') {
    const amount = positiveInt(params.amount, 'amount');
    const currency = required(params, 'currency').toLowerCase();
    const destination = required(params, 'destination');
    if (!accountOf(state, destination))
      throw invalid(`No such destination: '${destination}'`, {
        param: 'destination',
        code: 'resource_missing',
      });
    if ((state.balances.platform ?? 0) < amount)
      throw invalid(
        'You have insufficient available funds in your Stripe account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card.',
        { code: 'balance_insufficient' },
      );
    const transferId = id('tr');
    const transfer: Obj = {
      id: transferId,
      object: 'transfer',
      amount,
      amount_reversed: 0,
      currency,
      created: nowS(),
      description: params.description ?? null,
      destination,
      destination_payment: id('py'),
      livemode: false,
      metadata: params.metadata ?? {},
      reversals: {
        object: 'list',
        data: [],
        has_more: false,
        total_count: 0,
        url: `/v1/transfers/${transferId}/reversals`,
      },
      reversed: false,
      source_type: 'card',
      transfer_group: params.transfer_group ?? null,
    };
    state.transfers.push(transfer);
    state.balances.platform = (state.balances.platform ?? 0) - amount;
    state.balances[destination] = (state.balances[destination] ?? 0) + amount;
    return { status: 200, body: transfer };
  }
  if (method === 'POST' && path === '/v1/payouts') {
    const amount = positiveInt(params.amount, 'amount');
    const currency = required(params, 'currency').toLowerCase();
    const from = onAccount ?? 'platform';
    if (onAccount && !accountOf(state, onAccount))
      throw new ApiError(403, {
        type: 'invalid_request_error',
        code: 'account_invalid',
        message: `The provided key does not have access to account '${onAccount}'`,
      });
    if ((state.balances[from] ?? 0) < amount)
      throw invalid('You have insufficient funds in your Stripe account for this transfer.', {
        code: 'balance_insufficient',
      });
    const created = nowS();
    const payout: Obj = {
      id: id('po'),
      object: 'payout',
      amount,
      arrival_date: created + 86_400,
      automatic: false,
      created,
      currency,
      livemode: false,
      metadata: params.metadata ?? {},
      method: 'standard',
      status: 'pending',
      type: 'bank_account',
    };
    state.payouts.push({ ...payout, account: onAccount });
    state.balances[from] = (state.balances[from] ?? 0) - amount;
    return { status: 200, body: payout };
  }
  const reversals = /^\/v1\/transfers\/([^/]+)\/reversals$/.exec(path);
  if (method === 'POST' && reversals) {
    const transfer = state.transfers.find((t) => t.id === decodeURIComponent(reversals[1]!));
    if (!transfer)
      throw invalid(`No such transfer: '${reversals[1]}'`, { code: 'resource_missing' });
    const left = Number(transfer.amount) - Number(transfer.amount_reversed);
    const amount = params.amount === undefined ? left : positiveInt(params.amount, 'amount');
    if (amount > left)
      throw invalid(`Amount exceeds the transfer's remaining ${left}.`, { param: 'amount' });
    const destination = String(transfer.destination);
    if ((state.balances[destination] ?? 0) < amount)
      throw invalid('The destination account has insufficient funds for this reversal.', {
        code: 'balance_insufficient',
      });
    const reversal: Obj = {
      id: id('trr'),
      object: 'transfer_reversal',
      amount,
      currency: transfer.currency,
      created: nowS(),
      metadata: params.metadata ?? {},
      transfer: transfer.id,
    };
    const list = transfer.reversals as { data: Obj[]; total_count: number };
    list.data.unshift(reversal);
    list.total_count += 1;
    transfer.amount_reversed = Number(transfer.amount_reversed) + amount;
    transfer.reversed = transfer.amount_reversed === transfer.amount;
    state.balances[destination] = (state.balances[destination] ?? 0) - amount;
    state.balances.platform = (state.balances.platform ?? 0) + amount;
    return { status: 200, body: reversal };
  }
  const intents = paymentIntent(state, method, path, params);
  if (intents) return intents;
  throw new ApiError(404, {
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${method}: ${path}).`,
  });
}

const CANCELABLE = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
];

/**
 * PaymentIntents, as far as a funds hold goes: created (confirmed with a payment method and
 * capture_method=manual it is an authorised hold, `requires_capture`), retrieved, cancelled.
 */
function paymentIntent(
  state: StandInState,
  method: string,
  path: string,
  params: Record<string, unknown>,
): Saved | null {
  const intents = (state.paymentIntents ??= []);
  if (method === 'POST' && path === '/v1/payment_intents') {
    const amount = positiveInt(params.amount, 'amount');
    const currency = required(params, 'currency').toLowerCase();
    const capture = params.capture_method ?? 'automatic';
    if (capture !== 'automatic' && capture !== 'manual')
      throw invalid('Invalid capture_method', { param: 'capture_method' });
    const confirmed = params.confirm === 'true' && typeof params.payment_method === 'string';
    const status = !confirmed
      ? 'requires_payment_method'
      : capture === 'manual'
        ? 'requires_capture'
        : 'succeeded';
    const pi: Obj = {
      id: id('pi'),
      object: 'payment_intent',
      amount,
      amount_capturable: status === 'requires_capture' ? amount : 0,
      amount_received: status === 'succeeded' ? amount : 0,
      currency,
      capture_method: capture,
      status,
      canceled_at: null,
      cancellation_reason: null,
      created: nowS(),
      livemode: false,
      metadata: params.metadata ?? {},
      payment_method: params.payment_method ?? null,
    };
    intents.push(pi);
    return { status: 200, body: pi };
  }
  const one = /^\/v1\/payment_intents\/([^/]+)(\/cancel)?$/.exec(path);
  if (!one) return null;
  const pi = intents.find((p) => p.id === decodeURIComponent(one[1]!));
  if (!pi)
    throw new ApiError(404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: `No such payment_intent: '${one[1]}'`,
      param: 'intent',
    });
  if (method === 'GET' && !one[2]) return { status: 200, body: pi };
  if (method === 'POST' && one[2]) {
    if (!CANCELABLE.includes(String(pi.status)))
      throw new ApiError(400, {
        type: 'invalid_request_error',
        code: 'payment_intent_unexpected_state',
        message: `You cannot cancel this PaymentIntent because it has a status of ${String(pi.status)}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
        payment_intent: { ...pi },
      });
    Object.assign(pi, {
      status: 'canceled',
      amount_capturable: 0,
      canceled_at: nowS(),
      cancellation_reason: params.cancellation_reason ?? null,
    });
    return { status: 200, body: pi };
  }
  return null;
}
