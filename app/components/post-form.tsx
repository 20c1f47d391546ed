// The parts of a form that need no zod: the form posted to its action, the password box, and a
// form that checks in the browser only what the input elements themselves can tell (required,
// lengths, an e-mail's shape), with rules and messages the server derived from its schema
// (form-rules.server.ts). The public sign-in and sign-up pages use these, so that their script
// carries neither zod nor the schema (ADR 020); the action parses with the schema as always.
import {
  getFormProps,
  parse,
  useForm,
  type FormMetadata,
  type SubmissionResult,
} from '@conform-to/react';
import { Form, useLocation } from '@remix-run/react';
import type { ComponentProps, ReactNode } from 'react';
import { useI18n } from '~/i18n/i18n';
import { Field, FormError } from './form';

/** A form's answer from the action (`submission.reply()`), as the page got it. */
export type LastResult = SubmissionResult<string[]> | null | undefined;

/** What the browser reports of a field (ValidityState), in the order a message is chosen. */
export const FLAWS = [
  'valueMissing',
  'typeMismatch',
  'tooShort',
  'tooLong',
  'patternMismatch',
] as const;
export type Flaw = (typeof FLAWS)[number];

/** A field's native rules, as Conform puts them on the input. */
export type NativeRule = {
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
};

/**
 * A schema's rules for the browser, computed on the server (browserRules): the native constraint
 * of each field and, for each flaw, the message key the schema itself gives such a value.
 */
export type BrowserRules = {
  constraint: Record<string, NativeRule>;
  messages: Record<string, Partial<Record<Flaw, string>>>;
};

type When = 'onSubmit' | 'onBlur' | 'onInput';

/**
 * `useForm` checking with the browser's own constraint validation against the server's rules,
 * the errors in the app's words and language (not the browser's bubbles); whatever passes goes
 * to the action, whose reply (`lastResult`) has the last word.
 */
export function useRulesForm<Shape extends Record<string, unknown> = Record<string, string>>(
  rules: BrowserRules,
  options: { lastResult?: LastResult; shouldValidate?: When; shouldRevalidate?: When } = {},
) {
  return useForm<Shape>({
    ...options,
    constraint: rules.constraint,
    onValidate: ({ form, formData }) =>
      parse<Shape, string[]>(formData, {
        resolve: (value) => {
          const error: Record<string, string[]> = {};
          for (const element of Array.from(form.elements)) {
            if (!(
              element instanceof HTMLInputElement ||
              element instanceof HTMLTextAreaElement ||
              element instanceof HTMLSelectElement
            ))
              continue;
            if (!element.name || element.validity.valid) continue;
            const flaw = FLAWS.find((f) => element.validity[f]);
            error[element.name] = [
              (flaw && rules.messages[element.name]?.[flaw]) ?? 'validation.invalid',
            ];
          }
          // the value is only a stand-in for the schema's: the action parses the form again
          return Object.keys(error).length > 0 ? { error } : { value: value as Shape };
        },
      }),
  });
}

/**
 * A Conform form posted to the route's action; `lead` stands above the form's errors (a heading,
 * an explanation), `children` below them.
 */
export function PostForm({
  form,
  lead,
  children,
  className = 'space-y-4',
  afresh = false,
  ...props
}: {
  // the fields' types do not matter here: only the form's id and errors are read
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  form: FormMetadata<any, string[]>;
  lead?: ReactNode;
  children: ReactNode;
  className?: string;
  /**
   * a new location (the redirect after a success) starts the form afresh: typed values (a
   * password, an invited address) do not linger
   */
  afresh?: boolean;
} & Omit<ComponentProps<typeof Form>, 'method' | 'id' | 'children' | 'className'>) {
  const { key: visit } = useLocation();
  return (
    <Form
      key={afresh ? visit : undefined}
      method="post"
      {...getFormProps(form)}
      className={className}
      {...props}
    >
      {lead}
      <FormError id={form.errorId} errors={form.errors} />
      {children}
    </Form>
  );
}

/**
 * A password box. A new one (sign-up, reset, change, invitation) shows the rules as a hint;
 * `autoComplete` tells password managers whether to fill in or to propose.
 */
export function PasswordField({
  meta,
  label,
  isNew = false,
}: {
  meta: ComponentProps<typeof Field>['meta'];
  label: string;
  isNew?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Field
      meta={meta}
      label={label}
      type="password"
      hint={isNew ? t('auth.passwordHint') : undefined}
      autoComplete={isNew ? 'new-password' : 'current-password'}
    />
  );
}
