// What the sections of an event's desk page share: the page's data, a form's last result, the
// look of the small buttons and inputs, and the GET searches' parameters.
import type { useLoaderData } from '@remix-run/react';
import { Form, useSearchParams } from '@remix-run/react';
import type { ReactNode } from 'react';
import { smallButton } from '~/components/desk/intent';
import type { FormResult } from '~/components/desk/results';
import { DeskTable, type Column } from '~/components/desk/table';
import { Card } from '~/components/form';
import { useI18n } from '~/i18n/i18n';
import { DONE_PARAM } from '~/lib/done';
import type { loader } from './route';

export type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
export type Result = FormResult;

export const inputClass = 'mt-1 rounded border border-stone-300 bg-white px-2 py-1';

/** A section of the page: the page's data and the last result of one of its forms. */
export type Section = { data: LoaderData; resultFor: (target: string) => Result };

/**
 * One of the event's own lists (its challenges, its matches) in a card: a shaded table whose
 * last column holds each row's action, named only for screen readers.
 */
export function EventList({
  list,
  testId,
  rows,
  columns,
  actionLabel,
  children,
}: {
  list: 'challenges' | 'matches';
  testId: string;
  rows: number;
  columns: Column[];
  actionLabel: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Card title={t(`eventsAdmin.${list}.title`)}>
      <DeskTable
        look="shaded"
        testId={testId}
        empty={rows === 0}
        emptyText={t(`eventsAdmin.${list}.empty`)}
        columns={[...columns, { text: actionLabel, hidden: true }]}
      >
        {children}
      </DeskTable>
    </Card>
  );
}

/** One of the page's two GET searches: its box, more fields (`children`), and its button. */
export function PageSearch({
  name,
  label,
  value,
  placeholder,
  submitLabel,
  keep,
  children,
}: {
  name: string;
  label: string;
  value: string;
  placeholder: string;
  submitLabel: string;
  /** the other parameters of this search, which the other search's do not keep */
  keep: string[];
  children?: ReactNode;
}) {
  return (
    <Form
      method="get"
      role="search"
      aria-label={label}
      className="flex flex-wrap items-end gap-3"
      preventScrollReset
    >
      <KeepParams except={[name, ...keep]} />
      <label className="flex flex-col text-sm">
        {label}
        <input
          type="search"
          name={name}
          defaultValue={value}
          placeholder={placeholder}
          maxLength={100}
          className={`${inputClass} w-72`}
        />
      </label>
      {children}
      <button type="submit" className={smallButton}>
        {submitLabel}
      </button>
    </Form>
  );
}

/** Query parameters of the page's two GET searches, so that one keeps the other's. */
function KeepParams({ except }: { except: string[] }) {
  const [params] = useSearchParams();
  // a search is not a change: the last change's notice does not travel with it
  const kept = [...params.entries()].filter(
    ([k]) => !except.includes(k) && k !== DONE_PARAM && k !== 'code',
  );
  return (
    <>
      {kept.map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
    </>
  );
}
