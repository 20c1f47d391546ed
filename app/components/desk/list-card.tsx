// A desk's card listing what waits for the user (open appeals, award proposals …), each item
// with its own form, or a line saying there is nothing.
import type { ReactNode } from 'react';
import { Card } from '~/components/form';

export function ListCard<T>({
  title,
  items,
  emptyText,
  children,
}: {
  title: string;
  items: readonly T[];
  emptyText: string;
  /** one <li> per item */
  children: (item: T) => ReactNode;
}) {
  return (
    <Card title={title}>
      {items.length === 0 ? (
        <p className="text-stone-600">{emptyText}</p>
      ) : (
        <ul className="space-y-4">{items.map(children)}</ul>
      )}
    </Card>
  );
}

/** One item of a ListCard, framed. */
export function ListItem({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <li className="space-y-3 rounded border border-stone-200 p-4" data-testid={testId}>
      {children}
    </li>
  );
}
