// The fields of a matching event, the same when the bureau creates one and when it edits one.
import type { ComponentProps } from 'react';
import { Field, SelectField, TextareaField } from '~/components/form';
import { INDUSTRIES } from '~/domain/matching-event';
import { tKey, useI18n } from '~/i18n/i18n';

type Meta = ComponentProps<typeof Field>['meta'];

export function EventFields({
  fields,
}: {
  fields: Record<'name' | 'nameEn' | 'industry' | 'date' | 'place' | 'description', Meta>;
}) {
  const { t } = useI18n();
  return (
    <>
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
    </>
  );
}
