// Closing a published challenge's applications before its deadline, with a reason.
import { type SubmissionResult } from '@conform-to/react';
import { PostForm } from '~/components/conform';
import { useDeskForm } from '~/components/desk/form';
import { Card, Submit, TextareaField } from '~/components/form';
import { CLOSE_REASON_MAX_LENGTH } from '~/domain/need';
import { CLOSE_EARLY_INTENT, closeEarlySchema } from '~/forms/challenge-close';
import { useI18n } from '~/i18n/i18n';

export function CloseEarly({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useI18n();
  const [form, fields] = useDeskForm(closeEarlySchema, {
    id: CLOSE_EARLY_INTENT,
    lastResult,
    constraint: true,
    shouldRevalidate: 'onInput',
  });
  return (
    <Card title={t('evaluation.desk.closeEarly.title')}>
      <PostForm
        form={form}
        className="max-w-2xl space-y-3"
        lead={<p className="text-sm text-stone-600">{t('evaluation.desk.closeEarly.lead')}</p>}
      >
        <input type="hidden" name="intent" value={CLOSE_EARLY_INTENT} />
        <TextareaField
          meta={fields.reason}
          label={t('evaluation.desk.closeEarly.reason')}
          rows={3}
          hint={t('evaluation.desk.closeEarly.reasonHint', { max: CLOSE_REASON_MAX_LENGTH })}
        />
        <Submit>{t('evaluation.desk.closeEarly.submit')}</Submit>
      </PostForm>
    </Card>
  );
}
