// For the proxy or orchestrator: 200 when this instance can serve (database up, migrations
// applied, not shutting down), else 503 with the reason. Never cached.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { operationsOf } from '~/lib/operations.server';
import { readiness } from '~/services/operations/readiness.server';

export async function loader({ context }: LoaderFunctionArgs) {
  const draining = operationsOf(context)?.draining() ?? false;
  const r = await readiness();
  const ready = r.ready && !draining;
  return Response.json(
    { status: ready ? 'ready' : 'not ready', draining, ...r, ready },
    { status: ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
