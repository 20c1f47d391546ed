// The buttons of the desks' forms: each names what it does in the form's `intent` field.
import { Form } from '@remix-run/react';
import type { ComponentProps } from 'react';
import { ErrorList } from '~/components/form';

export const smallButton =
  'rounded border border-stone-300 bg-white px-2 py-1 text-xs font-medium hover:bg-stone-100';

/** A submit button sending `intent`. */
export function IntentButton({
  intent,
  ...props
}: { intent: string } & Omit<ComponentProps<'button'>, 'type' | 'name' | 'value'>) {
  return <button type="submit" name="intent" value={intent} {...props} />;
}

/**
 * A row's one-button form: the intent and the row's ids as hidden fields, and the errors of its
 * last answer below the button.
 */
export function RowAction({
  intent,
  ids,
  label,
  ariaLabel,
  errors,
  preventScrollReset,
}: {
  intent: string;
  ids: Record<string, string>;
  label: string;
  ariaLabel: string;
  errors: string[];
  preventScrollReset?: boolean;
}) {
  return (
    <Form method="post" preventScrollReset={preventScrollReset}>
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(ids).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={smallButton} aria-label={ariaLabel}>
        {label}
      </button>
      <ErrorList errors={errors} />
    </Form>
  );
}
