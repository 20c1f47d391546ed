// The app server's in-process housekeeping: every HOUSEKEEPING_POLL_MS it deletes spent attempt
// counters and ended sessions (prune.server.ts). Every instance runs one; deleting a row twice
// is harmless, so nothing is claimed.
import { db } from '~/lib/db.server';
import { intFromEnv, startPeriodicWorker, type PeriodicWorker } from '~/lib/periodic-worker.server';
import { pruneExpired } from './prune.server';

export const DEFAULT_HOUSEKEEPING_POLL_MS = 3_600_000;

/** Starts this process's housekeeping job unless one runs or this is Vitest. */
export function startHousekeepingWorker(
  env: NodeJS.ProcessEnv = process.env,
): PeriodicWorker | null {
  return startPeriodicWorker('__jiebangHousekeepingWorker', env, () => {
    const pollMs = intFromEnv(
      env,
      'HOUSEKEEPING_POLL_MS',
      DEFAULT_HOUSEKEEPING_POLL_MS,
      60_000,
      86_400_000,
    );
    return {
      pollMs,
      // not in the start-up's busy first seconds
      firstDelayMs: 60_000,
      startedLine: `housekeeping: job started (every ${pollMs} ms)`,
      failedLine: 'housekeeping: run failed',
      async run(shouldStop) {
        const r = await pruneExpired(db, new Date(), shouldStop);
        if (r.throttles + r.sessions > 0)
          console.log(
            `housekeeping: ${r.throttles} attempt counters, ${r.sessions} sessions deleted`,
          );
      },
    };
  });
}
