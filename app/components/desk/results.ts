// A desk page has many forms posting to one action; the action says which form its answer
// belongs to (`target`), so that the errors stand beside that form.
import type { SubmissionResult } from '@conform-to/react';

export type FormResult = SubmissionResult<string[]> | undefined;

/** An action's answer for one of the page's forms. */
export type Targeted = { target: string; result: SubmissionResult<string[]> };

/** Every error of a form's answer, whichever field it is on. */
export function errorsOf(result: FormResult) {
  return result ? Object.values(result.error ?? {}).flatMap((e) => e ?? []) : [];
}

/**
 * The last answer of each form, and the errors of an answer for a form that is not on the page
 * (an unknown intent, a row gone meanwhile), which the page shows at its top.
 */
export function targeted(actionData: Targeted | undefined, shown: Iterable<string>) {
  const resultFor = (target: string): FormResult =>
    actionData?.target === target ? actionData.result : undefined;
  const on = new Set(shown);
  const stray = actionData && !on.has(actionData.target) ? errorsOf(actionData.result) : [];
  return { resultFor, stray };
}

/**
 * The target of a row's form, `<prefix><id>` by the row's id field, or `page` without one. The
 * id comes back from an unvalidated payload: anything that cannot be a record id (the forms
 * take at most 64 characters) is not echoed, so a hostile body is not sent back to its sender.
 */
export function rowTarget(payload: Record<string, unknown>, key: string, prefix: string) {
  const id = idShaped(payload[key]);
  return id ? `${prefix}${id}` : 'page';
}

/** A submitted value that can be a record id (or an intent), or null: see rowTarget. */
export function idShaped(value: unknown): string | null {
  return typeof value === 'string' && /^[\w-]{1,64}$/.test(value) ? value : null;
}
