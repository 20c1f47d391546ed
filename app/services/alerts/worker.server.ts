// The app server's in-process alerts worker (docs/decisions/027-team-alerts.md): every
// ALERTS_POLL_MS (15 s), and right after a publication commits, it makes sure today's digest
// job exists and runs the due alert jobs. Started by entry.server.tsx, not under Vitest (tests
// run the jobs themselves). Every instance runs one: each job is claimed by one of them.
import { db } from '~/lib/db.server';
import { intFromEnv, startPeriodicWorker, type PeriodicWorker } from '~/lib/periodic-worker.server';
import type { JobReport } from '~/lib/outbox.server';
import { ensureDigestJob, runAlerts, setAlertsWaker } from './delivery.server';

export const DEFAULT_ALERTS_POLL_MS = 15_000;

export function alertsPollMs(env: NodeJS.ProcessEnv = process.env): number {
  // a match must be told within a minute of its publication (issue 16)
  return intFromEnv(env, 'ALERTS_POLL_MS', DEFAULT_ALERTS_POLL_MS, 200, 60_000);
}

function logJob(r: JobReport) {
  const line = `alerts: ${r.idempotencyKey} (run ${r.attempts}): ${r.outcome}`;
  if (r.outcome === 'done') console.log(line);
  else console.warn(`${line}${r.error ? ` — ${r.error}` : ''}`);
}

/** Starts this process's alerts worker unless one runs or this is Vitest. */
export function startAlertsWorker(env: NodeJS.ProcessEnv = process.env): PeriodicWorker | null {
  const worker = startPeriodicWorker('__jiebangAlertsWorker', env, () => {
    const pollMs = alertsPollMs(env);
    return {
      pollMs,
      // not at once: a server still loading its modules would hold SQLite's write lock for
      // seconds in its first, cold transaction (a publication wakes the worker anyway)
      firstDelayMs: 5_000,
      startedLine: `alerts: worker started (every ${pollMs} ms)`,
      failedLine: 'alerts: run failed',
      async run(shouldStop) {
        await ensureDigestJob(db);
        await runAlerts(db, { onJob: logJob, shouldStop });
      },
      onDrain: () => setAlertsWaker(undefined),
    };
  });
  // after a publication: its transaction has committed when the kernel calls this
  if (worker) setAlertsWaker(() => worker.wake());
  return worker;
}
