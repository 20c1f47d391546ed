// The form of a new subscription: fields to tick, keywords, a bounty range, and how to tell.
import { getInputProps } from '@conform-to/react';
import { PostForm, useZodForm, type LastResult } from '~/components/conform';
import { Card, ErrorList, Field, Submit } from '~/components/form';
import { MAIL_MODES } from '~/domain/alerts';
import { INDUSTRIES } from '~/domain/industry';
import { alertFields, createAlertSchema } from '~/forms/alerts';
import { useI18n } from '~/i18n/i18n';

const boxRow = 'flex items-center gap-2';

export function NewAlertForm({ lastResult }: { lastResult: LastResult }) {
  const { t } = useI18n();
  const [form, fields] = useZodForm(createAlertSchema, {
    id: 'new-alert',
    lastResult,
    constraint: alertFields,
    defaultValue: { intent: 'create', includeOpen: 'on', inApp: 'on', mail: 'IMMEDIATE' },
    shouldRevalidate: 'onBlur',
  });
  return (
    <Card title={t('alerts.newTitle')}>
      <PostForm afresh form={form} className="max-w-xl space-y-5">
        <input type="hidden" name="intent" value="create" />
        <fieldset aria-describedby={`${fields.fields.id}-hint`}>
          <legend className="text-sm font-medium">{t('alerts.fields')}</legend>
          <p id={`${fields.fields.id}-hint`} className="text-xs text-stone-500">
            {t('alerts.fieldsHint')}
          </p>
          <div className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-3">
            {INDUSTRIES.map((f) => {
              const { key, ...props } = getInputProps(fields.fields, {
                type: 'checkbox',
                value: f,
              });
              return (
                <label key={key ?? f} className={boxRow}>
                  <input {...props} />
                  {t(`fields.${f}`)}
                </label>
              );
            })}
          </div>
          <ErrorList id={fields.fields.errorId} errors={fields.fields.errors} />
        </fieldset>
        <Field
          meta={fields.keywords}
          label={t('alerts.keywords')}
          hint={t('alerts.keywordsHint')}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field meta={fields.minWan} label={t('alerts.minWan')} hint={t('alerts.rangeHint')} />
          <Field meta={fields.maxWan} label={t('alerts.maxWan')} />
        </div>
        <label className={boxRow}>
          <input {...getInputProps(fields.includeOpen, { type: 'checkbox' })} key={undefined} />
          {t('alerts.includeOpen')}
        </label>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">{t('alerts.channels')}</legend>
          <label className={boxRow}>
            <input {...getInputProps(fields.inApp, { type: 'checkbox' })} key={undefined} />
            {t('alerts.inApp')}
          </label>
          <ErrorList id={fields.inApp.errorId} errors={fields.inApp.errors} />
          <fieldset className="space-y-2">
            <legend className="text-sm">{t('alerts.byMail')}</legend>
            {MAIL_MODES.map((m) => (
              <label key={m} className={`${boxRow} ml-4`}>
                <input
                  {...getInputProps(fields.mail, { type: 'radio', value: m })}
                  key={undefined}
                />
                {t(`alerts.mailModes.${m}`)}
              </label>
            ))}
            <ErrorList id={fields.mail.errorId} errors={fields.mail.errors} />
          </fieldset>
        </fieldset>
        <Submit>{t('alerts.submit')}</Submit>
      </PostForm>
    </Card>
  );
}
