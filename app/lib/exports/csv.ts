// CSV as RFC 4180 writes it, made to be opened in a spreadsheet: UTF-8 with a byte order mark
// (so that Excel reads Chinese as UTF-8), CRLF line ends, and text cells that cannot turn into
// formulas. Pure; the exports (app/lib/exports/stream.server.ts) write their rows with it.

/** The byte order mark a CSV file starts with. */
export const CSV_BOM = '\uFEFF';

// A spreadsheet reads a cell starting with one of these as a formula (or a DDE call): a
// challenge titled "=HYPERLINK(…)" must reach the reader as text.
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text as a spreadsheet must show it: a leading formula character gets an apostrophe. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field, quoted when it holds a quote, a comma or a line break (quotes doubled). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record: the fields, quoted as needed, and CRLF. */
export function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** Reads what csvRecord writes (RFC 4180, CRLF after every record) back into records. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted || (c !== ',' && c !== '\r')) {
      field += c;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (text[i + 1] === '\n') {
      records.push([...fields, field]);
      fields = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return records;
}
