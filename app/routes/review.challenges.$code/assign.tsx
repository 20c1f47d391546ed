// Assigning reviewers (with how many bids each has a conflict with) and who has scored so far.
import { Form } from '@remix-run/react';
import { PostForm } from '~/components/conform';
import { useDeskForm } from '~/components/desk/form';
import { IntentButton } from '~/components/desk/intent';
import { RecuseReason, ReviewerChecklist } from '~/components/evaluation';
import { Card, Field, Submit } from '~/components/form';
import { pick } from '~/components/ui';
import { challengeDeskSchema } from '~/forms/evaluation';
import { useI18n } from '~/i18n/i18n';
import { smallButton, type PartProps } from './desk-ui';

export function Assign({ desk, lastResult }: Omit<PartProps, 'editable'>) {
  const { t, locale } = useI18n();
  const [form, fields] = useDeskForm(challengeDeskSchema, {
    id: 'assign',
    lastResult,
    defaultValue: { dueDate: desk.defaultDueDate },
  });
  return (
    <Card title={t('evaluation.desk.assign.title')}>
      {desk.underEvaluation ? (
        <PostForm
          form={form}
          className="space-y-3"
          lead={<p className="text-sm text-stone-600">{t('evaluation.desk.assign.lead')}</p>}
        >
          <ReviewerChecklist
            meta={fields.reviewerIds}
            legend={t('evaluation.desk.assign.reviewer')}
            legendHidden
            staff={desk.staff}
          >
            {(u) => (
              <>
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
              </>
            )}
          </ReviewerChecklist>
          <Field meta={fields.dueDate} label={t('reviewDue.dueDate')} type="date" />
          <Submit intent="assign">{t('evaluation.desk.assign.submit')}</Submit>
        </PostForm>
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
                        <IntentButton intent="unassign" className={smallButton}>
                          {t('evaluation.desk.assign.remove')}
                        </IntentButton>
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
