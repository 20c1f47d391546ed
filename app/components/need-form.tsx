import { getFormProps, getInputProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useZodForm } from '~/components/conform';
import {
  AddRowButton,
  ErrorList,
  Field,
  FormError,
  RemoveRowButton,
  SelectField,
  Submit,
  TextareaField,
} from '~/components/form';
import { FIELDS, MAX_TARGETS, needFields, needSchema } from '~/forms/needs';
import { tKey, useI18n } from '~/i18n/i18n';

export type NeedFormDefaults = {
  title: string;
  titleEn: string;
  field: string;
  background: string;
  targets: string[];
  bountyType: 'FIXED' | 'OPEN';
  bountyWan: string;
  applicationDeadline: string;
  implementationMonths: string;
  contactName: string;
  contactPhone: string;
};

/** The need form, for a new draft and for revising one. */
export function NeedForm({
  lastResult,
  defaultValue,
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Partial<NeedFormDefaults>;
  submitLabel: string;
}) {
  const { t } = useI18n();
  const [form, fields] = useZodForm(needSchema(), {
    id: 'need',
    lastResult,
    defaultValue: { targets: [''], bountyType: 'FIXED', ...defaultValue },
    constraint: needFields,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  const targets = fields.targets.getFieldList();
  const fieldOptions = FIELDS.map((f) => ({ value: f, label: tKey(t, `fields.${f}`) }));
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-5">
      <FormError id={form.errorId} errors={form.errors} />
      <Field meta={fields.title} label={t('needs.form.title')} />
      <Field meta={fields.titleEn} label={t('needs.form.titleEn')} />
      <SelectField meta={fields.field} label={t('needs.form.field')} options={fieldOptions} />
      <TextareaField meta={fields.background} label={t('needs.form.background')} rows={6} />
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium">{t('needs.form.targets')}</legend>
        <p className="text-xs text-stone-500">{t('needs.form.targetsHint')}</p>
        {targets.map((target, i) => (
          <div key={target.key} className="flex items-start gap-2">
            <div className="flex-1">
              <Field meta={target} label={t('needs.form.target', { n: i + 1 })} />
            </div>
            <RemoveRowButton form={form} list={fields.targets} index={i}>
              {t('needs.form.removeTarget')}
            </RemoveRowButton>
          </div>
        ))}
        <ErrorList id={fields.targets.errorId} errors={fields.targets.errors} />
        <AddRowButton form={form} list={fields.targets} max={MAX_TARGETS} defaultValue="">
          {t('needs.form.addTarget')}
        </AddRowButton>
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">{t('needs.form.bountyType')}</legend>
        <label className="flex items-center gap-2">
          <input {...getInputProps(fields.bountyType, { type: 'radio', value: 'FIXED' })} />
          {t('needs.form.fixed')}
        </label>
        <label className="flex items-center gap-2">
          <input {...getInputProps(fields.bountyType, { type: 'radio', value: 'OPEN' })} />
          {t('needs.form.open')}
        </label>
        <ErrorList id={fields.bountyType.errorId} errors={fields.bountyType.errors} />
      </fieldset>
      {fields.bountyType.value !== 'OPEN' ? (
        <Field meta={fields.bountyWan} label={t('needs.form.bountyWan')} />
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field meta={fields.applicationDeadline} label={t('needs.form.deadline')} type="date" />
        <Field meta={fields.implementationMonths} label={t('needs.form.months')} type="number" />
        <Field meta={fields.contactName} label={t('needs.form.contactName')} />
        <Field meta={fields.contactPhone} label={t('needs.form.contactPhone')} type="tel" />
      </div>
      <Submit>{submitLabel}</Submit>
    </Form>
  );
}
