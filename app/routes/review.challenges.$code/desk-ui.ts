// What the desk's parts share: the loader's desk as the page receives it, and the form errors.
import type { useLoaderData } from '@remix-run/react';
import { smallButton as small } from '~/components/desk/intent';
import type { FormResult } from '~/components/desk/results';
import type { loader } from './route';

export { errorsOf } from '~/components/desk/results';

export type Desk = ReturnType<typeof useLoaderData<typeof loader>>['desk'];
export type Row = Desk['rows'][number];
export type Me = { id: string; role: string };

/** The last result of the form with this target (`criteria`, `row-<id>`, …), if it was sent. */
export type ResultFor = (target: string) => FormResult;

/** A desk part's form: the desk, whether it may be changed now, and the form's last answer. */
export type PartProps = { desk: Desk; editable: boolean; lastResult: FormResult };

export const smallButton = `${small} disabled:opacity-50`;
