// Closing a published challenge's applications before its deadline, with a reason.
import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { Form } from '@remix-run/react';
import { Card, FormError, Submit, TextareaField } from '~/components/form';
import { CLOSE_REASON_MAX_LENGTH } from '~/domain/need';
import { CLOSE_EARLY_INTENT, closeEarlySchema } from '~/forms/challenge-close';
import { useI18n } from '~/i18n/i18n';

export function CloseEarly({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useI18n();
  const [form, fields] = useForm({
    id: CLOSE_EARLY_INTENT,
    lastResult,
    constraint: getZodConstraint(closeEarlySchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: closeEarlySchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  });
  return (
    <Card title={t('evaluation.desk.closeEarly.title')}>
      <Form method="post" {...getFormProps(form)} className="max-w-2xl space-y-3">
        <input type="hidden" name="intent" value={CLOSE_EARLY_INTENT} />
        <p className="text-sm text-stone-600">{t('evaluation.desk.closeEarly.lead')}</p>
        <FormError id={form.errorId} errors={form.errors} />
        <TextareaField
          meta={fields.reason}
          label={t('evaluation.desk.closeEarly.reason')}
          rows={3}
        />
        <p className="text-xs text-stone-600">
          {t('evaluation.desk.closeEarly.reasonHint', { max: CLOSE_REASON_MAX_LENGTH })}
        </p>
        <Submit>{t('evaluation.desk.closeEarly.submit')}</Submit>
      </Form>
    </Card>
  );
}
