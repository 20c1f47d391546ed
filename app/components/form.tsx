import {
  getInputProps,
  getTextareaProps,
  type FieldMetadata,
  type FieldName,
  type FormMetadata,
} from '@conform-to/react';
import type { ComponentProps, ReactNode } from 'react';
import { useI18n } from '~/i18n/i18n';

type Translate = ReturnType<typeof useI18n>['t'];

/** Errors are translation keys (see app/forms); unknown ones are shown as they are. */
function translate(t: Translate, key: string) {
  return t(key as 'validation.required', { defaultValue: key });
}

export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const { t } = useI18n();
  if (!errors?.length) return null;
  // role="alert" belongs on a container, not on a list (an ARIA-conformant list keeps its role)
  return (
    <div id={id} role="alert" className="mt-1 text-sm text-red-700">
      <ul className="space-y-0.5">
        {errors.map((e) => (
          <li key={e}>{translate(t, e)}</li>
        ))}
      </ul>
    </div>
  );
}

const inputClass =
  'mt-1 block w-full rounded border border-stone-300 bg-white px-3 py-2 aria-[invalid=true]:border-red-600 focus:outline-2 focus:outline-brand-600';

/** The id of a field's hint, which its control names in aria-describedby. */
const hintIdOf = (meta: FieldMetadata<string | undefined>, hint?: string) =>
  hint ? `${meta.id}-hint` : undefined;

/** A field's frame: its label above the control (`children`), its hint and errors below. */
function Labelled({
  meta,
  label,
  hint,
  children,
}: {
  meta: FieldMetadata<string | undefined>;
  label: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={meta.id} className="block text-sm font-medium">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={hintIdOf(meta, hint)} className="mt-1 text-xs text-stone-500">
          {hint}
        </p>
      ) : null}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function Field({
  meta,
  label,
  type = 'text',
  hint,
  autoComplete,
}: {
  meta: FieldMetadata<string | undefined>;
  label: string;
  type?: 'text' | 'email' | 'password' | 'tel' | 'number' | 'date';
  hint?: string;
  autoComplete?: string;
}) {
  const props = getInputProps(meta, { type, ariaDescribedBy: hintIdOf(meta, hint) });
  return (
    <Labelled meta={meta} label={label} hint={hint}>
      <input {...props} key={props.key} autoComplete={autoComplete} className={inputClass} />
    </Labelled>
  );
}

export function TextareaField({
  meta,
  label,
  rows = 4,
  hint,
}: {
  meta: FieldMetadata<string | undefined>;
  label: string;
  rows?: number;
  /** what to write, and how much (the longest a reason may be) */
  hint?: string;
}) {
  const props = getTextareaProps(meta, { ariaDescribedBy: hintIdOf(meta, hint) });
  return (
    <Labelled meta={meta} label={label} hint={hint}>
      <textarea {...props} key={props.key} rows={rows} className={inputClass} />
    </Labelled>
  );
}

/** The box to tick before what cannot be undone (delete an event, decline an award); sends `yes`. */
export function ConfirmBox({
  meta,
  label,
}: {
  meta: FieldMetadata<string | undefined>;
  label: string;
}) {
  return (
    <div>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          name={meta.name}
          value="yes"
          className="mt-1"
          aria-invalid={meta.errors ? true : undefined}
          aria-describedby={meta.errors ? meta.errorId : undefined}
        />
        {label}
      </label>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** One of a few choices as radio buttons under a legend (`inline`: side by side), its errors below. */
export function RadioField({
  meta,
  legend,
  options,
  inline = false,
}: {
  meta: FieldMetadata<string | undefined>;
  legend: string;
  options: readonly { value: string; label: string }[];
  inline?: boolean;
}) {
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium">{legend}</legend>
      <div className={inline ? 'flex flex-wrap gap-4' : 'space-y-1'}>
        {options.map((o) => {
          const { key, ...props } = getInputProps(meta, { type: 'radio', value: o.value });
          return (
            <label key={key ?? o.value} className="flex items-center gap-2 text-sm">
              {/* each button its own id: the field's is the group's */}
              <input {...props} id={`${meta.id}-${o.value}`} />
              {o.label}
            </label>
          );
        })}
      </div>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </fieldset>
  );
}

/** A select's options, each its value and its label. */
export function Options({ options }: { options: readonly { value: string; label: string }[] }) {
  return options.map((o) => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  ));
}

export function SelectField({
  meta,
  label,
  options,
  empty = '—',
  defaultValue = meta.initialValue ?? '',
}: {
  meta: FieldMetadata<string | undefined>;
  label: string;
  options: readonly { value: string; label: string }[];
  /** the text of the first option, choosing nothing; null when one must be chosen */
  empty?: string | null;
  defaultValue?: string;
}) {
  return (
    <Labelled meta={meta} label={label}>
      <select
        id={meta.id}
        name={meta.name}
        defaultValue={defaultValue}
        aria-invalid={meta.errors ? true : undefined}
        aria-describedby={meta.errors ? meta.errorId : undefined}
        className={inputClass}
      >
        {empty === null ? null : <option value="">{empty}</option>}
        <Options options={options} />
      </select>
    </Labelled>
  );
}

export function FormError({ id, errors }: { id?: string; errors?: string[] | null }) {
  if (!errors?.length) return null;
  return (
    <div className="rounded border border-red-300 bg-red-50 p-3">
      <ErrorList id={id} errors={errors} />
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="rounded border border-green-300 bg-green-50 p-3 text-green-900">
      {children}
    </p>
  );
}

const buttonTones = {
  primary: 'bg-brand-700 text-white hover:bg-brand-600',
  secondary: 'border border-stone-300 bg-white hover:bg-stone-100',
  accept: 'bg-green-700 text-white',
  danger: 'border border-red-400 bg-white text-red-800',
  /** what cannot be undone (deleting an event, declining an award) */
  destroy: 'border border-red-700 bg-white text-red-800 hover:bg-red-50',
  warn: 'border border-amber-500 bg-white text-amber-900',
} as const;

export type ButtonTone = keyof typeof buttonTones;

/** A button's look (a form's submit, or a link standing for an action), by what it does. */
export function buttonClass(tone: ButtonTone) {
  return `rounded px-4 py-2 font-medium disabled:opacity-60 ${buttonTones[tone]}`;
}

/**
 * A form's submit button, coloured by what it does. `intent` names the action among a form's
 * several (approve, reject …): the button sends it as the `intent` field.
 */
export function Submit({
  tone = 'primary',
  intent,
  ...props
}: { tone?: ButtonTone; intent?: string } & Omit<ComponentProps<'button'>, 'type' | 'className'>) {
  return (
    <button
      type="submit"
      name={intent === undefined ? undefined : 'intent'}
      value={intent}
      className={buttonClass(tone)}
      {...props}
    />
  );
}

export function Card({
  title,
  children,
  main = false,
}: {
  title?: string;
  children: ReactNode;
  /** the card is the page itself (sign-in, sign-up): its title is the page's h1 */
  main?: boolean;
}) {
  const Heading = main ? 'h1' : 'h2';
  return (
    <section className="space-y-4 rounded border border-stone-200 bg-white p-6">
      {title ? <Heading className="text-lg font-semibold">{title}</Heading> : null}
      {children}
    </section>
  );
}

/** A page that is one card (sign-in, sign-up, password pages), narrow and centred. */
export function PageCard({
  title,
  wide = false,
  main = true,
  children,
}: {
  title: string;
  /** room for a longer form (sign-up) */
  wide?: boolean;
  main?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={wide ? 'mx-auto max-w-xl' : 'mx-auto max-w-md'}>
      <Card title={title} main={main}>
        {children}
      </Card>
    </div>
  );
}

// Lists of fields (a team's members, a need's targets, the review's criteria): the button that
// takes a row out, shown while there is more than one, and the one that adds a row, shown below
// the list's limit.

// the fields' types do not matter here: only the list's name is read
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ListForm = Pick<FormMetadata<any, string[]>, 'insert' | 'remove'>;
/** a row is a text (a target) or a few texts (a member, a criterion) */
type Row = string | Record<string, string>;
type ListField = { name: FieldName<Row[]>; getFieldList(): unknown[] };

export function RemoveRowButton({
  form,
  list,
  index,
  ariaLabel,
  children,
}: {
  form: ListForm;
  list: ListField;
  index: number;
  ariaLabel?: string;
  children: ReactNode;
}) {
  if (list.getFieldList().length <= 1) return null;
  return (
    <button
      {...form.remove.getButtonProps({ name: list.name, index })}
      className="mt-7 text-sm text-red-700 underline"
      aria-label={ariaLabel}
    >
      {children}
    </button>
  );
}

export function AddRowButton({
  form,
  list,
  max,
  defaultValue,
  children,
}: {
  form: ListForm;
  list: ListField;
  max: number;
  /** the new row's empty values */
  defaultValue: Row;
  children: ReactNode;
}) {
  if (list.getFieldList().length >= max) return null;
  return (
    <button
      {...form.insert.getButtonProps({ name: list.name, defaultValue })}
      className="text-sm underline"
    >
      {children}
    </button>
  );
}
