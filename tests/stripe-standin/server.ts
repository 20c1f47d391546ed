// The stand-in's HTTP server: authentication, Stripe's idempotency rules, faults, the control
// endpoints, and the state file.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, decodeForm, execute, fingerprint } from './api';
import {
  accountOf,
  DEFAULT_PLATFORM_BALANCE,
  emptyState,
  id,
  sleep,
  transfersByKey,
} from './state';
import type {
  Fault,
  KeyRecord,
  LoggedRequest,
  RequestHook,
  Saved,
  StandIn,
  StandInOptions,
  StandInState,
} from './types';

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
      const acct = accountOf(state, complete[1]!);
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
          result = execute({ state, baseUrl }, method, path, params, onAccount);
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
