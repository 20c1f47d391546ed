// The app's tables: one row per record, its columns given as data, in the look of where it
// stands (a page, a card, a back-office list).
import type { ReactNode } from 'react';

export type Column<R> = {
  head: string;
  cell: (row: R) => ReactNode;
  /** a number column, right-aligned */
  align?: 'right';
  /** a heading for screen readers only (a column of buttons) */
  hidden?: boolean;
  /** what the cell adds to the common padding (font-mono …) */
  className?: string;
  /** the cell's data-testid */
  testId?: string;
  /** left out below 640 px (a record's last change …), so that the columns that matter keep room */
  secondary?: boolean;
};

/** The dashed box a list shows when it has nothing in it. */
export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <p className="rounded border border-dashed border-stone-300 p-8 text-center text-stone-600">
      {children}
    </p>
  );
}

const looks = {
  /** white on the page, under a ruled head row: the public pages, the workspaces, the desks */
  plain: {
    frame: 'overflow-x-auto',
    table: 'w-full border-collapse bg-white text-sm',
    shaded: false,
    row: 'border-b border-stone-200',
  },
  /** inside a card */
  card: {
    frame: 'overflow-x-auto',
    table: 'w-full border-collapse text-sm',
    shaded: false,
    row: 'border-b border-stone-200',
  },
  /** inside a card, under a shaded head */
  shaded: {
    frame: 'overflow-x-auto',
    table: 'w-full text-sm',
    shaded: true,
    row: 'border-t border-stone-200 align-top',
  },
  /** the back office's lists: framed, under a shaded head */
  framed: {
    frame: 'overflow-x-auto rounded border border-stone-200 bg-white',
    table: 'w-full text-sm',
    shaded: true,
    row: 'border-t border-stone-200 align-top',
  },
} as const;

function cellClass<R>(c: Column<R>) {
  const base = headClass(c);
  return c.className ? `${base} ${c.className}` : base;
}

function headClass<R>(c: Column<R>) {
  const base = c.align === 'right' ? 'p-2 text-right' : 'p-2';
  return c.secondary ? `${base} hidden sm:table-cell` : base;
}

type RowKey<R> = (row: R, index: number) => string | number;

/** How a row is told from the others: by its `id` unless `rowKey` says otherwise. */
type Keyed<R> =
  { rowKey: RowKey<R> } | (R extends { id: string | number } ? { rowKey?: undefined } : never);

const byId = (row: unknown) => (row as { id: string | number }).id;

/**
 * One row per record, or, when `empty` is given and there are no rows, that text instead: in the
 * dashed box of a page or a list, as a line in a card. A column given as `false` is left out (a
 * column only some viewers see).
 */
export function DataTable<R>({
  rows,
  rowKey = byId,
  columns,
  empty,
  look = 'plain',
  testId,
  rowTestId,
  foot,
  className,
}: {
  rows: readonly R[];
  columns: readonly (Column<R> | false)[];
  empty?: string;
  look?: keyof typeof looks;
  testId?: string;
  rowTestId?: string | ((row: R) => string);
  /** a <tfoot> (totals) */
  foot?: ReactNode;
  /** the table's classes, instead of the look's */
  className?: string;
} & Keyed<R>) {
  const { frame, table, shaded, row: rowClass } = looks[look];
  if (empty !== undefined && rows.length === 0) {
    const inCard = look === 'card' || look === 'shaded';
    return inCard ? <p className="text-stone-600">{empty}</p> : <EmptyState>{empty}</EmptyState>;
  }
  const shown = columns.filter((c): c is Column<R> => c !== false);
  return (
    <div className={frame}>
      <table className={className ?? table} data-testid={testId}>
        <thead className={shaded ? 'bg-stone-50 text-left' : undefined}>
          <tr className={shaded ? undefined : 'border-b border-stone-300 text-left'}>
            {shown.map((c) => (
              <th key={c.head} scope="col" className={headClass(c)}>
                {c.hidden ? <span className="sr-only">{c.head}</span> : c.head}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr
              key={rowKey(row, i)}
              className={rowClass}
              data-testid={typeof rowTestId === 'function' ? rowTestId(row) : rowTestId}
            >
              {shown.map((c) => (
                <td key={c.head} className={cellClass(c)} data-testid={c.testId}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {foot}
      </table>
    </div>
  );
}
