// POST /webhooks/stripe: Stripe's deliveries for the Connect rail. No session; the signature is
// the authentication (app/services/payments/stripe-webhook.server.ts, docs/decisions/011-stripe-webhooks.md).
import type { ActionFunctionArgs } from '@remix-run/node';
import { readTextWithin } from '~/lib/body.server';
import { db } from '~/lib/db.server';
import { handleStripeWebhook } from '~/services/payments/stripe-webhook.server';
import { WEBHOOK_BODY_LIMIT } from '../../server/request-limits.mjs';

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      ...headers,
    },
  });

export function loader() {
  return text(405, 'method not allowed', { Allow: 'POST' });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return text(405, 'method not allowed', { Allow: 'POST' });
  // the raw body: the signature covers its exact bytes, so it is never parsed before the check;
  // read only up to 1 MB (Stripe's events are a few KB): nothing larger is buffered unsigned
  const rawBody = await readTextWithin(request, WEBHOOK_BODY_LIMIT);
  if (rawBody === null) return text(413, 'payload too large');
  const result = await handleStripeWebhook(db, {
    rawBody,
    signature: request.headers.get('Stripe-Signature'),
    secret: process.env.STRIPE_WEBHOOK_SECRET,
  });
  return text(result.status, result.body);
}
