// The bureau's payments (/review/payments) as files: every contract instalment with how far its
// payment is (filtered by that state: the dashboard's "waiting" list is PAYABLE), and every
// payment of an instalment (filtered by status: the dashboard's approval, approved and failed
// lists, and what was paid).
import {
  DISBURSEMENT_STATUSES,
  instalmentState,
  isDisbursementStatus,
  type InstalmentState,
} from '~/domain/disbursement';
import { isOneOf } from '~/domain/one-of';
import type { Db } from '~/lib/db.server';
import {
  instalmentColumns,
  paymentColumns,
  type InstalmentExportRow,
  type PaymentExportRow,
} from '~/lib/exports/columns';
import { toFen } from '~/lib/fen';
import { VIEW_ROW } from '~/services/payments/disbursement-rows.server';
import { namesOf } from '~/services/payments/schedule.server';
import { EXPORT_BATCH, keysetBatches, keysetPage, listExport } from './batches.server';
import { milestoneTermsSelect } from '~/services/contracts/selects';

export const INSTALMENT_STATES = [
  'NOT_DUE',
  'AWAITING_CONFIRMATION',
  'PAYABLE',
  'CLOSED',
  ...DISBURSEMENT_STATUSES,
] as const satisfies readonly InstalmentState[];

/** The instalments in `state`, as instalmentState() tells it, as a where clause. */
function instalmentWhere(state: InstalmentState) {
  if (isDisbursementStatus(state)) return { disbursement: { is: { status: state } } };
  const unpaid = { disbursement: { is: null } };
  const live = { ...unpaid, contract: { status: { not: 'TERMINATED' } } };
  switch (state) {
    case 'CLOSED':
      return { ...unpaid, contract: { status: 'TERMINATED' } };
    case 'NOT_DUE':
      return { ...live, status: { not: 'ACCEPTED' } };
    case 'AWAITING_CONFIRMATION':
      return { ...live, status: 'ACCEPTED', confirmedAt: null };
    case 'PAYABLE':
      return { ...live, status: 'ACCEPTED', confirmedAt: { not: null } };
  }
}

/** The instalments' filter of a URL: ?state=, or none for a value that is not a state. */
export function instalmentsFilter(params: URLSearchParams) {
  const state = params.get('state');
  return isOneOf(INSTALMENT_STATES, state) ? instalmentWhere(state) : {};
}

const instalmentSelect = {
  ...milestoneTermsSelect,
  confirmedAt: true,
  contract: {
    select: {
      code: true,
      status: true,
      challenge: { select: { code: true } },
      team: { select: { name: true } },
    },
  },
  disbursement: {
    select: {
      status: true,
      amountFen: true,
      paidAt: true,
      bankReference: true,
      stripeTransferId: true,
    },
  },
} as const;

/** The instalments of the filter in `params`, contract by contract (by code), in order. */
export function instalmentRows(db: Db, params: URLSearchParams, size = EXPORT_BATCH) {
  const where = instalmentsFilter(params);
  const page = (last: { seq: number; contract: { code: string } } | null, take: number) =>
    db.milestone.findMany({
      where: last
        ? {
            AND: [
              where,
              {
                OR: [
                  { contract: { code: { gt: last.contract.code } } },
                  { contract: { code: last.contract.code }, seq: { gt: last.seq } },
                ],
              },
            ],
          }
        : where,
      orderBy: [{ contract: { code: 'asc' } }, { seq: 'asc' }],
      take,
      select: instalmentSelect,
    });
  const toRow = (m: Awaited<ReturnType<typeof page>>[number]): InstalmentExportRow => {
    const d = m.disbursement;
    const paid = d?.status === 'PAID';
    return {
      contractCode: m.contract.code,
      challengeCode: m.contract.challenge.code,
      team: m.contract.team.name,
      seq: m.seq,
      title: m.title,
      dueDate: m.dueDate,
      shareBp: m.shareBp,
      amountFen: toFen(d ? d.amountFen : m.amountFen),
      milestoneStatus: m.status,
      acceptedAt: m.acceptedAt,
      confirmedAt: m.confirmedAt,
      state: instalmentState(m.contract.status, m, d),
      paidAt: paid ? d.paidAt : null,
      reference: paid ? (d.bankReference ?? d.stripeTransferId) : null,
    };
  };
  return keysetBatches(page, (batch) => batch.map(toRow), size);
}

export function instalmentsExport(db: Db, request: Request) {
  return listExport(request, {
    sheet: 'instalments',
    columns: instalmentColumns,
    rows: (params) => instalmentRows(db, params),
  });
}

/** The payments' filter of a URL: ?status=, or none for a value that is not a status. */
export function paymentsFilter(params: URLSearchParams) {
  const status = params.get('status');
  return isDisbursementStatus(status) ? { status } : {};
}

const paymentSelect = {
  ...VIEW_ROW,
  milestone: { select: { seq: true, title: true } },
  contract: { select: { code: true, team: { select: { name: true } } } },
} as const;

/** The payments of the filter in `params`, oldest request first, batch by batch. */
export function paymentRows(db: Db, params: URLSearchParams, size = EXPORT_BATCH) {
  const where = paymentsFilter(params);
  const page = (last: { requestedAt: Date; id: string } | null, take: number) =>
    db.disbursement.findMany({
      ...keysetPage(where, 'asc', 'requestedAt', 'id', last),
      take,
      select: paymentSelect,
    });
  const toRows = async (batch: Awaited<ReturnType<typeof page>>): Promise<PaymentExportRow[]> => {
    const name = await namesOf(
      db,
      batch.flatMap((d) => [d.requestedById, d.approvedById]),
    );
    return batch.map((d) => ({
      contractCode: d.contract.code,
      seq: d.milestone.seq,
      milestone: d.milestone.title,
      team: d.contract.team.name,
      amountFen: toFen(d.amountFen),
      status: d.status,
      rail: d.rail,
      attempt: d.attempt,
      requestedBy: name(d.requestedById),
      requestedAt: d.requestedAt,
      approvedBy: name(d.approvedById),
      approvedAt: d.approvedAt,
      paidAt: d.paidAt,
      reference: d.bankReference ?? d.stripeTransferId,
      failureReason: d.failureReason,
      reversedAt: d.reversedAt,
    }));
  };
  return keysetBatches(page, toRows, size);
}

export function paymentsExport(db: Db, request: Request) {
  return listExport(request, {
    sheet: 'payments',
    columns: paymentColumns,
    rows: (params) => paymentRows(db, params),
  });
}
