// The stand-in's state: a fresh one, the ids it gives objects, and the views tests read.
import { randomBytes } from 'node:crypto';
import type { Obj, StandInState } from './types';

export const DEFAULT_PLATFORM_BALANCE = 1_000_000_000_000;

export function emptyState(platformBalance: number): StandInState {
  return {
    accounts: [],
    accountLinks: [],
    transfers: [],
    payouts: [],
    paymentIntents: [],
    balances: { platform: platformBalance },
    keys: {},
    requests: [],
    faults: [],
  };
}

export const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
export const nowS = () => Math.floor(Date.now() / 1000);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const accountOf = (state: StandInState, accountId: string) =>
  state.accounts.find((a) => a.id === accountId);

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
