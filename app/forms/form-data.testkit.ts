import { parseWithZod } from '@conform-to/zod/v4';
import type { z } from 'zod';

/**
 * A form's fields as the browser posts them: one value a name, or name–value pairs where a name
 * comes more than once (ticked boxes of one list).
 */
export type PostedFields = Record<string, string> | readonly (readonly [string, string])[];

/** The posted fields as FormData, for the schemas' tests. */
export function formData(fields: PostedFields) {
  const fd = new FormData();
  for (const [k, v] of Array.isArray(fields) ? fields : Object.entries(fields)) fd.append(k, v);
  return fd;
}

/** A schema's reading of the posted fields, as an action gets it. */
export const parseForm = <Schema extends z.ZodType>(schema: Schema, fields: PostedFields) =>
  parseWithZod(formData(fields), { schema });

/** The field errors of a submission (none when it passed). */
export const errorsOf = (submission: {
  status?: string;
  error?: Record<string, string[] | null> | null;
}): Record<string, string[] | null> =>
  submission.status === 'success' ? {} : (submission.error ?? {});
