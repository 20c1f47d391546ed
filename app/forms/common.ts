// Field rules shared by the forms. Messages are translation keys (app/i18n, "validation"),
// rendered in the user's language by <Field>; Conform runs the same schema in the browser and
// in the action.
import { z } from 'zod';

export const required = {
  error: (issue: { input: unknown }) =>
    issue.input === undefined ? 'validation.required' : 'validation.invalid',
};

export const text = (max: number) =>
  z
    .string(required)
    .trim()
    .min(1, { error: 'validation.required' })
    .max(max, { error: 'validation.tooLong' });

export const optionalText = (max: number) =>
  z.string().trim().max(max, { error: 'validation.tooLong' }).optional();

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
