// The pages of reward disbursements (人才奖励资金兑付): the payment schedule and history on a
// contract's page, the bureau's payments dashboard, an organisation's payments, and the
// contract page's payment actions. The lifecycle, the money checks and the ledger are the
// disbursement service's (disbursements.server.ts); here are the reads (explicit selects, a
// fixed number of queries per page whatever the number of rows) and a thin wrapper that
// notifies the team in the same transaction as the payment's change.
import { FourEyesError } from '~/domain/award';
import {
  availableFen,
  IN_FLIGHT_STATUSES,
  instalmentState,
  OverpaymentError,
  paymentActionsFor,
  PAID_STATUSES,
  type DisbursementStatus,
} from '~/domain/disbursement';
import { formatWan, sumFen } from '~/domain/money';
import { calendarDays, payoutClock } from '~/domain/payout-clock';
import { isStaffRole, type Role } from '~/domain/roles';
import { parseShanghaiDate, shanghaiDateString } from '~/domain/shanghai-date';
import type { PaymentActionInput, PaymentIntent } from '~/forms/payments';
import type { Db, Tx } from '~/lib/db.server';
import { toFen } from '~/lib/fen';
import {
  approveDisbursement,
  DisbursementError,
  failDisbursement,
  isDisbursementRefusal,
  isRefusalBeforeWrite,
  recordBankTransfer,
  requestDisbursement,
  retryDisbursement,
  reverseDisbursement,
  type Staff,
} from '~/services/payments/disbursements.server';
import { StripeAccountMissingError } from '~/services/payments/stripe-rail.server';
import { deliver } from '~/lib/mail.server';
import { notifyOrganization } from '~/services/kernel/notify.server';

export type Viewer = { id: string; role: Role; organizationId: string };

/** How many rows each list of the dashboard shows (oldest first); totals count them all. */
export const DASHBOARD_LIMIT = 100;
const ORG_CONTRACTS_LIMIT = 200;
const HISTORY_LIMIT = 500;
const TX_OPTIONS = { maxWait: 20_000, timeout: 30_000 };

const iso = (d: Date | null) => d?.toISOString() ?? null;

async function namesOf(db: Db, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  const users = wanted.length
    ? await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } })
    : [];
  const byId = new Map(users.map((u) => [u.id, u.name]));
  return (id: string | null) => (id ? (byId.get(id) ?? null) : null);
}

function parseData(data: string | null): Record<string, unknown> {
  if (!data) return {};
  try {
    const parsed: unknown = JSON.parse(data);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const disbursementSelect = {
  id: true,
  status: true,
  attempt: true,
  rail: true,
  amountFen: true,
  requestedById: true,
  requestedAt: true,
  approvedById: true,
  approvedAt: true,
  paidAt: true,
  bankReference: true,
  stripeTransferId: true,
  confirmedById: true,
  failureReason: true,
  reversedAt: true,
} as const;

// ---------------------------------------------------------------------------------------------
// A contract's payment schedule and history

function partyOf(viewer: Viewer, c: { enterpriseId: string; teamId: string }) {
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
export async function paymentSchedule(db: Db, viewer: Viewer, code: string, now = new Date()) {
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
      const data = parseData(e.data);
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

// ---------------------------------------------------------------------------------------------
// The bureau's dashboard

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

// ---------------------------------------------------------------------------------------------
// An organisation's payments

/**
 * The instalments of an organisation's contracts: a team's (what it was paid and when) or an
 * enterprise's (what the bureau paid the teams of its contracts), newest contract first.
 */
export async function organizationPayments(db: Db, viewer: Viewer) {
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

// ---------------------------------------------------------------------------------------------
// Actions of the contract page

export type PaymentField = 'reference' | 'paidOn' | 'reason';

export type PaymentActionResult =
  | { ok: true; done: PaymentIntent | 'recordTransferUnchanged' }
  | { ok: false; error: 'notFound' | 'forbidden' }
  | { ok: false; error: string; field?: PaymentField };

/** A refusal of the disbursement service as a message key (payments.errors.*) and its field. */
function refusalResult(error: unknown): PaymentActionResult {
  if (error instanceof FourEyesError) return { ok: false, error: 'fourEyes' };
  if (error instanceof OverpaymentError) return { ok: false, error: 'overpayment' };
  const e = error as DisbursementError;
  switch (e.code) {
    case 'notFound':
    case 'forbidden':
      return { ok: false, error: e.code };
    case 'invalidEvidence': {
      const detail = e.detail ?? 'date';
      return {
        ok: false,
        error: detail,
        field: detail === 'reference' ? 'reference' : 'paidOn',
      };
    }
    case 'referenceInUse':
    case 'alreadyPaid':
      return { ok: false, error: e.code, field: 'reference' };
    case 'reasonRequired':
      return { ok: false, error: e.code, field: 'reason' };
    default:
      return { ok: false, error: e.code };
  }
}

type Notice = { kind: 'disbursement.paid' | 'disbursement.failed'; params: Record<string, string> };

/**
 * Runs a payment change and the team's notification in one transaction: the service joins the
 * caller's transaction, so the change, its audit record, its journal and the notification
 * commit together. A refusal ends the transaction without writes and is thrown after it.
 */
async function withNotice<T>(
  db: Db,
  teamId: string,
  link: string,
  origin: string | undefined,
  change: (tx: Tx) => Promise<{ value: T; notice: Notice | null }>,
): Promise<T> {
  const out = await db.$transaction(async (tx) => {
    try {
      const { value, notice } = await change(tx);
      const mailIds = notice
        ? await notifyOrganization(tx, teamId, { ...notice, link, origin })
        : [];
      return { value, mailIds };
    } catch (error) {
      // a refusal after a failed write is thrown on, so that the transaction rolls back
      if (isRefusalBeforeWrite(error)) return { refusal: error };
      throw error;
    }
  }, TX_OPTIONS);
  if ('refusal' in out) throw out.refusal;
  await deliver(db, out.mailIds);
  return out.value;
}

/**
 * One payment form of the contract page `code`, by a staff member (the route has checked the
 * role for the intent; the service checks it again). The milestone (and the disbursement the
 * form names) must belong to this contract, or the answer is notFound.
 */
export async function paymentAction(
  db: Db,
  actor: Viewer,
  code: string,
  input: PaymentActionInput,
  opts: { origin?: string; now?: Date } = {},
): Promise<PaymentActionResult> {
  const now = opts.now ?? new Date();
  if (!isStaffRole(actor.role)) return { ok: false, error: 'forbidden' };
  const m = await db.milestone.findFirst({
    where: { id: input.milestoneId, contract: { code } },
    select: {
      id: true,
      title: true,
      disbursement: { select: { id: true } },
      contract: { select: { code: true, teamId: true } },
    },
  });
  if (!m) return { ok: false, error: 'notFound' };
  const staff: Staff = { id: actor.id, role: actor.role };
  const link = `/workspace/contracts/${m.contract.code}`;
  const params = (amountFen: number) => ({
    contract: m.contract.code,
    title: m.title,
    amount: formatWan(amountFen, 'zh'),
  });

  let disbursementId = '';
  if (input.intent !== 'requestPayment') {
    if (!m.disbursement || m.disbursement.id !== input.disbursementId)
      return { ok: false, error: 'notFound' };
    disbursementId = m.disbursement.id;
  }

  try {
    switch (input.intent) {
      case 'requestPayment':
        await requestDisbursement(db, staff, m.id, { now });
        return { ok: true, done: input.intent };
      case 'retryPayment':
        await retryDisbursement(db, staff, disbursementId, { now });
        return { ok: true, done: input.intent };
      case 'approvePayment':
        await approveDisbursement(db, staff, disbursementId, { now });
        return { ok: true, done: input.intent };
      case 'reversePayment':
        await reverseDisbursement(db, staff, disbursementId, { reason: input.reason }, { now });
        return { ok: true, done: input.intent };
      case 'recordTransfer': {
        const paidOn = parseShanghaiDate(input.paidOn);
        if (!paidOn) return { ok: false, error: 'date', field: 'paidOn' };
        const changed = await withNotice(db, m.contract.teamId, link, opts.origin, async (tx) => {
          const r = await recordBankTransfer(
            tx,
            staff,
            disbursementId,
            { reference: input.reference, paidOn },
            { now },
          );
          const paidAt = r.disbursement.paidAt ?? paidOn;
          return {
            value: r.changed,
            notice: r.changed
              ? {
                  kind: 'disbursement.paid' as const,
                  params: {
                    ...params(r.disbursement.amountFen),
                    date: shanghaiDateString(paidAt),
                    reference: r.disbursement.bankReference ?? '',
                  },
                }
              : null,
          };
        });
        return { ok: true, done: changed ? 'recordTransfer' : 'recordTransferUnchanged' };
      }
      case 'failPayment':
        await withNotice(db, m.contract.teamId, link, opts.origin, async (tx) => {
          const d = await failDisbursement(
            tx,
            staff,
            disbursementId,
            { reason: input.reason },
            { now },
          );
          return {
            value: d,
            notice: {
              kind: 'disbursement.failed' as const,
              params: { ...params(d.amountFen), comment: d.failureReason ?? input.reason },
            },
          };
        });
        return { ok: true, done: input.intent };
    }
  } catch (error) {
    if (isDisbursementRefusal(error)) return refusalResult(error);
    // the Stripe rail rolls the approval back: the team must link its account first
    if (error instanceof StripeAccountMissingError)
      return { ok: false, error: 'stripeAccountMissing' };
    throw error;
  }
}
