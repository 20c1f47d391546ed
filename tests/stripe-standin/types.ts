// The stand-in's state, its faults and its handle, as tests see them.
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

export type Saved = { status: number; body: unknown };
export type KeyRecord = {
  fingerprint: string;
  state: 'in_progress' | 'done';
  response?: Saved;
  requestSeq: number;
};

export type Obj = Record<string, unknown> & { id: string };

export type StandInState = {
  accounts: Obj[];
  accountLinks: Obj[];
  transfers: Obj[];
  payouts: Obj[];
  /** PaymentIntents (funds holds with capture_method=manual, for 榜额到位) */
  paymentIntents: Obj[];
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
