// The app server's in-process mail sweeper (docs/decisions/024-mail-delivery.md). Mail is sent
// right after the commit that wrote it; this sends what that left behind: a message whose
// process died before sending it, and a failed one whose wait has passed. Started once per
// process by entry.server.tsx when SMTP_URL is set; not under Vitest (tests sweep themselves).
// Every instance may run one: each message is claimed by one sender.
import { db } from '~/lib/db.server';
import { sweepMail, type SweepSummary } from '~/lib/mail.server';

export const DEFAULT_MAIL_POLL_MS = 30_000;

export function mailPollMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MAIL_POLL_MS;
  const n = raw ? Number(raw) : DEFAULT_MAIL_POLL_MS;
  if (!Number.isInteger(n) || n < 1_000 || n > 3_600_000)
    throw new Error('MAIL_POLL_MS must be an integer between 1000 and 3600000');
  return n;
}

export function logSweep(s: SweepSummary) {
  if (s.sent + s.retry + s.failed + s.leaseLost === 0) return;
  const line = `mail: swept ${s.sent} sent, ${s.retry} to retry, ${s.failed} given up, ${s.leaseLost} overtaken`;
  if (s.retry + s.failed + s.leaseLost > 0) console.warn(line);
  else console.log(line);
}

type MailWorker = {
  /** Stops sweeping, and resolves once the message under way is sent (a shutdown). */
  drain(): Promise<void>;
};

declare global {
  var __jiebangMailWorker: MailWorker | undefined;
}

/** Starts this process's sweeper unless one runs, SMTP_URL is unset, or this is Vitest. */
export function startMailWorker(env: NodeJS.ProcessEnv = process.env): MailWorker | null {
  if (globalThis.__jiebangMailWorker) return globalThis.__jiebangMailWorker;
  if (env.VITEST || !env.SMTP_URL) return null;
  const pollMs = mailPollMs(env);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> = Promise.resolve();
  // one sweep at a time, the next one pollMs after the last ended
  const next = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      sweeping = sweepMail(db, { shouldStop: () => stopped })
        .then(logSweep, (error: unknown) => console.error('mail: sweep failed', error))
        .finally(next);
    }, pollMs);
    timer.unref();
  };
  const worker: MailWorker = {
    async drain() {
      stopped = true;
      clearTimeout(timer);
      globalThis.__jiebangMailWorker = undefined;
      await sweeping;
    },
  };
  globalThis.__jiebangMailWorker = worker;
  console.log(`mail: sweeper started (every ${pollMs} ms)`);
  next();
  return worker;
}
