// The applications of one challenge as the evaluation desk ranks them
// (/review/challenges/:code), as a file. The desk reads them (a challenge has some dozens), so
// the file is written from the desk's own rows: the same rows, ranks and averages it shows.
import { applicationColumns, type ApplicationExportRow } from '~/lib/exports/columns';
import { listExport } from './batches.server';

/** What the export needs of the desk (app/routes/review.challenges.$code/desk.server.ts). */
export type RankedApplications = {
  challenge: { code: string };
  criteria: readonly { name: string; nameEn: string | null; weight: number }[];
  rows: readonly ApplicationExportRow[];
};

async function* once<R>(rows: readonly R[]) {
  yield rows;
}

export function applicationsExport(request: Request, desk: RankedApplications) {
  return listExport(request, {
    sheet: 'applications',
    file: `applications-${desk.challenge.code.replace(/[^A-Za-z0-9-]/g, '')}`,
    columns: (t, locale) => applicationColumns(t, desk.criteria, locale),
    rows: () => once(desk.rows),
  });
}
