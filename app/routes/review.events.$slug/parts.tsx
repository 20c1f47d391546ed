// What the sections of an event's desk page share: the page's data, a form's last result, the
// look of the small buttons and inputs, and the GET searches' parameters.
import type { SubmissionResult } from '@conform-to/react';
import type { useLoaderData } from '@remix-run/react';
import { useSearchParams } from '@remix-run/react';
import { DONE_PARAM } from '~/lib/done';
import type { loader } from './route';

export type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
export type Result = SubmissionResult<string[]> | undefined;

/** Every error of a form's result, whichever field it is on. */
export const allErrors = (result: Result) =>
  result ? Object.values(result.error ?? {}).flatMap((e) => e ?? []) : [];

export const smallButton =
  'rounded border border-stone-300 bg-white px-2 py-1 text-xs font-medium hover:bg-stone-100';
export const inputClass = 'mt-1 rounded border border-stone-300 bg-white px-2 py-1';

/** A section of the page: the page's data and the last result of one of its forms. */
export type Section = { data: LoaderData; resultFor: (target: string) => Result };

/** Query parameters of the page's two GET searches, so that one keeps the other's. */
export function KeepParams({ except }: { except: string[] }) {
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
