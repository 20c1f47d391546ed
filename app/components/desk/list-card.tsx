// A desk's card listing what waits for the user (open appeals, award proposals …), each item
// with its own form, or a line saying there is nothing; and the parts of an item.
import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { Card } from '~/components/form';
import { pick } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';

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

/** An item's first line: the challenge's code, linking to its desk, and its title; then `children`. */
export function ChallengeLine({
  code,
  title,
  titleEn,
  children,
}: {
  code: string;
  title: string;
  titleEn: string | null;
  children?: ReactNode;
}) {
  const { locale } = useI18n();
  return (
    <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
      <Link to={`/review/challenges/${code}`} className="font-mono">
        {code}
      </Link>
      <span className="font-medium">{pick(locale, title, titleEn)}</span>
      {children}
    </div>
  );
}

/** A team by its name in the page's language, with its institution in brackets when it has one. */
export function TeamName({
  team: { team, teamEn, institution },
}: {
  team: { team: string; teamEn: string | null; institution: string | null };
}) {
  const { locale } = useI18n();
  return (
    <>
      {pick(locale, team, teamEn)}
      {institution ? `（${institution}）` : ''}
    </>
  );
}

/** An item's facts, two to a line on a wide screen. */
export function ItemFacts({ children }: { children: ReactNode }) {
  return <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">{children}</dl>;
}

/** One of an item's facts: "label：value". */
export function ItemFact({
  label,
  wide = false,
  children,
}: {
  label: string;
  /** across both columns (a comment) */
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={wide ? 'sm:col-span-2' : undefined}>
      <dt className="inline text-stone-600">{label}：</dt>
      <dd className={wide ? 'inline whitespace-pre-line' : 'inline'}>{children}</dd>
    </div>
  );
}
