// The desks' forms validate in the browser with the action's own schema (for a page of many
// forms, one union told apart by `intent`): when sent, or `live` (on leaving a field, then on
// each input).
import { useForm, type DefaultValue, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { z } from 'zod';

type FormSchema = z.ZodType<Record<string, unknown>, Record<string, unknown>>;

export function useDeskForm<S extends FormSchema>(
  schema: S,
  {
    live = false,
    constraint = false,
    shouldRevalidate,
    ...options
  }: {
    id?: string;
    lastResult?: SubmissionResult<string[]> | null;
    defaultValue?: DefaultValue<z.input<S>>;
    live?: boolean;
    /** checked again on each input once sent (live forms always are) */
    shouldRevalidate?: 'onInput';
    /** the schema's rules (required, maxLength …) on the inputs too */
    constraint?: boolean;
  },
) {
  return useForm<z.input<S>, z.output<S>>({
    ...options,
    constraint: constraint ? getZodConstraint(schema) : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: live ? 'onBlur' : 'onSubmit',
    shouldRevalidate: live ? 'onInput' : shouldRevalidate,
  });
}
