import { Link } from '@remix-run/react';
import type { ComponentProps, ReactNode } from 'react';
import { formatWan } from '~/domain/money';
import type { TFunction } from 'i18next';
import { tKey, useI18n, type Locale } from '~/i18n/i18n';
import { formatDay } from '~/lib/format';
import { buttonClass, type ButtonTone } from './form';

// pick is the translation layer's; the components have always taken it from here
export { pick } from '~/i18n/i18n';

/** A bounty or sum as the pages write it: "50 万元", or "open" for none set. */
export function wanText(t: TFunction, locale: Locale, fen: number | null): string {
  return fen === null ? t('money.open') : t('money.wan', { amount: formatWan(fen, locale) });
}

export function Wan({ fen }: { fen: number | null }) {
  const { t, locale } = useI18n();
  return <>{wanText(t, locale, fen)}</>;
}

export function PageHeader({
  title,
  lead,
  children,
}: {
  title: string;
  lead?: string;
  children?: ReactNode;
}) {
  return (
    <div className="mb-6 space-y-2">
      <h1 className="text-2xl font-bold">{title}</h1>
      {lead ? <p className="text-stone-600">{lead}</p> : null}
      {children}
    </div>
  );
}

const tone: Record<string, string> = {
  PUBLISHED: 'bg-green-100 text-green-900',
  CLOSED: 'bg-stone-200 text-stone-800',
  AWARDED: 'bg-amber-100 text-amber-900',
  COMPLETED: 'bg-blue-100 text-blue-900',
  IN_PROGRESS: 'bg-blue-100 text-blue-900',
  ACCEPTED: 'bg-green-100 text-green-900',
  PAID: 'bg-green-100 text-green-900',
};

/**
 * A coloured label for a state: its colours from `tones`, grey for a state not in it; its text
 * the state's name under the translation namespace `ns` (`status` names DRAFT 草稿 …).
 */
export function Badge({
  state,
  tones,
  ns,
  testId,
}: {
  state: string;
  tones: Record<string, string>;
  ns: string;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <span
      data-testid={testId}
      className={`inline-block rounded px-2 py-0.5 text-xs font-medium whitespace-nowrap ${tones[state] ?? 'bg-stone-100 text-stone-800'}`}
    >
      {tKey(t, `${ns}.${state}`)}
    </span>
  );
}

const pillTones = {
  green: 'bg-green-100 text-green-900',
  amber: 'bg-amber-100 text-amber-900',
  red: 'bg-red-100 text-red-900',
  stone: 'bg-stone-100 text-stone-800',
} as const;

/** A small coloured label beside a record in a list (active, held, sent …). */
export function Pill({ tone, children }: { tone: keyof typeof pillTones; children: ReactNode }) {
  return (
    <span className={`rounded px-2 py-0.5 text-xs font-medium ${pillTones[tone]}`}>{children}</span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <Badge state={status} tones={tone} ns="status" />;
}

/** Sums of money side by side (a contract's reward, paid, in flight …). */
export function MoneyTotals({
  items,
  className,
  valueClassName,
  testId,
}: {
  /** [label, amount in fen, the amount's data-testid] */
  items: readonly (readonly [string, number, string])[];
  /** the grid's columns */
  className: string;
  valueClassName: string;
  testId: string;
}) {
  return (
    <dl
      className={`grid gap-2 rounded border border-stone-200 bg-white p-4 text-sm ${className}`}
      data-testid={testId}
    >
      {items.map(([label, fen, id]) => (
        <div key={id}>
          <dt className="text-stone-600">{label}</dt>
          <dd className={valueClassName} data-testid={id}>
            <Wan fen={fen} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A field's name in the page's language; a field the catalogue does not know, as stored. */
export function fieldName(t: TFunction, field: string): string {
  return t(`fields.${field}` as 'fields.新材料', { defaultValue: field });
}

export function FieldName({ field }: { field: string }) {
  const { t } = useI18n();
  return <>{fieldName(t, field)}</>;
}

export function DateText({ value }: { value: string | null }) {
  const { locale } = useI18n();
  if (!value) return <>—</>;
  return <time dateTime={value}>{formatDay(value, locale)}</time>;
}

export function metaTitle(title: string, appName: string) {
  return [{ title: `${title} · ${appName}` }];
}

/** One fact in a line of them: "label: value". */
export function InlineFact({ label, value }: { label: string; value: ReactNode }) {
  return (
    <span>
      {label}: {value}
    </span>
  );
}

/** A label/value grid for a record's main facts. */
export function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid gap-x-6 gap-y-2 rounded border border-stone-200 bg-white p-4 sm:grid-cols-2">
      {rows.map(([label, value]) => (
        <div key={label} className="flex min-w-0 gap-2">
          {/* wide enough for the longest English word of a label (Implementation): never drawn over its value */}
          <dt className="w-32 shrink-0 break-words text-stone-600 sm:w-36">{label}</dt>
          {/* e-mail addresses and codes are long unbroken words: they wrap rather than widen */}
          <dd className="min-w-0 break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The link back to the list a record page was opened from. */
export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} className="text-sm">
      ← {children}
    </Link>
  );
}

/** A link that stands for an action (write a need, edit, apply), shown as a button. */
export function LinkButton({
  tone = 'primary',
  ...props
}: { tone?: ButtonTone } & Omit<ComponentProps<typeof Link>, 'className'>) {
  return <Link className={`inline-block no-underline ${buttonClass(tone)}`} {...props} />;
}

/** A record page's title with its status beside it (`children`). */
export function TitleRow({
  title,
  as: Heading = 'h1',
  children,
}: {
  title: ReactNode;
  /** h2 on the desks, whose layout holds the h1 */
  as?: 'h1' | 'h2';
  children: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Heading className="text-2xl font-bold">{title}</Heading>
      {children}
    </div>
  );
}

/** A part of a page under its heading, which names it for screen readers (`${id}-title`). */
export function TitledSection({
  id,
  title,
  testId,
  children,
}: {
  id: string;
  title: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-title`} className="space-y-3" data-testid={testId}>
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A titled part of a record page. */
export function Section({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <section className="space-y-2">
      <h2 className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}
