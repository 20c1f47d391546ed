// Field rules shared by the forms. Messages are translation keys (app/i18n, "validation"),
// rendered in the user's language by <Field>; Conform runs the same schema in the browser and
// in the action, except on the signed-out pages, whose browser gets the rules and messages
// derived from it (lib/form-rules.server.ts).
import { z } from 'zod';

export const required = {
  error: (issue: { input: unknown }) =>
    issue.input === undefined ? 'validation.required' : 'validation.invalid',
};

/**
 * C0 control characters other than tab, line feed and carriage return. NUL cannot be stored in
 * PostgreSQL text at all, and none of them belong in anything a person types.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
export const hasControlChars = (value: string) => CONTROL_CHARS.test(value);

/**
 * The one text field: trimmed, at most `max` characters, free of control characters. Every
 * free-text field of every form is built from it (text, optionalText, or cleanString for a
 * field with rules of its own). Control characters are looked for before the trim: a vertical
 * tab or form feed at either end is white space to trim() and would otherwise slip through.
 */
export const cleanString = (max: number, tooLong = 'validation.tooLong') =>
  z
    .string(required)
    .refine((v) => !hasControlChars(v), { error: 'validation.controlChars', abort: true })
    .trim()
    .max(max, { error: tooLong });

export const text = (max: number) => cleanString(max).min(1, { error: 'validation.required' });

export const optionalText = (max: number) => cleanString(max).optional();

/** The id of a record, sent back in a hidden field. */
export const recordId = text(64);

/**
 * A list of one to `max` items (rows of a repeated fieldset, ticked boxes). An empty or missing
 * list says `empty`; a longer one says `tooMany`, the same message unless the form has one.
 */
export const listOf = <T extends z.ZodType>(item: T, max: number, empty: string, tooMany = empty) =>
  z.array(item, { error: empty }).min(1, { error: empty }).max(max, { error: tooMany });

export const email = z
  .string(required)
  .trim()
  .toLowerCase()
  .max(254, { error: 'validation.tooLong' })
  .pipe(z.email({ error: 'validation.email' }));

// The length rules the browser can check; the common-password check runs on the server.
export const newPassword = z
  .string(required)
  .min(8, { error: 'validation.passwordTooShort' })
  .max(128, { error: 'validation.passwordTooLong' });
