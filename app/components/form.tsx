import {
  getInputProps,
  getTextareaProps,
  type FieldMetadata,
  type FieldName,
  type FormMetadata,
} from '@conform-to/react';
import type { ReactNode } from 'react';
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

/** A field's frame: its label above the control (`children`), its errors below. */
function Labelled({
  meta,
  label,
  children,
}: {
  meta: FieldMetadata<string | undefined>;
  label: string;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={meta.id} className="block text-sm font-medium">
        {label}
      </label>
      {children}
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
  const hintId = hint ? `${meta.id}-hint` : undefined;
  const props = getInputProps(meta, { type, ariaDescribedBy: hintId });
  return (
    <Labelled meta={meta} label={label}>
      <input {...props} key={props.key} autoComplete={autoComplete} className={inputClass} />
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-stone-500">
          {hint}
        </p>
      ) : null}
    </Labelled>
  );
}

export function TextareaField({
  meta,
  label,
  rows = 4,
}: {
  meta: FieldMetadata<string | undefined>;
  label: string;
  rows?: number;
}) {
  const props = getTextareaProps(meta);
  return (
    <Labelled meta={meta} label={label}>
      <textarea {...props} key={props.key} rows={rows} className={inputClass} />
    </Labelled>
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
}: {
  meta: FieldMetadata<string | undefined>;
  label: string;
  options: { value: string; label: string }[];
}) {
  return (
    <Labelled meta={meta} label={label}>
      <select
        id={meta.id}
        name={meta.name}
        defaultValue={meta.initialValue ?? ''}
        aria-invalid={meta.errors ? true : undefined}
        aria-describedby={meta.errors ? meta.errorId : undefined}
        className={inputClass}
      >
        <option value="">—</option>
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

export function Submit({ children, disabled }: { children: ReactNode; disabled?: boolean }) {
  return (
    <button
      type="submit"
      disabled={disabled}
      className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-600 disabled:opacity-60"
    >
      {children}
    </button>
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
