// What server.mjs hands the operations routes through the load context (server/operations.mjs):
// its metrics, whether it is shutting down, and the raw facts a metrics scrape is judged by.
import type { Registry, Gauge } from 'prom-client';

export type Operations = {
  draining: () => boolean;
  metrics: {
    registry: Registry;
    /** the scrape's text (every worker's figures summed, docs/decisions/042) */
    text: () => Promise<string>;
    contentType: string;
    outboxJobs: Gauge<'status'>;
    outboxOldestSeconds: Gauge;
    payoutBreaches: Gauge;
  };
  metricsAllowed: () => boolean;
};

/** The server's operations, or null where the app runs without server.mjs (vite dev). */
export function operationsOf(context: unknown): Operations | null {
  return (context as { operations?: Operations } | undefined)?.operations ?? null;
}
