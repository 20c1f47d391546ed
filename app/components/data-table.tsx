// The tables of the public and workspace pages (and of any desk that wants them): a white
// table under a ruled head row, one row per record, its columns given as data.
import type { ReactNode } from 'react';
import { EmptyState, HeadRow } from './list-page';

export type Column<R> = {
  head: string;
  cell: (row: R) => ReactNode;
  /** a number column, right-aligned */
  align?: 'right';
  /** what the cell adds to the common padding (font-mono …) */
  className?: string;
  /** the cell's data-testid */
  testId?: string;
};

function cellClass<R>(c: Column<R>) {
  const base = c.align === 'right' ? 'p-2 text-right' : 'p-2';
  return c.className ? `${base} ${c.className}` : base;
}

/**
 * One row per record, or, when `empty` is given and there are no rows, that text in the empty
 * state. A column given as `false` is left out (a column only some viewers see).
 */
export function DataTable<R>({
  rows,
  rowKey,
  columns,
  empty,
  testId,
  rowTestId,
  foot,
  className = 'w-full border-collapse bg-white text-sm',
}: {
  rows: readonly R[];
  rowKey: (row: R, index: number) => string | number;
  columns: readonly (Column<R> | false)[];
  empty?: string;
  testId?: string;
  rowTestId?: string | ((row: R) => string);
  /** a <tfoot> (totals) */
  foot?: ReactNode;
  className?: string;
}) {
  if (empty !== undefined && rows.length === 0) return <EmptyState>{empty}</EmptyState>;
  const shown = columns.filter((c): c is Column<R> => c !== false);
  return (
    <div className="overflow-x-auto">
      <table className={className} data-testid={testId}>
        <HeadRow columns={shown.map((c) => (c.align ? ([c.head, c.align] as const) : c.head))} />
        <tbody>
          {rows.map((row, i) => (
            <tr
              key={rowKey(row, i)}
              className="border-b border-stone-200"
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
