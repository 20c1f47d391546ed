// A milestone's card in one of a contract's lists (its terms and deliveries, its payment): the
// heading and what marks its state on one line, then the card's own body.
import type { ComponentProps, ReactNode } from 'react';
import { PostForm } from '~/components/conform';

export function MilestoneItem({
  testId,
  heading,
  marks,
  spacing,
  children,
}: {
  testId: string;
  heading: ReactNode;
  /** badges and notes beside the heading */
  marks: ReactNode;
  /** the gap between the card's parts */
  spacing: 'space-y-2' | 'space-y-3';
  children: ReactNode;
}) {
  return (
    <li className={`${spacing} rounded border border-stone-200 bg-white p-4`} data-testid={testId}>
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="font-semibold">{heading}</h3>
        {marks}
      </div>
      {children}
    </li>
  );
}

/** A form in a milestone's card (a delivery, a review, a payment), set off from what is above. */
export function MilestoneForm(props: Omit<ComponentProps<typeof PostForm>, 'className'>) {
  return <PostForm {...props} className="space-y-3 border-t border-stone-200 pt-3" />;
}
