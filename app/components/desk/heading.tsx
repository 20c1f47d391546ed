// The title of a desk's page, under the desk's own menu, with the line that says what it is for.
import type { ReactNode } from 'react';

export function DeskHeading({
  title,
  lead,
  children,
}: {
  title: string;
  lead: string;
  /** more lines under the lead (totals …) */
  children?: ReactNode;
}) {
  return (
    <div className={children ? 'space-y-2' : undefined}>
      <h2 className="text-lg font-semibold">{title}</h2>
      <p className="text-sm text-stone-600">{lead}</p>
      {children}
    </div>
  );
}
