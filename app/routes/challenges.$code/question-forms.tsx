// The forms of the clarifications section, apart from the list: only a viewer who may ask,
// answer or moderate loads them (and zod and Conform with them), so a visitor's page does not
// (docs/decisions/020-performance.md). Rendered on the server as every other form.
import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { PostForm, useZodForm } from '~/components/conform';
import { useDeskForm } from '~/components/desk/form';
import { IntentButton, smallButton } from '~/components/desk/intent';
import { ErrorList, Submit, TextareaField } from '~/components/form';
import { ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH } from '~/domain/question';
import { answerSchema, askSchema, moderateSchema } from '~/forms/questions';
import { useI18n } from '~/i18n/i18n';
import type { QuestionItem } from './questions';

export function AnswerForm({
  q,
  asBureau,
  lastResult,
}: {
  q: QuestionItem;
  /** staff answer in the bureau's name */
  asBureau: boolean;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useZodForm(answerSchema, {
    id: `answer-${q.id}`,
    lastResult,
    defaultValue: { answer: q.answer ?? '' },
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  });
  const editing = q.answer !== null;
  const body = (
    <PostForm
      form={form}
      className="space-y-2"
      lead={
        <>
          <input type="hidden" name="intent" value="answer" />
          <input type="hidden" name="questionId" value={q.id} />
        </>
      }
    >
      <TextareaField
        meta={fields.answer}
        label={asBureau ? t('questions.answerLabelBureau') : t('questions.answerLabel')}
        rows={3}
      />
      <p className="text-xs text-stone-600">
        {asBureau
          ? t('questions.bureauAnswerHint', { max: ANSWER_MAX_LENGTH })
          : t('questions.answerHint', { max: ANSWER_MAX_LENGTH })}
      </p>
      <Submit>{editing ? t('questions.saveAnswer') : t('questions.submitAnswer')}</Submit>
    </PostForm>
  );
  if (!editing) return body;
  // an edit starts folded away; it opens by itself when the server refused it
  return (
    <details open={lastResult?.status === 'error' ? true : undefined} className="text-sm">
      <summary className="cursor-pointer text-brand-700">{t('questions.editAnswer')}</summary>
      <div className="mt-2">{body}</div>
    </details>
  );
}

export function ModerateForm({
  q,
  lastResult,
}: {
  q: QuestionItem;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useDeskForm(moderateSchema, { id: `moderate-${q.id}`, lastResult });
  return (
    <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="questionId" value={q.id} />
      <span className="text-xs text-stone-600">{t('questions.moderation')}</span>
      <IntentButton intent={q.hidden ? 'unhide' : 'hide'} className={smallButton}>
        {q.hidden ? t('questions.unhide') : t('questions.hide')}
      </IntentButton>
      <ErrorList id={form.errorId} errors={form.errors} />
      <ErrorList errors={[...(fields.questionId.errors ?? []), ...(fields.intent.errors ?? [])]} />
    </Form>
  );
}

export function AskForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useI18n();
  const [form, fields] = useZodForm(askSchema, {
    id: 'ask',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  });
  return (
    <div className="space-y-3 rounded border border-stone-200 bg-white p-4">
      <h3 className="font-semibold">{t('questions.askTitle')}</h3>
      <PostForm
        form={form}
        className="space-y-2"
        lead={<input type="hidden" name="intent" value="ask" />}
      >
        <TextareaField
          meta={fields.body}
          label={t('questions.askLabel')}
          rows={4}
          hint={t('questions.askHint', { max: QUESTION_MAX_LENGTH })}
        />
        <Submit>{t('questions.askSubmit')}</Submit>
      </PostForm>
    </div>
  );
}
