// The Stripe SDK client, built from the environment (docs/decisions/012-stripe-rail-and-outbox.md).
//
// - STRIPE_SECRET_KEY (with STRIPE_WEBHOOK_SECRET) turns the Stripe Connect rail on.
// - STRIPE_API_BASE points the SDK at another API origin, e.g. http://127.0.0.1:12111 for the
//   local stand-in the tests run (tests/stripe-standin.ts); it is mapped onto the SDK's own
//   `protocol`, `host` and `port` options. Unset, the SDK talks to api.stripe.com.
// - STRIPE_TIMEOUT_MS bounds one API call (default 20 s). The outbox's lease
//   (OUTBOX_LEASE_MS) must outlast the calls of one job, or a second worker could take the
//   job over while the first is still waiting (harmless, the key is the same, but wasteful).
//
// The SDK's own retries are off (maxNetworkRetries 0): the outbox retries a job later with the
// same idempotency key, and a retry that outlives the process must be the outbox's anyway.
import Stripe from 'stripe';

/** The variables read: STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_BASE, STRIPE_TIMEOUT_MS. */
export type StripeEnv = Record<string, string | undefined>;

/** Whether the Stripe rail is on: the same condition as defaultRail() (both keys set). */
export function isStripeConfigured(env: StripeEnv = process.env): boolean {
  return Boolean(env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET);
}

type ApiBase = { protocol: 'http' | 'https'; host: string; port: number };

/** STRIPE_API_BASE as the SDK's options; a malformed value is a configuration error. */
export function parseApiBase(value: string): ApiBase {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`STRIPE_API_BASE must be an absolute URL such as http://127.0.0.1:12111`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error('STRIPE_API_BASE must start with http:// or https://');
  if (url.pathname !== '/' || url.search || url.hash)
    throw new Error('STRIPE_API_BASE is an origin only (the SDK adds /v1/…)');
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  // URL drops a default port (80, 443): the SDK needs it explicitly
  const port = url.port ? Number(url.port) : protocol === 'http' ? 80 : 443;
  // an IPv6 literal comes back in brackets, which Node's http.request does not take as a host
  return { protocol, host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}

export const DEFAULT_STRIPE_TIMEOUT_MS = 20_000;

export function stripeTimeoutMs(env: StripeEnv = process.env): number {
  const raw = env.STRIPE_TIMEOUT_MS;
  if (!raw) return DEFAULT_STRIPE_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 100 || ms > 120_000)
    throw new Error('STRIPE_TIMEOUT_MS must be an integer between 100 and 120000');
  return ms;
}

/** A new client for the given environment. Throws when STRIPE_SECRET_KEY is not set. */
export function createStripe(env: StripeEnv = process.env): Stripe {
  const key = env.STRIPE_SECRET_KEY;
  if (!key) throw new Error('STRIPE_SECRET_KEY is not set');
  return new Stripe(key, {
    maxNetworkRetries: 0,
    timeout: stripeTimeoutMs(env),
    telemetry: false,
    appInfo: { name: 'jiebang' },
    ...(env.STRIPE_API_BASE ? parseApiBase(env.STRIPE_API_BASE) : {}),
  });
}

let cached: { signature: string; client: Stripe } | undefined;

/**
 * The process's client, rebuilt when the variables it was built from change (tests set them
 * per file; a server sets them once).
 */
export function stripe(env: StripeEnv = process.env): Stripe {
  const signature = JSON.stringify([
    env.STRIPE_SECRET_KEY,
    env.STRIPE_API_BASE,
    env.STRIPE_TIMEOUT_MS,
  ]);
  if (cached?.signature !== signature) cached = { signature, client: createStripe(env) };
  return cached.client;
}

/** The HTTP status of a Stripe error (undefined for connection errors and non-Stripe errors). */
export function stripeStatusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

export type StripeErrorClass =
  /** the request may not have been executed, or is still executing: send it again, same key */
  | 'retry'
  /** Stripe executed and refused it (or refused it before executing): it will not happen */
  | 'refused'
  /** this key was used with other parameters: a bug or a stale job; nobody may guess */
  | 'conflict';

/**
 * How to react to an error of a Stripe call made with an idempotency key:
 * connection errors and timeouts, 409 (the same key is still in progress), 429 and 5xx are
 * retried with the same key; an idempotency_error (the key was first used with other
 * parameters) is a conflict; any other 4xx is Stripe's refusal.
 * Anything that is not an HTTP answer from Stripe (a bug, a database error) is retried.
 */
export function classifyStripeError(error: unknown): StripeErrorClass {
  const e = error as { type?: unknown; rawType?: unknown } | null;
  const status = stripeStatusOf(error);
  if (status === undefined) return 'retry';
  if (status === 409 || status === 429 || status >= 500) return 'retry';
  if (e?.type === 'StripeIdempotencyError' || e?.rawType === 'idempotency_error') return 'conflict';
  if (status >= 400) return 'refused';
  return 'retry';
}

/** A short, log-safe description of a Stripe error: status, code and message. */
export function describeStripeError(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown; rawType?: unknown } | null;
  const status = stripeStatusOf(error);
  const parts = [
    status !== undefined ? String(status) : null,
    typeof e?.code === 'string' ? e.code : typeof e?.rawType === 'string' ? e.rawType : null,
    typeof e?.message === 'string' ? e.message : String(error),
  ].filter(Boolean);
  return parts.join(' ').slice(0, 1000);
}
