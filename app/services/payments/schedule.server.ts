// A contract's reward payments as its page shows them (workspace.contracts.$code and the
// payment-schedule component): one instalment per milestone with its disbursement, payout clock
// and the forms the viewer may use, the contract's totals, and the disbursements' audit trail.
// Explicit selects and a fixed number of queries whatever the number of rows. The payments
// pages' view-models (app/routes/*.payments/) share its helpers.
import {
  availableFen,
  IN_FLIGHT_STATUSES,
  instalmentState,
  paymentActionsFor,
  PAID_STATUSES,
} from '~/domain/disbursement';
import { sumFen } from '~/domain/money';
import { payoutClock } from '~/domain/payout-clock';
import { isStaffRole } from '~/domain/roles';
import { shanghaiDateString } from '~/domain/shanghai-date';
import type { Db } from '~/lib/db.server';
import { toFen } from '~/lib/fen';
import type { Actor } from '~/services/kernel/actor';
import { auditData } from '~/services/kernel/audit.server';
import { DISBURSEMENT_TRAIL } from '~/services/payments/disbursement-rows.server';

const HISTORY_LIMIT = 500;

export const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Names of the given users, looked up at once; null for none. */
export async function namesOf(db: Db, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  const users = wanted.length
    ? await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } })
    : [];
  const byId = new Map(users.map((u) => [u.id, u.name]));
  return (id: string | null) => (id ? (byId.get(id) ?? null) : null);
}

const disbursementSelect = {
  id: true,
  status: true,
  attempt: true,
  rail: true,
  amountFen: true,
  ...DISBURSEMENT_TRAIL,
} as const;

function partyOf(viewer: Actor, c: { enterpriseId: string; teamId: string }) {
  if (isStaffRole(viewer.role)) return true;
  if (viewer.role === 'ENTERPRISE') return viewer.organizationId === c.enterpriseId;
  if (viewer.role === 'TEAM') return viewer.organizationId === c.teamId;
  return false;
}

/**
 * The contract's instalments (one per milestone) with their disbursement, payout clock and the
 * forms the viewer may use, the contract's totals, and the disbursements' audit trail. Staff
 * see who did what; the parties see the bureau as the actor. Null for anyone else.
 */
export async function paymentSchedule(db: Db, viewer: Actor, code: string, now = new Date()) {
  const c = await db.contract.findUnique({
    where: { code },
    select: {
      id: true,
      status: true,
      rewardFen: true,
      enterpriseId: true,
      teamId: true,
      milestones: {
        orderBy: { seq: 'asc' },
        select: {
          id: true,
          seq: true,
          title: true,
          amountFen: true,
          status: true,
          acceptedAt: true,
          confirmedAt: true,
          disbursement: { select: disbursementSelect },
        },
      },
    },
  });
  if (!c || !partyOf(viewer, c)) return null;
  const staff = isStaffRole(viewer.role);
  const disbursements = c.milestones.flatMap((m) => (m.disbursement ? [m.disbursement] : []));
  const events = disbursements.length
    ? await db.auditEvent.findMany({
        where: { entityType: 'Disbursement', entityId: { in: disbursements.map((d) => d.id) } },
        orderBy: [{ at: 'asc' }, { id: 'asc' }],
        take: HISTORY_LIMIT,
        select: { id: true, actorId: true, action: true, at: true, entityId: true, data: true },
      })
    : [];
  const name = staff
    ? await namesOf(db, [
        ...disbursements.flatMap((d) => [d.requestedById, d.approvedById, d.confirmedById]),
        ...events.map((e) => e.actorId),
      ])
    : () => null;
  const seqOf = new Map(disbursements.map((d) => [d.id, 0]));
  for (const m of c.milestones) if (m.disbursement) seqOf.set(m.disbursement.id, m.seq);

  const amountsIn = (statuses: readonly string[]) =>
    sumFen(disbursements.filter((d) => statuses.includes(d.status)).map((d) => toFen(d.amountFen)));
  const rewardFen = toFen(c.rewardFen);
  const paidFen = amountsIn(PAID_STATUSES);
  const inFlightFen = amountsIn(IN_FLIGHT_STATUSES);

  return {
    staff,
    today: shanghaiDateString(now),
    totals: {
      rewardFen,
      paidFen,
      inFlightFen,
      remainingFen: availableFen({ rewardFen, paidFen, inFlightFen }),
    },
    instalments: c.milestones.map((m) => {
      const d = m.disbursement;
      const state = instalmentState(c.status, m, d);
      return {
        milestoneId: m.id,
        seq: m.seq,
        title: m.title,
        amountFen: d ? toFen(d.amountFen) : toFen(m.amountFen),
        state,
        confirmedAt: iso(m.confirmedAt),
        clock: payoutClock(m.confirmedAt, d, now),
        actions: paymentActionsFor(viewer.role, c.status, state, d?.rail ?? null),
        disbursement: d
          ? {
              id: d.id,
              status: d.status,
              attempt: d.attempt,
              rail: d.rail,
              requestedAt: iso(d.requestedAt),
              requestedBy: name(d.requestedById),
              requestedByViewer: d.requestedById === viewer.id,
              approvedAt: iso(d.approvedAt),
              approvedBy: name(d.approvedById),
              paidAt: iso(d.paidAt),
              confirmedBy: name(d.confirmedById),
              bankReference: d.bankReference,
              stripeTransferId: d.stripeTransferId,
              failureReason: d.failureReason,
              reversedAt: iso(d.reversedAt),
            }
          : null,
      };
    }),
    history: events.map((e) => {
      const data = auditData(e.data);
      return {
        id: e.id,
        at: e.at.toISOString(),
        action: e.action,
        seq: seqOf.get(e.entityId) ?? null,
        actor: e.actorId ? name(e.actorId) : null,
        system: e.actorId === null,
        attempt: typeof data.attempt === 'number' ? data.attempt : null,
        reference: typeof data.reference === 'string' ? data.reference : null,
        reason: typeof data.reason === 'string' ? data.reason : null,
      };
    }),
  };
}

export type PaymentSchedule = NonNullable<Awaited<ReturnType<typeof paymentSchedule>>>;
