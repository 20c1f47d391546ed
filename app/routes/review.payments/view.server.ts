// The bureau's payments dashboard (/review/payments): what waits for a request, an approval, a
// transfer or a retry, each list oldest first and bounded, with totals over all of it.
import type { DisbursementStatus } from '~/domain/disbursement';
import { calendarDays } from '~/domain/payout-clock';
import { payoutBreach } from '~/domain/payout-lead-times';
import { startOfShanghaiDay } from '~/domain/shanghai-date';
import type { Db, Prisma } from '~/lib/db.server';
import { toFen } from '~/lib/fen';
import { payoutAlertDays } from '~/services/operations/metrics.server';
import { iso, namesOf } from '~/services/payments/schedule.server';
import { paidLate } from '~/services/programme/payout-clock.server';

const DAY_MS = 86_400_000;

/** How many rows each list of the dashboard shows (oldest first); totals count them all. */
export const DASHBOARD_LIMIT = 100;

const WAITING = {
  status: 'ACCEPTED',
  confirmedAt: { not: null },
  disbursement: { is: null },
  contract: { status: { not: 'TERMINATED' } },
} as const;

const rowSelect = {
  id: true,
  amountFen: true,
  attempt: true,
  requestedById: true,
  requestedAt: true,
  approvedById: true,
  approvedAt: true,
  failureReason: true,
  milestone: { select: { seq: true, title: true, acceptedAt: true, confirmedAt: true } },
  contract: { select: { code: true, team: { select: { name: true, nameEn: true } } } },
} as const;

/** A milestone as a row of the desk's lists of instalments not yet requested or paid. */
const milestoneSelect = {
  id: true,
  seq: true,
  title: true,
  amountFen: true,
  acceptedAt: true,
  confirmedAt: true,
  contract: { select: { code: true, team: { select: { name: true, nameEn: true } } } },
} as const;

function milestoneRow(m: {
  id: string;
  seq: number;
  title: string;
  amountFen: bigint;
  contract: { code: string; team: { name: string; nameEn: string | null } };
}) {
  return {
    milestoneId: m.id,
    contractCode: m.contract.code,
    team: m.contract.team,
    seq: m.seq,
    title: m.title,
    amountFen: toFen(m.amountFen),
  };
}

/**
 * Accepted instalments still unpaid more than `limitDays` calendar days (Asia/Shanghai) after
 * their acceptance, as the payout clock counts them: accepted before the start of the day
 * `limitDays` days ago (docs/decisions/032). A reversed payment is not owed again.
 */
function overdue(now: Date, limitDays: number): Prisma.MilestoneWhereInput {
  const cutoff = new Date(startOfShanghaiDay(now).getTime() - limitDays * DAY_MS);
  return {
    status: 'ACCEPTED',
    acceptedAt: { lt: cutoff },
    contract: { status: { not: 'TERMINATED' } },
    OR: [{ disbursement: null }, { disbursement: { status: { notIn: ['PAID', 'REVERSED'] } } }],
  };
}

/**
 * The instalments past the payout limit: those still unpaid (oldest acceptance first) and those
 * paid late (last paid first), each bounded, with their counts.
 */
async function breaches(db: Db, now: Date, limit: number, limitDays: number) {
  const where = overdue(now, limitDays);
  const [unpaid, unpaidCount, late] = await Promise.all([
    db.milestone.findMany({
      where,
      orderBy: [{ acceptedAt: 'asc' }, { id: 'asc' }],
      take: limit,
      select: { ...milestoneSelect, disbursement: { select: { status: true } } },
    }),
    db.milestone.count({ where }),
    paidLate(db, limitDays, now),
  ]);
  return {
    limitDays,
    unpaid: {
      rows: unpaid.map((m) => ({
        ...milestoneRow(m),
        acceptedAt: iso(m.acceptedAt),
        state: m.disbursement?.status ?? (m.confirmedAt ? 'payable' : 'unconfirmed'),
        days: m.acceptedAt ? calendarDays(m.acceptedAt, now) : null,
      })),
      count: unpaidCount,
    },
    paidLate: {
      rows: late.slice(0, limit).map((p) => ({
        id: p.id,
        contractCode: p.contractCode,
        team: p.team,
        seq: p.seq,
        title: p.title,
        amountFen: p.amountFen,
        acceptedAt: p.acceptedAt.toISOString(),
        paidAt: p.paidAt.toISOString(),
        days: p.days,
      })),
      count: late.length,
    },
  };
}

/**
 * What the bureau has to pay: accepted and confirmed milestones nobody has requested yet,
 * requests awaiting an admin's approval, approved payments awaiting their transfer, failed
 * payments to request again, each oldest first and bounded, with totals over all of them; and
 * the instalments past the payout limit (PAYOUT_ALERT_DAYS), each row of the lists flagged
 * with its days since acceptance when it is one of them.
 */
export async function paymentsDashboard(
  db: Db,
  now = new Date(),
  limit = DASHBOARD_LIMIT,
  limitDays = payoutAlertDays(),
) {
  const over = (acceptedAt: Date | null) =>
    payoutBreach(acceptedAt, null, now, limitDays)?.days ?? null;
  const list = (status: DisbursementStatus, order: 'requestedAt' | 'approvedAt') =>
    db.disbursement.findMany({
      where: { status },
      orderBy: [{ [order]: 'asc' }, { id: 'asc' }],
      take: limit,
      select: rowSelect,
    });
  const [waiting, waitingTotals, requested, approved, failed, byStatus, overLimit] =
    await Promise.all([
      db.milestone.findMany({
        where: WAITING,
        orderBy: [{ confirmedAt: 'asc' }, { id: 'asc' }],
        take: limit,
        select: milestoneSelect,
      }),
      db.milestone.aggregate({
        where: WAITING,
        _count: { _all: true },
        _sum: { amountFen: true },
      }),
      list('REQUESTED', 'requestedAt'),
      list('APPROVED', 'approvedAt'),
      list('FAILED', 'requestedAt'),
      db.disbursement.groupBy({
        by: ['status'],
        _count: { _all: true },
        _sum: { amountFen: true },
      }),
      breaches(db, now, limit, limitDays),
    ]);
  const name = await namesOf(
    db,
    [...requested, ...approved, ...failed].flatMap((d) => [d.requestedById, d.approvedById]),
  );
  const totalsOf = (status: DisbursementStatus) => {
    const g = byStatus.find((s) => s.status === status);
    return { count: g?._count._all ?? 0, amountFen: toFen(g?._sum.amountFen ?? 0n) };
  };
  const row = (d: (typeof requested)[number]) => ({
    id: d.id,
    contractCode: d.contract.code,
    team: d.contract.team,
    seq: d.milestone.seq,
    title: d.milestone.title,
    amountFen: toFen(d.amountFen),
    attempt: d.attempt,
    requestedAt: iso(d.requestedAt),
    requestedBy: name(d.requestedById),
    approvedAt: iso(d.approvedAt),
    approvedBy: name(d.approvedById),
    failureReason: d.failureReason,
    days: d.milestone.confirmedAt ? calendarDays(d.milestone.confirmedAt, now) : null,
    overLimitDays: over(d.milestone.acceptedAt),
  });
  return {
    waiting: {
      rows: waiting.map((m) => ({
        ...milestoneRow(m),
        confirmedAt: iso(m.confirmedAt),
        days: m.confirmedAt ? calendarDays(m.confirmedAt, now) : 0,
        overLimitDays: over(m.acceptedAt),
      })),
      count: waitingTotals._count._all,
      amountFen: toFen(waitingTotals._sum.amountFen ?? 0n),
    },
    requested: { rows: requested.map(row), ...totalsOf('REQUESTED') },
    approved: { rows: approved.map(row), ...totalsOf('APPROVED') },
    failed: { rows: failed.map(row), ...totalsOf('FAILED') },
    paid: totalsOf('PAID'),
    breaches: overLimit,
    limit,
  };
}
