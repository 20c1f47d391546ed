// The app server's in-process mail sweeper (docs/decisions/024-mail-delivery.md). Mail is sent
// right after the commit that wrote it; this sends what that left behind: a message whose
// process died before sending it, and a failed one whose wait has passed. Started once per
// process by entry.server.tsx when SMTP_URL is set; not under Vitest (tests sweep themselves).
// Every instance may run one: each message is claimed by one sender.
import { db } from '~/lib/db.server';
import { sweepMail, type SweepSummary } from '~/lib/mail.server';
import { intFromEnv, startPeriodicWorker, type PeriodicWorker } from '~/lib/periodic-worker.server';

export const DEFAULT_MAIL_POLL_MS = 30_000;

export function mailPollMs(env: NodeJS.ProcessEnv = process.env): number {
  return intFromEnv(env, 'MAIL_POLL_MS', DEFAULT_MAIL_POLL_MS, 1_000, 3_600_000);
}

export function logSweep(s: SweepSummary) {
  if (s.sent + s.retry + s.failed + s.leaseLost === 0) return;
  const line = `mail: swept ${s.sent} sent, ${s.retry} to retry, ${s.failed} given up, ${s.leaseLost} overtaken`;
  if (s.retry + s.failed + s.leaseLost > 0) console.warn(line);
  else console.log(line);
}

/** Starts this process's sweeper unless one runs, SMTP_URL is unset, or this is Vitest. */
export function startMailWorker(env: NodeJS.ProcessEnv = process.env): PeriodicWorker | null {
  return startPeriodicWorker('__jiebangMailWorker', env, () => {
    if (!env.SMTP_URL) return null;
    const pollMs = mailPollMs(env);
    return {
      pollMs,
      firstDelayMs: pollMs,
      startedLine: `mail: sweeper started (every ${pollMs} ms)`,
      failedLine: 'mail: sweep failed',
      run: async (shouldStop) => logSweep(await sweepMail(db, { shouldStop })),
    };
  });
}
