// npm run outbox:run — drains the outbox of DATABASE_URL once: claims every due job (a PENDING
// one whose time has come, or a RUNNING one whose worker's lease ran out), runs it and records
// the outcome, then exits. For operators (after an outage, or where no app server runs the
// worker); safe while app servers run theirs, since claiming is guarded in the database
// (docs/decisions/012-stripe-rail-and-outbox.md). Exits 1 when a job failed or was abandoned.
import { createDb } from '../app/lib/db.server';
import { logJob, outboxSettings } from '../app/services/payments/outbox-worker.server';
import { runOutbox } from '../app/lib/outbox.server';
import { stripeOutboxHandlers } from '../app/services/payments/stripe-rail.server';
import { isStripeConfigured } from '../app/lib/stripe/client.server';

const url = process.env.DATABASE_URL ?? 'file:./data/jiebang.db';
const db = createDb(url);

try {
  if (!isStripeConfigured())
    console.warn(
      'outbox: STRIPE_SECRET_KEY / STRIPE_WEBHOOK_SECRET are not set; Stripe jobs will fail to run',
    );
  const { leaseMs } = outboxSettings();
  const summary = await runOutbox({
    db,
    handlers: stripeOutboxHandlers,
    leaseMs,
    limit: 10_000,
    onJob: logJob,
  });
  const waiting = await db.outboxJob.groupBy({ by: ['status'], _count: { _all: true } });
  console.log(
    `outbox: ${summary.claimed} claimed, ${summary.done} done, ${summary.retried} to retry later, ${summary.failed} failed, ${summary.leaseLost} overtaken`,
  );
  console.log(
    `outbox: jobs by status: ${waiting.map((w) => `${w.status} ${w._count._all}`).join(', ') || 'none'}`,
  );
  if (summary.failed > 0) process.exitCode = 1;
} finally {
  await db.$disconnect();
}
