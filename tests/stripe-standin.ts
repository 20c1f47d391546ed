// A local stand-in for the part of Stripe's API the Connect rail uses, for tests and the crash
// test (the machine running them has no internet, and must never call api.stripe.com).
// node:http only, no dependencies. Point the app at it with STRIPE_API_BASE=http://127.0.0.1:N.
//
//   POST /v1/accounts          an Express (or custom/standard) connected account
//   GET  /v1/accounts/:id      it, or 404 resource_missing
//   POST /v1/account_links     an onboarding link for an existing account
//   POST /v1/transfers         platform → connected account (checks the platform's balance)
//   POST /v1/payouts           connected account (Stripe-Account) → its bank (checks its balance)
//   POST /v1/transfers/:id/reversals  connected account → platform (checks the account's balance)
//
// Stripe's documented idempotency rules, enforced (https://docs.stripe.com/api/idempotent_requests):
// - the same Idempotency-Key with the same parameters replays the saved response — the same
//   status and body, so the same object id — with the header `Idempotent-Replayed: true`;
// - the same key with other parameters (or on another endpoint) is refused: 400
//   idempotency_error;
// - a request whose key is still in progress (a concurrent one) gets 409 and is not saved;
// - keys are scoped per account: the same key under another Stripe-Account header is another key;
// - results are saved once execution began, errors included (a 400 such as insufficient funds
//   replays as that 400). A request refused before execution is not saved (see faults).
//
// Faults (per endpoint, optionally only the next `times` requests) simulate the network and
// Stripe's bad days: `delayMs` holds the response after execution (the object exists, the key
// stays in progress, a client with a shorter timeout gives up: "timeout after the transfer was
// created"); `status` answers an error (5xx and 429 are refused before execution and not saved,
// other statuses are saved as the key's result unless `save` says otherwise); `drop` executes
// and then closes the connection without an answer.
//
// Every object created is kept (tests count transfers per idempotency key). With a state file,
// the state survives a restart, so the stand-in can run as its own process:
//   npx tsx tests/stripe-standin.ts --port 12111 --state /tmp/standin.json
// Control endpoints (JSON): GET /_standin/state, POST /_standin/faults (an array of faults),
// POST /_standin/accounts/<id>/complete (finishes onboarding), POST /_standin/reset.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

export type Fault = {
  /** the endpoint: a path prefix such as '/v1/transfers' */
  path: string;
  method?: string;
  /** only requests made on this connected account (Stripe-Account) */
  account?: string;
  /** applies to this many matching requests (default: all) */
  times?: number;
  /** hold the response this long after executing the request */
  delayMs?: number;
  /** answer this error instead of executing */
  status?: number;
  type?: string;
  code?: string;
  message?: string;
  /** whether the error is saved as the key's result (default: not for 5xx and 429) */
  save?: boolean;
  /** execute, then close the connection without answering */
  drop?: boolean;
};

export type LoggedRequest = {
  seq: number;
  method: string;
  path: string;
  idempotencyKey: string | null;
  account: string | null;
  params: Record<string, unknown>;
  receivedAt: number;
  status?: number;
  replayed?: boolean;
  answeredAt?: number;
};

type Saved = { status: number; body: unknown };
type KeyRecord = {
  fingerprint: string;
  state: 'in_progress' | 'done';
  response?: Saved;
  requestSeq: number;
};

type Obj = Record<string, unknown> & { id: string };

export type StandInState = {
  accounts: Obj[];
  accountLinks: Obj[];
  transfers: Obj[];
  payouts: Obj[];
  /** available balance in the currency's smallest unit: 'platform' and each account id */
  balances: Record<string, number>;
  keys: Record<string, KeyRecord>;
  requests: LoggedRequest[];
  faults: Fault[];
};

export type StandInOptions = {
  port?: number;
  host?: string;
  /** keep the state in this JSON file (loaded at start when it exists) */
  statePath?: string;
  /** when set, only this secret key is accepted (401 otherwise) */
  secretKey?: string;
  /** the platform's available balance for transfers (default 10^12) */
  platformBalance?: number;
};

/** Called for every API request before it is processed (and awaited): tests look around. */
export type RequestHook = (request: LoggedRequest) => void | Promise<void>;

export type StandIn = {
  url: string;
  port: number;
  state: StandInState;
  setFaults(faults: Fault[]): void;
  /** the hook for the next requests (undefined removes it) */
  onRequest(hook: RequestHook | undefined): void;
  /** requests received and not yet answered */
  inFlight(): number;
  /** transfers created, with the idempotency key each was created under */
  transfersByKey(): Map<string, Obj[]>;
  /** The bank returned a payout: it fails, and its amount is back in the account's balance. */
  failPayout(payoutId: string, failureMessage: string): Obj;
  close(): Promise<void>;
};

const DEFAULT_PLATFORM_BALANCE = 1_000_000_000_000;

function emptyState(platformBalance: number): StandInState {
  return {
    accounts: [],
    accountLinks: [],
    transfers: [],
    payouts: [],
    balances: { platform: platformBalance },
    keys: {},
    requests: [],
    faults: [],
  };
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const nowS = () => Math.floor(Date.now() / 1000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
function fingerprint(method: string, path: string, body: string): string {
  const pairs = [...new URLSearchParams(body)].sort(([a, x], [b, y]) =>
    a === b ? x.localeCompare(y) : a.localeCompare(b),
  );
  return JSON.stringify([method, path, pairs]);
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { type: string; code?: string; message: string; param?: string },
  ) {
    super(body.message);
  }
}

const invalid = (message: string, extra: { code?: string; param?: string } = {}) =>
  new ApiError(400, { type: 'invalid_request_error', message, ...extra });

function positiveInt(value: unknown, param: string): number {
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,14}$/.test(value))
    throw invalid(`Invalid positive integer: ${param}`, {
      param,
      code: 'parameter_invalid_integer',
    });
  return Number(value);
}

function required(params: Record<string, unknown>, name: string): string {
  const v = params[name];
  if (typeof v !== 'string' || v === '')
    throw invalid(`Missing required param: ${name}.`, { param: name, code: 'parameter_missing' });
  return v;
}

export async function startStandIn(opts: StandInOptions = {}): Promise<StandIn> {
  const platformBalance = opts.platformBalance ?? DEFAULT_PLATFORM_BALANCE;
  let state: StandInState =
    opts.statePath && existsSync(opts.statePath)
      ? (JSON.parse(readFileSync(opts.statePath, 'utf8')) as StandInState)
      : emptyState(platformBalance);
  // a key left in progress by a stopped stand-in has its response saved already
  for (const record of Object.values(state.keys))
    if (record.state === 'in_progress' && record.response) record.state = 'done';
  const answering = new Set<number>();
  let baseUrl = '';
  let hook: RequestHook | undefined;

  const persist = () => {
    if (!opts.statePath) return;
    const tmp = `${opts.statePath}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, opts.statePath);
  };

  const account = (accountId: string) => state.accounts.find((a) => a.id === accountId);

  /** Runs one API request against the state; throws ApiError for Stripe's refusals. */
  function execute(
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
      const acct = account(decodeURIComponent(retrieve[1]!));
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
      if (!account(acctId))
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
      if (!account(destination))
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
      if (onAccount && !account(onAccount))
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
    throw new ApiError(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}).`,
    });
  }

  function takeFault(method: string, path: string, onAccount: string | null): Fault | undefined {
    const fault = state.faults.find(
      (f) =>
        path.startsWith(f.path) &&
        (!f.method || f.method.toUpperCase() === method) &&
        (!f.account || f.account === onAccount) &&
        (f.times === undefined || f.times > 0),
    );
    if (fault && fault.times !== undefined) fault.times--;
    return fault;
  }

  const errorBody = (e: ApiError) => ({ error: e.body });

  async function control(
    method: string,
    path: string,
    raw: string,
  ): Promise<{ status: number; body: unknown }> {
    if (method === 'GET' && path === '/_standin/state') return { status: 200, body: state };
    if (method === 'POST' && path === '/_standin/faults') {
      state.faults = JSON.parse(raw || '[]') as Fault[];
      persist();
      return { status: 200, body: { faults: state.faults } };
    }
    if (method === 'POST' && path === '/_standin/reset') {
      state = emptyState(platformBalance);
      persist();
      return { status: 200, body: { ok: true } };
    }
    const complete = /^\/_standin\/accounts\/([^/]+)\/complete$/.exec(path);
    if (method === 'POST' && complete) {
      const acct = account(complete[1]!);
      if (!acct) return { status: 404, body: { error: 'no such account' } };
      Object.assign(acct, {
        details_submitted: true,
        charges_enabled: true,
        payouts_enabled: true,
        capabilities: { transfers: 'active' },
      });
      persist();
      return { status: 200, body: acct };
    }
    if (method === 'GET' && path.startsWith('/_standin/onboarding/'))
      return { status: 200, body: { onboarding: path.split('/').pop() } };
    return { status: 404, body: { error: 'unknown control endpoint' } };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://standin');
    const path = url.pathname;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (res.destroyed) return;
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'Request-Id': id('req'),
        ...headers,
      });
      res.end(JSON.stringify(body));
    };

    if (path.startsWith('/_standin/')) {
      const r = await control(method, path, raw);
      send(r.status, r.body);
      return;
    }

    const header = (name: string) => {
      const v = req.headers[name];
      return typeof v === 'string' && v !== '' ? v : null;
    };
    const key = header('idempotency-key');
    const onAccount = header('stripe-account');
    const query = url.search.slice(1);
    const body = method === 'GET' ? query : raw;
    const params = decodeForm(body);
    const entry: LoggedRequest = {
      seq: state.requests.length + 1,
      method,
      path,
      idempotencyKey: key,
      account: onAccount,
      params,
      receivedAt: Date.now(),
    };
    state.requests.push(entry);
    answering.add(entry.seq);
    const answer = (status: number, out: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      entry.answeredAt = Date.now();
      answering.delete(entry.seq);
      persist();
      send(status, out, headers);
    };

    try {
      if (hook) await hook(entry);
      const auth = header('authorization');
      const bearer = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : null;
      if (!bearer || (opts.secretKey ? bearer !== opts.secretKey : !bearer.startsWith('sk_'))) {
        answer(401, {
          error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' },
        });
        return;
      }

      const scope = key && method === 'POST' ? `${onAccount ?? '-'}\u0000${key}` : null;
      const print = fingerprint(method, path, body);
      const existing = scope ? state.keys[scope] : undefined;
      if (existing) {
        if (existing.state === 'in_progress') {
          answer(409, {
            error: {
              type: 'idempotency_error',
              message:
                'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through). Please try again later.',
            },
          });
          return;
        }
        if (existing.fingerprint !== print) {
          answer(400, {
            error: {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
            },
          });
          return;
        }
        entry.replayed = true;
        answer(existing.response!.status, existing.response!.body, {
          'Idempotent-Replayed': 'true',
          'Original-Request': `req_seq_${existing.requestSeq}`,
        });
        return;
      }

      const fault = takeFault(method, path, onAccount);
      const failStatus = fault?.status;
      const saveFailure =
        failStatus !== undefined && (fault?.save ?? !(failStatus >= 500 || failStatus === 429));
      if (failStatus !== undefined && !saveFailure) {
        // refused before execution: nothing created, nothing saved under the key
        if (fault?.delayMs) await sleep(fault.delayMs);
        answer(failStatus, {
          error: {
            type: fault?.type ?? 'api_error',
            ...(fault?.code ? { code: fault.code } : {}),
            message: fault?.message ?? 'An unknown error occurred (stand-in fault).',
          },
        });
        return;
      }

      const record: KeyRecord | undefined = scope
        ? { fingerprint: print, state: 'in_progress', requestSeq: entry.seq }
        : undefined;
      if (scope && record) state.keys[scope] = record;
      let result: Saved;
      if (failStatus !== undefined) {
        result = {
          status: failStatus,
          body: {
            error: {
              type: fault?.type ?? 'invalid_request_error',
              ...(fault?.code ? { code: fault.code } : {}),
              message: fault?.message ?? 'The request was refused (stand-in fault).',
            },
          },
        };
      } else {
        try {
          result = execute(method, path, params, onAccount);
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          result = { status: error.status, body: errorBody(error) };
        }
      }
      if (record) record.response = result;
      persist();
      if (fault?.delayMs) await sleep(fault.delayMs);
      if (record) record.state = 'done';
      if (fault?.drop) {
        entry.answeredAt = Date.now();
        answering.delete(entry.seq);
        persist();
        req.socket.destroy();
        return;
      }
      answer(result.status, result.body);
    } catch (error) {
      answer(500, {
        error: { type: 'api_error', message: `stand-in failure: ${(error as Error).message}` },
      });
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${opts.host ?? '127.0.0.1'}:${port}`;
  persist();

  return {
    url: baseUrl,
    port,
    get state() {
      return state;
    },
    setFaults(faults) {
      state.faults = faults.map((f) => ({ ...f }));
      persist();
    },
    onRequest(next) {
      hook = next;
    },
    inFlight: () => answering.size,
    transfersByKey: () => transfersByKey(state),
    failPayout(payoutId, failureMessage) {
      const payout = state.payouts.find((p) => p.id === payoutId);
      if (!payout) throw new Error(`no payout ${payoutId}`);
      payout.status = 'failed';
      payout.failure_code = 'account_closed';
      payout.failure_message = failureMessage;
      const from = (payout.account as string | null) ?? 'platform';
      state.balances[from] = (state.balances[from] ?? 0) + Number(payout.amount);
      persist();
      const { account: _account, ...object } = payout;
      return object;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The transfers of a state, grouped by the idempotency key of the request that created each. */
export function transfersByKey(state: StandInState): Map<string, Obj[]> {
  const byKey = new Map<string, Obj[]>();
  for (const [scope, record] of Object.entries(state.keys)) {
    const body = record.response?.body as { object?: string; id?: string } | undefined;
    if (body?.object !== 'transfer') continue;
    const key = scope.split('\u0000')[1]!;
    const transfer = state.transfers.find((t) => t.id === body.id);
    if (transfer) byKey.set(key, [...(byKey.get(key) ?? []), transfer]);
  }
  // transfers not created under a key, if any, are listed under ''
  const keyed = new Set([...byKey.values()].flat().map((t) => t.id));
  const unkeyed = state.transfers.filter((t) => !keyed.has(t.id));
  if (unkeyed.length) byKey.set('', unkeyed);
  return byKey;
}

const STRIPE_SETTINGS = [
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'STRIPE_API_BASE',
  'STRIPE_TIMEOUT_MS',
] as const;

/**
 * Points this process's Stripe settings (the app reads them from the environment) at a
 * stand-in; the function returned puts back what they were.
 */
export function pointStripeAt(settings: Record<(typeof STRIPE_SETTINGS)[number], string>) {
  const saved = Object.fromEntries(STRIPE_SETTINGS.map((k) => [k, process.env[k]]));
  Object.assign(process.env, settings);
  return () => {
    for (const k of STRIPE_SETTINGS)
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
  };
}

// As its own process: `tsx tests/stripe-standin.ts --port N --state file [--secret sk_…]`.
// Prints one line "stripe stand-in listening on <url>" once it accepts requests.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const standIn = await startStandIn({
    port: Number(arg('port') ?? 12111),
    statePath: arg('state'),
    secretKey: arg('secret'),
  });
  console.log(`stripe stand-in listening on ${standIn.url}`);
  const stop = () => void standIn.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
