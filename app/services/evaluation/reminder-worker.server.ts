// The app server's in-process reminder job of review due dates (docs/decisions/028-review-due-
// dates.md): every REMINDER_POLL_MS it sends the reminders due (before the due day and
// on it). Started by entry.server.tsx, not under Vitest (tests run sendDueReminders
// themselves). Every instance runs one: each reminder is claimed by one of them.
import { DEFAULT_REMINDER_DAYS } from '~/domain/review-due';
import { db } from '~/lib/db.server';
import { intFromEnv, startPeriodicWorker, type PeriodicWorker } from '~/lib/periodic-worker.server';
import { sendDueReminders } from './reminders.server';

export const DEFAULT_REMINDER_POLL_MS = 600_000;

export function reminderSettings(env: NodeJS.ProcessEnv = process.env) {
  return {
    pollMs: intFromEnv(env, 'REMINDER_POLL_MS', DEFAULT_REMINDER_POLL_MS, 1_000, 3_600_000),
    daysBefore: intFromEnv(env, 'REMINDER_DAYS', DEFAULT_REMINDER_DAYS, 1, 14),
  };
}

/** Starts this process's reminder job unless one runs or this is Vitest. */
export function startReminderWorker(env: NodeJS.ProcessEnv = process.env): PeriodicWorker | null {
  return startPeriodicWorker('__jiebangReminderWorker', env, () => {
    const { pollMs, daysBefore } = reminderSettings(env);
    return {
      pollMs,
      // a first run soon after start, not at once: the server is still warming up
      firstDelayMs: 5_000,
      startedLine: `reminders: job started (every ${pollMs} ms)`,
      failedLine: 'reminders: run failed',
      async run() {
        const r = await sendDueReminders(db, { daysBefore });
        if (r.sent > 0) console.log(`reminders: ${r.sent} sent, ${r.skipped} already sent`);
      },
    };
  });
}
