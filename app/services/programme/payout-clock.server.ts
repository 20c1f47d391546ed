// The payout clock made public: days from a milestone's acceptance to the payment of its
// instalment, for the programme and per enterprise (/stats, /stats.json, the open data), and the
// payments paid past the limit (the bureau's payments desk). Every paid instalment is read once
// per data version and kept, like the other figures of /stats (docs/decisions/026 and 032); a
// period's figures are those of the payments made in it.
import { partyId } from '~/domain/ocds';
import { type Period, periodBounds, periodKey } from '~/domain/period';
import {
  type LeadTimeRecord,
  payoutBreach,
  type PayoutClockFigures,
  payoutClockFigures,
} from '~/domain/payout-lead-times';
import { createMemo, instanceKey } from '~/lib/data-version.server';
import type { Db } from '~/lib/db.server';
import { toFen } from '~/lib/fen';
import { ocdsPrefix } from '~/services/open-data/config.server';

export type { PayoutClockFigures } from '~/domain/payout-lead-times';

export type PaidInstalment = LeadTimeRecord & {
  id: string;
  contractCode: string;
  seq: number;
  title: string;
  amountFen: number;
  team: { name: string; nameEn: string | null };
};

/**
 * The tables paidInstalments() reads: payments, their milestones and contracts, the parties'
 * names. A read of another table added to it must be added here.
 */
export const PAYOUT_CLOCK_TABLES = [
  'Disbursement',
  'Milestone',
  'Contract',
  'Organization',
] as const;

/** The memo of this file: the paid instalments, and a few periods' figures. */
export const payoutClockMemo = createMemo({ maxKeys: 8, tables: PAYOUT_CLOCK_TABLES });

/** Every paid instalment whose milestone has an acceptance date, paid last first. */
export function paidInstalments(db: Db): Promise<PaidInstalment[]> {
  const version = payoutClockMemo.version();
  return payoutClockMemo.get(`paid ${instanceKey(db)}`, version, async () => {
    const rows = await db.disbursement.findMany({
      where: { status: 'PAID', paidAt: { not: null }, milestone: { acceptedAt: { not: null } } },
      orderBy: [{ paidAt: 'desc' }, { id: 'asc' }],
      select: {
        id: true,
        amountFen: true,
        paidAt: true,
        milestone: { select: { seq: true, title: true, acceptedAt: true } },
        contract: {
          select: {
            code: true,
            team: { select: { name: true, nameEn: true } },
            enterprise: { select: { id: true, name: true, nameEn: true, creditCode: true } },
          },
        },
      },
    });
    return rows.map((r) => ({
      id: r.id,
      contractCode: r.contract.code,
      seq: r.milestone.seq,
      title: r.milestone.title,
      amountFen: toFen(r.amountFen),
      team: r.contract.team,
      enterprise: r.contract.enterprise,
      acceptedAt: r.milestone.acceptedAt!,
      paidAt: r.paidAt!,
    }));
  });
}

/** The payout clock of the payments made in a period, memoised per data version and period. */
export function periodPayoutClock(db: Db, period: Period): Promise<PayoutClockFigures> {
  return payoutClockMemo.get(
    `figures ${instanceKey(db)} ${periodKey(period)}`,
    payoutClockMemo.version(),
    async () => {
      const { from, to } = periodBounds(period);
      const paid = await paidInstalments(db);
      return payoutClockFigures(
        paid.filter((p) => (!from || p.paidAt >= from) && (!to || p.paidAt < to)),
      );
    },
  );
}

/** Instalments paid more than `limitDays` calendar days after acceptance, paid last first. */
export async function paidLate(db: Db, limitDays: number, now = new Date()) {
  const paid = await paidInstalments(db);
  return paid.flatMap((p) => {
    const breach = payoutBreach(p.acceptedAt, p.paidAt, now, limitDays);
    return breach ? [{ ...p, days: breach.days }] : [];
  });
}

/**
 * The figures as the open data and /stats.json publish them: counts and days, each enterprise
 * by its names and its party id in the OCDS releases (docs/decisions/022).
 */
export function publishedPayoutClock(f: PayoutClockFigures, limitDays: number) {
  return {
    unit: 'days',
    limitDays,
    programme: f.programme,
    enterprises: f.enterprises.map((e) => ({
      partyId: partyId(ocdsPrefix, { ...e, creditCode: e.creditCode ?? null }),
      name: e.name,
      nameEn: e.nameEn,
      count: e.count,
      medianDays: e.medianDays,
      p90Days: e.p90Days,
    })),
  };
}
