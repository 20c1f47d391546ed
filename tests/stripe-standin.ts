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
//   POST /v1/payment_intents   a PaymentIntent; with confirm=true, a payment_method and
//                              capture_method=manual, a funds hold (requires_capture)
//   GET  /v1/payment_intents/:id          it, or 404 resource_missing
//   POST /v1/payment_intents/:id/cancel   canceled; 400 payment_intent_unexpected_state (with
//                                         the PaymentIntent) when it cannot be
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
import { pathToFileURL } from 'node:url';
import { startStandIn } from './stripe-standin/server';

export { decodeForm } from './stripe-standin/api';
export { startStandIn } from './stripe-standin/server';
export { transfersByKey } from './stripe-standin/state';
export type {
  Fault,
  LoggedRequest,
  RequestHook,
  StandIn,
  StandInOptions,
  StandInState,
} from './stripe-standin/types';

const STRIPE_SETTINGS = [
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'STRIPE_API_BASE',
  'STRIPE_TIMEOUT_MS',
] as const;

/** The test keys, pointed at `standIn`, with a short client time-out. */
export const standInSettings = (standIn: { url: string }) => ({
  STRIPE_SECRET_KEY: 'sk_test_jiebang',
  STRIPE_WEBHOOK_SECRET: 'whsec_test_jiebang',
  STRIPE_API_BASE: standIn.url,
  STRIPE_TIMEOUT_MS: '1000',
});

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
