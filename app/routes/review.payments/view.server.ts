// The bureau's payments dashboard (/review/payments): what waits for a request, an approval, a
// transfer or a retry, each list oldest first and bounded, with totals over all of it.
import type { DisbursementStatus } from '~/domain/disbursement';
import { calendarDays } from '~/domain/payout-clock';
import type { Db } from '~/lib/db.server';
import { toFen } from '~/lib/fen';
import { iso, namesOf } from '~/services/payments/schedule.server';

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
  milestone: { select: { seq: true, title: true, confirmedAt: true } },
  contract: { select: { code: true, team: { select: { name: true, nameEn: true } } } },
} as const;

/**
 * What the bureau has to pay: accepted and confirmed milestones nobody has requested yet,
 * requests awaiting an admin's approval, approved payments awaiting their transfer, failed
 * payments to request again, each oldest first and bounded, with totals over all of them.
 */
export async function paymentsDashboard(db: Db, now = new Date(), limit = DASHBOARD_LIMIT) {
  const list = (status: DisbursementStatus, order: 'requestedAt' | 'approvedAt') =>
    db.disbursement.findMany({
      where: { status },
      orderBy: [{ [order]: 'asc' }, { id: 'asc' }],
      take: limit,
      select: rowSelect,
    });
  const [waiting, waitingTotals, requested, approved, failed, byStatus] = await Promise.all([
    db.milestone.findMany({
      where: WAITING,
      orderBy: [{ confirmedAt: 'asc' }, { id: 'asc' }],
      take: limit,
      select: {
        id: true,
        seq: true,
        title: true,
        amountFen: true,
        confirmedAt: true,
        contract: { select: { code: true, team: { select: { name: true, nameEn: true } } } },
      },
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
  });
  return {
    waiting: {
      rows: waiting.map((m) => ({
        milestoneId: m.id,
        contractCode: m.contract.code,
        team: m.contract.team,
        seq: m.seq,
        title: m.title,
        amountFen: toFen(m.amountFen),
        confirmedAt: iso(m.confirmedAt),
        days: m.confirmedAt ? calendarDays(m.confirmedAt, now) : 0,
      })),
      count: waitingTotals._count._all,
      amountFen: toFen(waitingTotals._sum.amountFen ?? 0n),
    },
    requested: { rows: requested.map(row), ...totalsOf('REQUESTED') },
    approved: { rows: approved.map(row), ...totalsOf('APPROVED') },
    failed: { rows: failed.map(row), ...totalsOf('FAILED') },
    paid: totalsOf('PAID'),
    limit,
  };
}
