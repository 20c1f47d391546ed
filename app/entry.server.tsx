import type {
  AppLoadContext,
  EntryContext,
  HandleDataRequestFunction,
  HandleErrorFunction,
} from '@remix-run/node';
import { RemixServer, isRouteErrorResponse } from '@remix-run/react';
import { isbot } from 'isbot';
import { resolveLocale } from './i18n/locale.server';
import { catalogueLink, areasOfContext } from './i18n/preload.server';
import { RequestLocaleContext } from './i18n/request-locale';
import { applyCachePolicy } from './lib/cache.server';
import { renderHtml } from './lib/render-html.server';
import { NonceContext } from './lib/nonce';
import { startSharedVersion } from '~/lib/shared-version.server';
import { startOutboxWorker } from '~/services/payments/outbox-worker.server';
import { startMailWorker } from '~/lib/mail-worker.server';
import { startAlertsWorker } from '~/services/alerts/worker.server';
import { startReminderWorker } from '~/services/evaluation/reminder-worker.server';
import { startHousekeepingWorker } from '~/services/housekeeping/worker.server';

const ABORT_DELAY = 5_000;

// payments through the Stripe rail: this process claims and runs due outbox jobs (when the
// rail is configured; registers the rail too, docs/decisions/012-stripe-rail-and-outbox.md)
startOutboxWorker();
// on PostgreSQL, every instance's writes move this one's data version (its caches follow)
startSharedVersion();
// with SMTP_URL: this process also sends mail left due (docs/decisions/024-mail-delivery.md)
startMailWorker();
// teams' alerts of newly published challenges, and the daily digest (docs/decisions/027-team-alerts.md)
startAlertsWorker();
// reviewers' due-date reminders (docs/decisions/028-review-due-dates.md)
startReminderWorker();
// spent attempt counters and ended sessions deleted (docs/decisions/015-sign-in-abuse-policy.md)
startHousekeepingWorker();

export const streamTimeout = ABORT_DELAY;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext?.cspNonce === 'string' ? loadContext.cspNonce : undefined;
  const { locale } = resolveLocale(request);
  // the parts of the page's language catalogue, which the browser's entry waits for before
  // hydrating
  const preload = catalogueLink(locale, areasOfContext(remixContext));
  if (preload) responseHeaders.append('Link', preload);
  let shellRendered = false;
  const body = await renderHtml(
    <NonceContext.Provider value={nonce ?? ''}>
      {/* the language even when no loader ran (an unknown URL) */}
      <RequestLocaleContext.Provider value={locale}>
        <RemixServer
          context={remixContext}
          url={request.url}
          abortDelay={ABORT_DELAY}
          nonce={nonce}
        />
      </RequestLocaleContext.Provider>
    </NonceContext.Provider>,
    {
      nonce,
      // Crawlers and no-JS clients get the whole document at once; browsers get it streamed.
      waitForAll: isbot(request.headers.get('user-agent') ?? ''),
      abortDelayMs: ABORT_DELAY,
      onError(error: unknown) {
        responseStatusCode = 500;
        // an error in the shell rejects the render; Remix then reports it through handleError
        if (shellRendered) console.error(error);
      },
    },
  );
  shellRendered = true;
  responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
  applyCachePolicy(request, responseStatusCode, responseHeaders);
  return new Response(body, { headers: responseHeaders, status: responseStatusCode });
}

export const handleDataRequest: HandleDataRequestFunction = (response, { request }) => {
  applyCachePolicy(request, response.status, response.headers);
  return response;
};

/**
 * Whether an error is an expected answer to the request rather than a fault: a 4xx the app
 * threw (a 403 or 404 Response), the router's 404 for an unknown URL or 405 for a method a
 * route lacks (an ErrorResponse that carries an internal Error with a stack).
 */
export function isExpectedError(error: unknown): boolean {
  if (isRouteErrorResponse(error)) return error.status < 500;
  if (error instanceof Response) return error.status < 500;
  return false;
}

// Only real faults reach the log, with their stack; expected 4xx answers and requests the
// client gave up on write nothing.
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted || isExpectedError(error)) return;
  console.error(error);
};
