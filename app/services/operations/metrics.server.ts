// The database's share of the Prometheus metrics, read at each scrape: the payment outbox's
// queue and the instalments whose payout clock has run past the alert.
import { startOfShanghaiDay } from '~/domain/shanghai-date';
import { db as defaultDb, type Db } from '~/lib/db.server';

const DAY_MS = 86_400_000;

export type QueueFigures = {
  outbox: Record<'PENDING' | 'RUNNING' | 'FAILED', number>;
  oldestDueSeconds: number;
  payoutBreaches: number;
};

/** PAYOUT_ALERT_DAYS: calendar days a confirmed instalment may wait unpaid (default 30). */
export function payoutAlertDays(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.PAYOUT_ALERT_DAYS ?? 30);
  return Number.isInteger(n) && n >= 1 && n <= 3650 ? n : 30;
}

export async function queueFigures(
  db: Db = defaultDb,
  now = new Date(),
  alertDays = payoutAlertDays(),
): Promise<QueueFigures> {
  // more than `alertDays` calendar days (Asia/Shanghai) since confirmation, as the payout
  // clock counts them: confirmed before the start of the day `alertDays` days ago
  const cutoff = new Date(startOfShanghaiDay(now).getTime() - alertDays * DAY_MS);
  const [byStatus, oldest, payoutBreaches] = await Promise.all([
    db.outboxJob.groupBy({
      by: ['status'],
      where: { status: { in: ['PENDING', 'RUNNING', 'FAILED'] } },
      _count: { _all: true },
    }),
    db.outboxJob.findFirst({
      where: { status: { in: ['PENDING', 'RUNNING'] }, runAfter: { lte: now } },
      orderBy: { runAfter: 'asc' },
      select: { runAfter: true },
    }),
    db.milestone.count({
      where: {
        confirmedAt: { lt: cutoff },
        OR: [{ disbursement: null }, { disbursement: { status: { notIn: ['PAID', 'REVERSED'] } } }],
      },
    }),
  ]);
  const outbox = { PENDING: 0, RUNNING: 0, FAILED: 0 };
  for (const g of byStatus) outbox[g.status as keyof typeof outbox] = g._count._all;
  return {
    outbox,
    oldestDueSeconds: oldest ? Math.max(0, (now.getTime() - oldest.runAfter.getTime()) / 1000) : 0,
    payoutBreaches,
  };
}
