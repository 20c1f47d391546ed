// A table to export: columns with a translated header, a kind, and how a row gives the cell;
// and how each kind of cell is written in CSV (text) and in an Excel sheet (typed values).
// Pure: the lists' columns are in ./columns.ts, the writers in ./stream.server.ts.
import { formatWan, FEN_PER_WAN } from '~/domain/money';
import { shanghaiDateString, startOfShanghaiDay } from '~/domain/shanghai-date';
import type { Locale } from '~/i18n/i18n';
import { neutralizeFormula } from './csv';

/**
 * text: free text (neutralised in CSV); number: a count or a score; wan: an amount of fen shown
 * in 万元 for reading; fen: the same amount exact, in fen; date: a Shanghai calendar day;
 * datetime: a moment, to the second, in Shanghai time.
 */
export type CellKind = 'text' | 'number' | 'wan' | 'fen' | 'date' | 'datetime';
export type Cell = string | number | Date | null;

export type Column<R> = {
  header: string;
  kind: CellKind;
  value: (row: R) => Cell;
};

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** A moment as Shanghai's wall clock reads it, written as if it were UTC. */
function shanghaiWallClock(date: Date): Date {
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS);
}

function asDate(value: Cell): Date | null {
  if (value === null || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function asNumber(value: Cell): number | null {
  if (value === null || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** A cell as CSV text. */
export function csvCell(kind: CellKind, value: Cell, locale: Locale): string {
  if (value === null) return '';
  switch (kind) {
    case 'text':
      return neutralizeFormula(String(value));
    case 'number':
    case 'fen':
      return String(asNumber(value) ?? '');
    case 'wan': {
      const fen = asNumber(value);
      return fen === null ? '' : formatWan(fen, locale);
    }
    case 'date': {
      const date = asDate(value);
      return date ? shanghaiDateString(date) : '';
    }
    case 'datetime': {
      const date = asDate(value);
      return date ? shanghaiWallClock(date).toISOString().slice(0, 19).replace('T', ' ') : '';
    }
  }
}

/**
 * A cell as an Excel sheet holds it: text as a string (never a formula), numbers as numbers,
 * 万元 as a number (fen / 1,000,000), days and moments as dates on Shanghai's clock.
 */
export function sheetCell(kind: CellKind, value: Cell): string | number | Date | null {
  if (value === null) return null;
  switch (kind) {
    case 'text':
      return String(value);
    case 'number':
    case 'fen':
      return asNumber(value);
    case 'wan': {
      const fen = asNumber(value);
      return fen === null ? null : fen / FEN_PER_WAN;
    }
    case 'date': {
      const date = asDate(value);
      return date ? shanghaiWallClock(startOfShanghaiDay(date)) : null;
    }
    case 'datetime': {
      const date = asDate(value);
      return date ? shanghaiWallClock(date) : null;
    }
  }
}

/** The number format of each kind's column in an Excel sheet. */
export const SHEET_FORMATS: Record<CellKind, string | undefined> = {
  text: undefined,
  number: undefined,
  wan: '#,##0.00',
  fen: '0',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm:ss',
};

/** A sheet column's width in characters: wide enough for its header and typical values. */
export function sheetWidth(column: { header: string; kind: CellKind }): number {
  // a CJK character takes two columns' width
  const header = [...column.header].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  const value = { text: 24, number: 8, wan: 12, fen: 14, date: 11, datetime: 20 }[column.kind];
  return Math.min(Math.max(header + 2, value), 60);
}
