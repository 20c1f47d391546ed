// The bureau's registered contracts (/review/contracts) as a file: the same status filter and
// order as the list (newest signing first), every contract rather than the list's first 200.
import { isContractStatus } from '~/domain/contract';
import type { Db } from '~/lib/db.server';
import { contractColumns, type ContractExportRow } from '~/lib/exports/columns';
import { toFen } from '~/lib/fen';
import { contractListSelect } from '~/services/contracts/lists.server';
import { EXPORT_BATCH, keysetBatches, keysetPage, listExport } from './batches.server';

// the list's row, plus what was paid
const exportSelect = {
  ...contractListSelect,
  disbursements: { where: { status: 'PAID' }, select: { amountFen: true } },
} as const;

/** The list's filter of a URL: a contract status, or none for a value that is not one. */
export function contractsFilter(params: URLSearchParams) {
  const status = params.get('status') ?? '';
  return isContractStatus(status) ? { status } : {};
}

/** The contracts of the list's filter in `params`, batch by batch in the list's order. */
export function contractRows(db: Db, params: URLSearchParams, size = EXPORT_BATCH) {
  const where = contractsFilter(params);
  const page = (last: { signedAt: Date; code: string } | null, take: number) =>
    db.contract.findMany({
      ...keysetPage(where, 'desc', 'signedAt', 'code', last),
      take,
      select: exportSelect,
    });
  const toRow = (c: Awaited<ReturnType<typeof page>>[number]): ContractExportRow => ({
    code: c.code,
    challengeCode: c.challenge.code,
    title: c.challenge.title,
    enterprise: c.enterprise.name,
    team: c.team.name,
    rewardFen: toFen(c.rewardFen),
    rdInvestmentFen: toFen(c.rdInvestmentFen),
    paidFen: c.disbursements.reduce((sum, d) => sum + toFen(d.amountFen), 0),
    signedAt: c.signedAt,
    milestones: c.milestones.length,
    accepted: c.milestones.filter((m) => m.status === 'ACCEPTED').length,
    status: c.status,
  });
  return keysetBatches(page, (batch) => batch.map(toRow), size);
}

export function contractsExport(db: Db, request: Request) {
  return listExport(request, {
    sheet: 'contracts',
    columns: contractColumns,
    rows: (params) => contractRows(db, params),
  });
}
