// The app server's in-process outbox worker (docs/decisions/012-stripe-rail-and-outbox.md).
// Started once per process by entry.server.tsx when the Stripe rail is configured; not under
// Vitest (tests run the outbox themselves). It polls every OUTBOX_POLL_MS (2 s) and is woken
// right after an approval enqueued a job. Several processes may run one each: claiming is
// guarded in the database, so a job runs in one of them at a time.
import { db } from '~/lib/db.server';
import { DEFAULT_LEASE_MS, runOutbox, setOutboxWaker, type JobReport } from '~/lib/outbox.server';
import { stripeOutboxHandlers } from '~/services/payments/stripe-rail.server';
import { isStripeConfigured, stripeTimeoutMs } from '~/lib/stripe/client.server';

export const DEFAULT_POLL_MS = 2_000;

function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be an integer between ${min} and ${max}`);
  return n;
}

/** The outbox's settings from the environment, checked: a lease outlasts a job's two calls. */
export function outboxSettings() {
  const pollMs = intFromEnv('OUTBOX_POLL_MS', DEFAULT_POLL_MS, 50, 600_000);
  const leaseMs = intFromEnv('OUTBOX_LEASE_MS', DEFAULT_LEASE_MS, 1_000, 3_600_000);
  const minimum = 2 * stripeTimeoutMs() + 1_000;
  if (leaseMs < minimum)
    throw new Error(
      `OUTBOX_LEASE_MS (${leaseMs}) must exceed two Stripe calls (2 × STRIPE_TIMEOUT_MS + 1 s = ${minimum})`,
    );
  return { pollMs, leaseMs };
}

export function logJob(r: JobReport) {
  const line = `outbox: ${r.kind} ${r.idempotencyKey} (run ${r.attempts}): ${r.outcome}`;
  if (r.outcome === 'done') console.log(r.error ? `${line} — ${r.error}` : line);
  else console.warn(`${line}${r.error ? ` — ${r.error}` : ''}`);
}

type Worker = {
  stop(): void;
  kick(): void;
  /** Stops claiming, and resolves once the jobs already claimed have run (a shutdown). */
  drain(): Promise<void>;
};

declare global {
  var __jiebangOutboxWorker: Worker | undefined;
}

/**
 * Starts this process's worker unless one runs, the Stripe rail is off, or this is Vitest.
 * Returns the worker, or null when none was started.
 */
export function startOutboxWorker(env: NodeJS.ProcessEnv = process.env): Worker | null {
  if (globalThis.__jiebangOutboxWorker) return globalThis.__jiebangOutboxWorker;
  if (env.VITEST || !isStripeConfigured(env)) return null;
  const { pollMs, leaseMs } = outboxSettings();

  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const run = async () => {
    try {
      do {
        again = false;
        await runOutbox({
          db,
          handlers: stripeOutboxHandlers,
          leaseMs,
          onJob: logJob,
          shouldStop: () => stopped,
        });
      } while (again && !stopped);
    } catch (error) {
      console.error('outbox: run failed', error);
    } finally {
      running = null;
    }
  };
  const tick = async () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = run();
    await running;
  };
  const timer = setInterval(() => void tick(), pollMs);
  timer.unref();
  // after an approval: its transaction commits right after the rail's start(), so look a moment
  // later, and once more in case the commit took longer
  const kick = () => {
    setTimeout(() => void tick(), 50).unref();
    setTimeout(() => void tick(), 500).unref();
  };
  setOutboxWaker(kick);
  const worker: Worker = {
    stop() {
      stopped = true;
      clearInterval(timer);
      setOutboxWaker(undefined);
      globalThis.__jiebangOutboxWorker = undefined;
    },
    async drain() {
      worker.stop();
      await running;
    },
    kick,
  };
  globalThis.__jiebangOutboxWorker = worker;
  console.log(`outbox: worker started (poll ${pollMs} ms, lease ${leaseMs} ms)`);
  kick();
  return worker;
}
