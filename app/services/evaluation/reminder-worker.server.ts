// The app server's in-process reminder job of review due dates (docs/decisions/028-review-due-
// dates.md): every REMINDER_POLL_MS it sends the reminders due (before the due day and
// on it). Started by entry.server.tsx, not under Vitest (tests run sendDueReminders
// themselves). Every instance runs one: each reminder is claimed by one of them.
import { DEFAULT_REMINDER_DAYS } from '~/domain/review-due';
import { db } from '~/lib/db.server';
import { sendDueReminders } from './due-dates.server';

export const DEFAULT_REMINDER_POLL_MS = 600_000;

export function reminderSettings(env: NodeJS.ProcessEnv = process.env) {
  const poll = env.REMINDER_POLL_MS ? Number(env.REMINDER_POLL_MS) : DEFAULT_REMINDER_POLL_MS;
  if (!Number.isInteger(poll) || poll < 1_000 || poll > 3_600_000)
    throw new Error('REMINDER_POLL_MS must be an integer between 1000 and 3600000');
  const days = env.REMINDER_DAYS ? Number(env.REMINDER_DAYS) : DEFAULT_REMINDER_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > 14)
    throw new Error('REMINDER_DAYS must be an integer between 1 and 14');
  return { pollMs: poll, daysBefore: days };
}

type ReminderWorker = {
  /** Stops, and resolves once the run under way has ended (a shutdown). */
  drain(): Promise<void>;
};

declare global {
  var __jiebangReminderWorker: ReminderWorker | undefined;
}

/** Starts this process's reminder job unless one runs or this is Vitest. */
export function startReminderWorker(env: NodeJS.ProcessEnv = process.env): ReminderWorker | null {
  if (globalThis.__jiebangReminderWorker) return globalThis.__jiebangReminderWorker;
  if (env.VITEST) return null;
  const { pollMs, daysBefore } = reminderSettings(env);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  // one run at a time, the next one pollMs after the last ended
  const next = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = sendDueReminders(db, { daysBefore })
        .then(
          (r) => {
            if (r.sent > 0) console.log(`reminders: ${r.sent} sent, ${r.skipped} already sent`);
          },
          (error: unknown) => console.error('reminders: run failed', error),
        )
        .finally(() => next(pollMs));
    }, delay);
    timer.unref();
  };
  const worker: ReminderWorker = {
    async drain() {
      stopped = true;
      clearTimeout(timer);
      globalThis.__jiebangReminderWorker = undefined;
      await running;
    },
  };
  globalThis.__jiebangReminderWorker = worker;
  console.log(`reminders: job started (every ${pollMs} ms)`);
  // a first run soon after start, not at once: the server is still warming up
  next(5_000);
  return worker;
}
