// Reading the lists' exported files in tests: calling an export route as a user (or anonymously),
// a CSV's records after its BOM, a workbook's first sheet.
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { db } from '~/lib/db.server';
import { parseCsv } from '~/lib/exports/csv';
import type { TestUser } from './factories';
import { args, signedInRequest, TEST_ORIGIN, thrownOrReturned } from './route-call';

export type Loader = (a: ReturnType<typeof args>) => unknown;

/** The export's answer: its records (the header first) after checking the BOM. */
export async function csvRecords(response: Response) {
  expect(response.status).toBe(200);
  expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
  expect(response.headers.get('Content-Disposition')).toMatch(
    /^attachment; filename="[\w-]+\.csv"$/,
  );
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parseCsv(
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.slice(3)),
  );
}

/** The workbook's first sheet as rows of cells (the header first). */
export async function sheetRows(response: Response) {
  expect(response.status).toBe(200);
  expect(response.headers.get('Content-Type')).toMatch(/spreadsheetml\.sheet$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const sheet = workbook.worksheets[0];
  const rows: ExcelJS.Row[] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => rows.push(row));
  return rows;
}

export const cellText = (row: ExcelJS.Row, i: number) => {
  const v = row.getCell(i + 1).value;
  return v === null || v === undefined ? '' : String(v);
};

/** What a loader answered: its data, or the Response it threw. */
export function call(loader: Loader, request: Request, params: Record<string, string> = {}) {
  return thrownOrReturned(async () => loader(args(request, params))) as Promise<unknown>;
}

/** The Response an export route answers `url` with, as `user` (anonymously without one). */
export async function exportOf(loader: Loader, url: string, user?: TestUser, params = {}) {
  const request = user ? await signedInRequest(db, user, url) : new Request(TEST_ORIGIN + url);
  const answer = await call(loader, request, params);
  expect(answer).toBeInstanceOf(Response);
  return answer as Response;
}
