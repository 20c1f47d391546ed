// Prometheus metrics (docs/decisions/021): for a scraper with METRICS_TOKEN, or from this
// machine directly; everyone else gets a plain 404, as for an address that does not exist.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { operationsOf } from '~/lib/operations.server';
import { queueFigures } from '~/services/operations/metrics.server';

export async function loader({ context }: LoaderFunctionArgs) {
  const ops = operationsOf(context);
  if (!ops || !ops.metricsAllowed()) throw new Response('Not Found', { status: 404 });
  const q = await queueFigures();
  const m = ops.metrics;
  for (const [status, n] of Object.entries(q.outbox)) m.outboxJobs.set({ status }, n);
  m.outboxOldestSeconds.set(q.oldestDueSeconds);
  m.payoutBreaches.set(q.payoutBreaches);
  return new Response(await m.text(), {
    headers: { 'Content-Type': m.contentType, 'Cache-Control': 'no-store' },
  });
}
