// The tables of the bureau's desks: a head row (numbers right-aligned, an actions column named
// only for screen readers), the rows, and a line saying so when there are none.
import type { ReactNode } from 'react';

/** A column heading: its text, or the text with how it is shown. */
export type Column =
  string | { text: string; right?: boolean; hidden?: boolean; note?: string; key?: string };

const looks = {
  /** on the page itself, white on the page's grey */
  page: {
    table: 'w-full border-collapse bg-white text-sm',
    empty: 'rounded border border-dashed border-stone-300 p-8 text-center text-stone-600',
  },
  /** one of several lists of the page, each under its own heading */
  section: {
    table: 'w-full border-collapse bg-white text-sm',
    empty: 'rounded border border-dashed border-stone-300 p-6 text-center text-stone-600',
  },
  /** inside a card */
  card: { table: 'w-full border-collapse text-sm', empty: 'text-stone-600' },
  /** inside a card, with a shaded head */
  shaded: { table: 'w-full text-sm', empty: 'text-stone-600' },
} as const;

export type Look = keyof typeof looks;

/** What a desk says where a list has nothing in it. */
export function EmptyNote({ look = 'card', children }: { look?: Look; children: ReactNode }) {
  return <p className={looks[look].empty}>{children}</p>;
}

export function DeskTable({
  columns,
  look = 'card',
  empty = false,
  emptyText,
  testId,
  children,
}: {
  columns: readonly (Column | null)[];
  look?: Look;
  /** there are no rows: `emptyText` stands instead of the table */
  empty?: boolean;
  emptyText?: string;
  testId?: string;
  children: ReactNode;
}) {
  if (empty) return <EmptyNote look={look}>{emptyText}</EmptyNote>;
  const shaded = look === 'shaded';
  return (
    <div className="overflow-x-auto">
      <table className={looks[look].table} data-testid={testId}>
        <thead className={shaded ? 'bg-stone-50 text-left' : undefined}>
          <tr className={shaded ? undefined : 'border-b border-stone-300 text-left'}>
            {columns.map((c) => (c === null ? null : <Heading key={keyOf(c)} column={c} />))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

const keyOf = (c: Column) => (typeof c === 'string' ? c : (c.key ?? c.text));

function Heading({ column }: { column: Column }) {
  const c = typeof column === 'string' ? { text: column } : column;
  return (
    <th scope="col" className={c.right ? 'p-2 text-right' : 'p-2'}>
      {c.hidden ? <span className="sr-only">{c.text}</span> : c.text}
      {c.note ? <span className="block text-xs font-normal text-stone-500">{c.note}</span> : null}
    </th>
  );
}
