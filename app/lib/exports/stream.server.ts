// A list as a file download that streams: the rows come in batches (the services read them by
// keyset), each batch is written and handed on before the next is read, so the memory an
// export holds does not grow with the number of rows. CSV (./csv.ts) or an Excel workbook
// written by exceljs' streaming WorkbookWriter.
import { PassThrough, Readable, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Locale } from '~/i18n/i18n';
import { CSV_BOM, csvRecord } from './csv';
import { csvCell, sheetCell, sheetWidth, SHEET_FORMATS, type Column } from './table';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The format a request asks for: its path's extension (…/contracts.csv, …/contracts.xlsx). */
export function exportFormatOf(request: Request): ExportFormat {
  return new URL(request.url).pathname.endsWith('.xlsx') ? 'xlsx' : 'csv';
}

export type ExportTable<R> = {
  format: ExportFormat;
  /** the file's name, without its extension: ASCII letters, digits and dashes */
  name: string;
  /** the Excel sheet's name (at most 31 characters) */
  sheet: string;
  columns: readonly Column<R>[];
  locale: Locale;
  /** the rows in batches, read while the file is sent */
  batches: AsyncIterable<readonly R[]>;
  cacheControl: string;
};

/** The table as a download of its format, the body streaming. */
export function exportResponse<R>(table: ExportTable<R>): Response {
  const body = table.format === 'csv' ? csvBody(table) : sheetBody(table);
  const today = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      'Content-Type': CONTENT_TYPES[table.format],
      'Content-Disposition': `attachment; filename="${table.name}-${today}.${table.format}"`,
      'Cache-Control': table.cacheControl,
      // the headers' language follows the language cookie
      Vary: 'Cookie',
    },
  });
}

function csvBody<R>({ columns, locale, batches }: ExportTable<R>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const rows = batches[Symbol.asyncIterator]();
  let headed = false;
  // pulled: the next batch is read only when the one before has been taken by the client
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headed) {
        headed = true;
        controller.enqueue(encoder.encode(CSV_BOM + csvRecord(columns.map((c) => c.header))));
        return;
      }
      const next = await rows.next();
      if (next.done) {
        controller.close();
        return;
      }
      let text = '';
      for (const row of next.value)
        text += csvRecord(columns.map((c) => csvCell(c.kind, c.value(row), locale)));
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await rows.return?.();
    },
  });
}

/** Resolves once `stream` may take more (at once if it may now), or once `out` is gone. */
function roomIn(stream: Writable, out: Writable): Promise<void> {
  if (!stream.writableNeedDrain || out.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      out.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    out.on('close', done);
  });
}

function sheetBody<R>(table: ExportTable<R>): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    // shared strings would keep every distinct text in memory until the end
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(table.sheet.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = table.columns.map((c, i) => ({
    key: String(i),
    width: sheetWidth(c),
    style: SHEET_FORMATS[c.kind] ? { numFmt: SHEET_FORMATS[c.kind] } : {},
  }));
  // The worksheet's XML goes through a buffer of exceljs into the zip's entry stream, which
  // does not tell when it is full; waiting for that entry stream (and for the output) to
  // drain after each batch keeps what is buffered to about one batch.
  const entry = () =>
    ((sheet as unknown as { stream: { pipes?: Writable[] } }).stream.pipes ?? []) as Writable[];
  const write = async () => {
    const header = sheet.addRow(table.columns.map((c) => c.header));
    header.font = { bold: true };
    header.commit();
    for await (const batch of table.batches) {
      if (out.destroyed) break;
      for (const row of batch)
        sheet.addRow(table.columns.map((c) => sheetCell(c.kind, c.value(row)))).commit();
      for (const stream of [...entry(), out]) await roomIn(stream, out);
    }
    if (out.destroyed) return;
    sheet.commit();
    await workbook.commit();
  };
  // begun at the first read: an answer nobody reads costs nothing
  return pulled(out, () => void write().catch((error: unknown) => out.destroy(error as Error)));
}

/**
 * A Node stream as a web stream that reads a chunk only when one is asked for (calling `start`
 * before the first), and destroys the stream when the reader cancels (the client went away).
 * (Readable.toWeb on Node 20 can enqueue after a cancel: an uncaught error.)
 */
function pulled(stream: Readable, start: () => void): ReadableStream<Uint8Array> {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        start();
      }
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(new Uint8Array(next.value));
    },
    async cancel() {
      await chunks.return?.();
    },
  });
}
