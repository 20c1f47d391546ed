// The app server's in-process alerts worker (docs/decisions/027-team-alerts.md): every
// ALERTS_POLL_MS (15 s), and right after a publication commits, it makes sure today's digest
// job exists and runs the due alert jobs. Started by entry.server.tsx, not under Vitest (tests
// run the jobs themselves). Every instance runs one: each job is claimed by one of them.
import { db } from '~/lib/db.server';
import type { JobReport } from '~/lib/outbox.server';
import { ensureDigestJob, runAlerts, setAlertsWaker } from './delivery.server';

export const DEFAULT_ALERTS_POLL_MS = 15_000;

export function alertsPollMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.ALERTS_POLL_MS;
  const n = raw ? Number(raw) : DEFAULT_ALERTS_POLL_MS;
  // a match must be told within a minute of its publication (issue 16)
  if (!Number.isInteger(n) || n < 200 || n > 60_000)
    throw new Error('ALERTS_POLL_MS must be an integer between 200 and 60000');
  return n;
}

function logJob(r: JobReport) {
  const line = `alerts: ${r.idempotencyKey} (run ${r.attempts}): ${r.outcome}`;
  if (r.outcome === 'done') console.log(line);
  else console.warn(`${line}${r.error ? ` — ${r.error}` : ''}`);
}

type AlertsWorker = {
  /** Stops claiming, and resolves once the job under way has ended (a shutdown). */
  drain(): Promise<void>;
};

declare global {
  var __jiebangAlertsWorker: AlertsWorker | undefined;
}

/** Starts this process's alerts worker unless one runs or this is Vitest. */
export function startAlertsWorker(env: NodeJS.ProcessEnv = process.env): AlertsWorker | null {
  if (globalThis.__jiebangAlertsWorker) return globalThis.__jiebangAlertsWorker;
  if (env.VITEST) return null;
  const pollMs = alertsPollMs(env);
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  const run = async () => {
    try {
      do {
        again = false;
        await ensureDigestJob(db);
        await runAlerts(db, { onJob: logJob, shouldStop: () => stopped });
      } while (again && !stopped);
    } catch (error) {
      console.error('alerts: run failed', error);
    } finally {
      running = null;
    }
  };
  const tick = () => {
    if (stopped) return;
    if (running) again = true;
    else running = run();
  };
  const timer = setInterval(tick, pollMs);
  timer.unref();
  // after a publication: its transaction has committed when the kernel calls this
  setAlertsWaker(() => setTimeout(tick, 20).unref());
  const worker: AlertsWorker = {
    async drain() {
      stopped = true;
      clearInterval(timer);
      setAlertsWaker(undefined);
      globalThis.__jiebangAlertsWorker = undefined;
      await running;
    },
  };
  globalThis.__jiebangAlertsWorker = worker;
  console.log(`alerts: worker started (every ${pollMs} ms)`);
  tick();
  return worker;
}
