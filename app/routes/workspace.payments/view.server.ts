// An organisation's reward payments (/workspace/payments): a team's instalments, or those of an
// enterprise's contracts, contract by contract with their totals.
import { IN_FLIGHT_STATUSES, instalmentState, PAID_STATUSES } from '~/domain/disbursement';
import { sumFen } from '~/domain/money';
import type { Db } from '~/lib/db.server';
import { toFen } from '~/lib/fen';
import type { Actor } from '~/services/kernel/actor';
import { iso } from '~/services/payments/schedule.server';

const ORG_CONTRACTS_LIMIT = 200;

/**
 * The instalments of an organisation's contracts: a team's (what it was paid and when) or an
 * enterprise's (what the bureau paid the teams of its contracts), newest contract first.
 */
export async function organizationPayments(db: Db, viewer: Actor) {
  const where =
    viewer.role === 'TEAM'
      ? { teamId: viewer.organizationId }
      : viewer.role === 'ENTERPRISE'
        ? { enterpriseId: viewer.organizationId }
        : null;
  if (!where) return null;
  const contracts = await db.contract.findMany({
    where,
    orderBy: [{ signedAt: 'desc' }, { code: 'desc' }],
    take: ORG_CONTRACTS_LIMIT,
    select: {
      code: true,
      status: true,
      rewardFen: true,
      challenge: { select: { title: true, titleEn: true } },
      enterprise: { select: { name: true, nameEn: true } },
      team: { select: { name: true, nameEn: true } },
      milestones: {
        orderBy: { seq: 'asc' },
        select: {
          seq: true,
          title: true,
          amountFen: true,
          status: true,
          confirmedAt: true,
          disbursement: {
            select: {
              status: true,
              amountFen: true,
              paidAt: true,
              rail: true,
              bankReference: true,
              stripeTransferId: true,
            },
          },
        },
      },
    },
  });
  const rows = contracts.map((c) => {
    const instalments = c.milestones.map((m) => {
      const d = m.disbursement;
      return {
        seq: m.seq,
        title: m.title,
        amountFen: d ? toFen(d.amountFen) : toFen(m.amountFen),
        state: instalmentState(c.status, m, d),
        paidAt: d?.status === 'PAID' ? iso(d.paidAt) : null,
        reference: d?.status === 'PAID' ? (d.bankReference ?? d.stripeTransferId) : null,
      };
    });
    const sumOf = (states: readonly string[]) =>
      sumFen(instalments.filter((i) => states.includes(i.state)).map((i) => i.amountFen));
    return {
      code: c.code,
      status: c.status,
      challenge: c.challenge,
      counterpart: viewer.role === 'TEAM' ? c.enterprise : c.team,
      rewardFen: toFen(c.rewardFen),
      paidFen: sumOf(PAID_STATUSES),
      inFlightFen: sumOf(IN_FLIGHT_STATUSES),
      instalments,
    };
  });
  return {
    role: viewer.role,
    contracts: rows,
    totals: {
      rewardFen: sumFen(rows.map((r) => r.rewardFen)),
      paidFen: sumFen(rows.map((r) => r.paidFen)),
      inFlightFen: sumFen(rows.map((r) => r.inFlightFen)),
    },
  };
}
