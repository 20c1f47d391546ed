// Assigning reviewers (with how many bids each has a conflict with) and who has scored so far.
import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form } from '@remix-run/react';
import { RecuseReason } from '~/components/evaluation';
import { Card, ErrorList, FormError } from '~/components/form';
import { pick } from '~/components/ui';
import { challengeDeskSchema } from '~/forms/evaluation';
import { useI18n } from '~/i18n/i18n';
import { smallButton, type Desk } from './desk-ui';

export function Assign({
  desk,
  lastResult,
}: {
  desk: Desk;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t, locale } = useI18n();
  const [form, fields] = useForm({
    id: 'assign',
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: challengeDeskSchema }),
    shouldValidate: 'onSubmit',
  });
  return (
    <Card title={t('evaluation.desk.assign.title')}>
      {desk.underEvaluation ? (
        <Form method="post" {...getFormProps(form)} className="space-y-3">
          <p className="text-sm text-stone-600">{t('evaluation.desk.assign.lead')}</p>
          <FormError id={form.errorId} errors={form.errors} />
          <fieldset className="space-y-1">
            <legend className="sr-only">{t('evaluation.desk.assign.reviewer')}</legend>
            {desk.staff.map((u) => (
              <label key={u.id} className="flex flex-wrap items-center gap-2 text-sm">
                <input type="checkbox" name={fields.reviewerIds.name} value={u.id} />
                <span>
                  {u.name}
                  {u.me ? ` ${t('evaluation.desk.assign.me')}` : ''}
                </span>
                <span className="text-stone-500">
                  {t('evaluation.desk.assign.affiliation')}：
                  {u.affiliation ?? t('evaluation.desk.assign.none')}
                </span>
                {u.conflicts ? (
                  <span
                    className="rounded bg-red-100 px-1.5 text-xs text-red-900"
                    data-testid="conflict-flag"
                  >
                    {t('evaluation.desk.assign.conflicts', { count: u.conflicts })}
                  </span>
                ) : null}
              </label>
            ))}
            <ErrorList id={fields.reviewerIds.errorId} errors={fields.reviewerIds.errors} />
          </fieldset>
          <button
            type="submit"
            name="intent"
            value="assign"
            className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-600"
          >
            {t('evaluation.desk.assign.submit')}
          </button>
        </Form>
      ) : null}
      <h3 className="font-semibold">{t('evaluation.desk.assign.matrix')}</h3>
      {desk.rows.every((r) => r.assignments.length === 0) ? (
        <p className="text-sm text-stone-600">{t('evaluation.desk.assign.noAssignments')}</p>
      ) : (
        <ul className="space-y-2 text-sm">
          {desk.rows.map((r) => (
            <li key={r.id}>
              <span className="font-medium">{pick(locale, r.team, r.teamEn)}</span>
              <ul className="ml-4 list-disc">
                {r.assignments.map((a) => (
                  <li key={a.id} data-testid="assignment">
                    {a.reviewer}：
                    {a.recused ? (
                      <span className="text-red-800">
                        {t('evaluation.desk.assign.recused')} —{' '}
                        <RecuseReason value={a.recuseReason} />
                      </span>
                    ) : a.submitted ? (
                      t('evaluation.desk.assign.scored')
                    ) : (
                      t('evaluation.desk.assign.waiting')
                    )}
                    {!a.started && !a.recused && desk.underEvaluation ? (
                      <Form method="post" className="ml-2 inline">
                        <input type="hidden" name="assignmentId" value={a.id} />
                        <button
                          type="submit"
                          name="intent"
                          value="unassign"
                          className={smallButton}
                        >
                          {t('evaluation.desk.assign.remove')}
                        </button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
