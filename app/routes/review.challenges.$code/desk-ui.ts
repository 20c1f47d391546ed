// What the desk's parts share: the loader's desk as the page receives it, and the form errors.
import type { SubmissionResult } from '@conform-to/react';
import type { useLoaderData } from '@remix-run/react';
import type { loader } from './route';

export type Desk = ReturnType<typeof useLoaderData<typeof loader>>['desk'];
export type Row = Desk['rows'][number];
export type Me = { id: string; role: string };

/** The last result of the form with this target (`criteria`, `row-<id>`, …), if it was sent. */
export type ResultFor = (target: string) => SubmissionResult<string[]> | undefined;

export function errorsOf(result: SubmissionResult<string[]> | undefined) {
  return result ? Object.values(result.error ?? {}).flatMap((e) => e ?? []) : [];
}

export const smallButton =
  'rounded border border-stone-300 bg-white px-2 py-1 text-xs font-medium hover:bg-stone-100 disabled:opacity-50';
