// How every form of the app is set up: Conform over a Zod schema (the same schema the action
// parses with), posted with Remix's <Form>, the form-level errors at the top.
import { useForm, type DefaultValue } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ReactNode } from 'react';
import type { z } from 'zod';
import { PostForm, type LastResult } from './post-form';
import { Submit, TextareaField } from './form';

// The zod-free parts live in ./post-form, where the public sign-in and sign-up pages take them
// from without pulling zod into their script (ADR 020).
export { PasswordField, PostForm, type LastResult } from './post-form';

type When = 'onSubmit' | 'onBlur' | 'onInput';

/**
 * `useForm` validating in the browser with the action's own schema. `constraint: false` leaves
 * the schema's rules (required, maxLength …) off the inputs, for forms that check only on the server
 * side of a submit (sign-in: no hint of what a valid password looks like).
 */
export function useZodForm<S extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>(
  schema: S,
  {
    constraint = true,
    ...options
  }: {
    id?: string;
    lastResult?: LastResult;
    defaultValue?: DefaultValue<z.input<S>>;
    /** or the schema to take the rules from, when it is not the one validating */
    constraint?: boolean | z.ZodType;
    shouldValidate?: When;
    shouldRevalidate?: When;
  } = {},
) {
  return useForm<z.input<S>, z.output<S>>({
    ...options,
    constraint:
      constraint === false
        ? undefined
        : getZodConstraint(constraint === true ? schema : constraint),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}

/** A schema of a form whose only field (besides hidden ones) is a reason. */
type ReasonSchema = z.ZodType<
  { reason: string } & Record<string, unknown>,
  { reason: string } & Record<string, unknown>
>;
type FormSchema = z.ZodType<Record<string, unknown>, Record<string, unknown>>;

/**
 * A desk's form of one decision (start a contract, request or approve a payment): `lead` above the
 * form's errors, the button below. There is nothing to fill in: the server checks it when sent.
 */
export function DecisionForm({
  schema,
  id,
  lastResult,
  className,
  lead,
  children,
}: {
  schema: FormSchema;
  id: string;
  lastResult: LastResult;
  className: string;
  lead: ReactNode;
  children: ReactNode;
}) {
  const [form] = useZodForm(schema, {
    id,
    lastResult,
    constraint: false,
    shouldValidate: 'onSubmit',
  });
  return (
    <PostForm form={form} className={className} lead={lead}>
      <Submit>{children}</Submit>
    </PostForm>
  );
}

/**
 * A desk's form that ends or undoes something for a reason (terminate a contract, fail or reverse
 * a payment): `lead`, the reason's box and a danger button; checked when sent, then again as the
 * reason is corrected.
 */
export function ReasonForm({
  schema,
  id,
  lastResult,
  lead,
  label,
  children,
}: {
  schema: ReasonSchema;
  id: string;
  lastResult: LastResult;
  lead: ReactNode;
  /** the reason box's label */
  label: string;
  children: ReactNode;
}) {
  const [form, fields] = useZodForm(schema, {
    id,
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  });
  return (
    <PostForm form={form} className="space-y-2 border-t border-stone-200 pt-3" lead={lead}>
      <TextareaField meta={fields.reason} label={label} rows={2} />
      <Submit tone="danger">{children}</Submit>
    </PostForm>
  );
}
