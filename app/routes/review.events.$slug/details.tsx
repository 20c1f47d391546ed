// The event's own details: editing them, and deleting an event created by mistake.
import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form } from '@remix-run/react';
import {
  Card,
  ErrorList,
  Field,
  FormError,
  SelectField,
  Submit,
  TextareaField,
} from '~/components/form';
import { INDUSTRIES } from '~/domain/matching-event';
import { eventPageSchema } from '~/forms/events';
import { tKey, useI18n } from '~/i18n/i18n';
import type { LoaderData, Result } from './parts';

export function EditDetails({ data, lastResult }: { data: LoaderData; lastResult: Result }) {
  const { t } = useI18n();
  const { event: e } = data;
  const [form, fields] = useForm({
    id: 'edit-event',
    lastResult,
    defaultValue: {
      name: e.name,
      nameEn: e.nameEn ?? '',
      industry: e.industry,
      date: e.day,
      place: e.place,
      description: e.description,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: eventPageSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  return (
    <Card title={t('eventsAdmin.edit.title')}>
      <Form method="post" {...getFormProps(form)} className="max-w-2xl space-y-4">
        <input type="hidden" name="intent" value="update" />
        <FormError id={form.errorId} errors={form.errors} />
        <Field meta={fields.name} label={t('eventsAdmin.fields.name')} autoComplete="off" />
        <Field meta={fields.nameEn} label={t('eventsAdmin.fields.nameEn')} autoComplete="off" />
        <SelectField
          meta={fields.industry}
          label={t('eventsAdmin.fields.industry')}
          options={INDUSTRIES.map((f) => ({ value: f, label: tKey(t, `fields.${f}`) }))}
        />
        <Field
          meta={fields.date}
          label={t('eventsAdmin.fields.date')}
          type="date"
          hint={t('eventsAdmin.fields.dateHint')}
        />
        <Field meta={fields.place} label={t('eventsAdmin.fields.place')} autoComplete="off" />
        <TextareaField meta={fields.description} label={t('eventsAdmin.fields.description')} />
        <Submit>{t('eventsAdmin.edit.submit')}</Submit>
      </Form>
    </Card>
  );
}

export function DeleteEvent({ data, lastResult }: { data: LoaderData; lastResult: Result }) {
  const { t } = useI18n();
  const [form, fields] = useForm({
    id: 'delete-event',
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: eventPageSchema }),
    shouldValidate: 'onSubmit',
  });
  return (
    <Card title={t('eventsAdmin.remove.title')}>
      {data.event.matches.length > 0 ? (
        <p className="text-sm text-stone-600">{t('eventsAdmin.remove.blocked')}</p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="space-y-3">
          <p className="text-sm text-stone-600">{t('eventsAdmin.remove.lead')}</p>
          <input type="hidden" name="intent" value="delete" />
          <FormError id={form.errorId} errors={form.errors} />
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name={fields.confirm.name}
              value="yes"
              aria-describedby={fields.confirm.errors ? fields.confirm.errorId : undefined}
            />
            {t('eventsAdmin.remove.confirm')}
          </label>
          <ErrorList id={fields.confirm.errorId} errors={fields.confirm.errors} />
          <button
            type="submit"
            className="rounded border border-red-700 bg-white px-4 py-2 font-medium text-red-800 hover:bg-red-50"
          >
            {t('eventsAdmin.remove.submit')}
          </button>
        </Form>
      )}
    </Card>
  );
}
