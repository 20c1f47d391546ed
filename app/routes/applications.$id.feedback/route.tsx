import { getFormProps } from '@conform-to/react';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { useDeskForm } from '~/components/desk/form';
import { ScoreText } from '~/components/evaluation';
import { Card, FormError, Submit, TextareaField } from '~/components/form';
import { DateText, Facts, pick } from '~/components/ui';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { appealSchema } from '~/forms/evaluation';
import { tKey, useI18n } from '~/i18n/i18n';
import { actorOf, notFound, requestOrigin, requireTeam } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { submitAppeal } from '~/services/evaluation/appeals.server';
import { formAction } from '~/lib/form.server';
import { DoneNotice } from '~/components/done-notice';
import { doneUrl } from '~/lib/done';
import { feedbackForTeam, isOwnApplication } from './feedback.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'evaluation.feedback.title');

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireTeam(request);
  const feedback = await feedbackForTeam(db, user.organizationId, params.id ?? '');
  if (!feedback) throw notFound();
  return { feedback };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireTeam(request);
  const id = params.id ?? '';
  // another team's application does not exist for this one
  if (!(await isOwnApplication(db, user.organizationId, id))) throw notFound();
  return formAction(request, appealSchema, {
    run: ({ reason }) =>
      submitAppeal(db, actorOf(user), id, reason, { origin: requestOrigin(request) }),
    done: () => redirect(doneUrl('appeal', `/applications/${id}/feedback`, 'appealed')),
  });
}

export default function Feedback() {
  const { feedback: f } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const [form, fields] = useDeskForm(appealSchema, { id: 'appeal', lastResult, live: true });
  const closesOn = f.appealClosesAt
    ? shanghaiDateString(new Date(new Date(f.appealClosesAt).getTime() - 1))
    : '';
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t('evaluation.feedback.title')}</h1>
        <p className="text-stone-600">
          {t('evaluation.feedback.lead', {
            code: f.challenge.code,
            title: pick(locale, f.challenge.title, f.challenge.titleEn),
          })}
        </p>
      </div>
      <DoneNotice page="appeal" />
      <Facts
        rows={[
          [t('evaluation.feedback.status'), tKey(t, `evaluation.appStatus.${f.status}`)],
          [t('evaluation.feedback.decidedAt'), <DateText value={f.decidedAt} />],
        ]}
      />
      {f.reevaluation ? (
        <Card title={t('appealRemedies.feedback.title')}>
          <p data-testid="reevaluation">
            {tKey(t, `appealRemedies.feedback.${f.reevaluation.stage}`)}
          </p>
          <p className="text-sm text-stone-600">
            {t('appealRemedies.state.reopened')} <DateText value={f.reevaluation.reopenedAt} />
          </p>
        </Card>
      ) : null}
      {!f.review ? (
        f.status === 'SUBMITTED' || f.status === 'SHORTLISTED' ? (
          <p className="rounded border border-stone-300 bg-stone-50 p-3">
            {t('evaluation.feedback.pendingNote')}
          </p>
        ) : null
      ) : (
        <Card title={t('evaluation.feedback.title')}>
          <Facts
            rows={[
              [
                t('evaluation.feedback.weighted'),
                <span data-testid="feedback-weighted">
                  <ScoreText value={f.review.weighted} />
                </span>,
              ],
              [
                t('evaluation.feedback.rank'),
                f.review.rank === null
                  ? '—'
                  : t('evaluation.feedback.rankValue', {
                      rank: f.review.rank,
                      count: f.review.ranked,
                    }),
              ],
              [
                t('evaluation.feedback.reviewers'),
                t('evaluation.feedback.reviewersValue', { count: f.review.reviewers }),
              ],
            ]}
          />
          <p className="text-sm text-stone-600">{t('evaluation.feedback.anonymous')}</p>
          {f.review.criteria.length === 0 ? (
            <p>{t('evaluation.feedback.noScores')}</p>
          ) : (
            <ul className="space-y-4">
              {f.review.criteria.map((c, i) => (
                <li key={i} className="space-y-1" data-testid="feedback-criterion">
                  <h3 className="font-semibold">
                    {pick(locale, c.name, c.nameEn)}
                    <span className="ml-2 text-sm font-normal text-stone-600">
                      {t('evaluation.feedback.weight')} {c.weight}% ·{' '}
                      {t('evaluation.feedback.average')} <ScoreText value={c.average} />
                    </span>
                  </h3>
                  {c.comments.length ? (
                    <ul className="list-disc pl-6 text-stone-800">
                      {c.comments.map((comment, j) => (
                        <li key={j} className="whitespace-pre-line">
                          {comment}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p className="text-sm text-stone-500">{t('evaluation.feedback.noComments')}</p>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}

      {f.decided ? (
        <Card title={t('evaluation.feedback.appealTitle')}>
          {f.appeals.length ? (
            <ul className="space-y-3">
              {f.appeals.map((a) => (
                <li key={a.id} className="rounded border border-stone-200 p-3" data-testid="appeal">
                  <p className="text-sm text-stone-600">
                    {t('evaluation.feedback.filed')} <DateText value={a.createdAt} /> ·{' '}
                    {tKey(t, `evaluation.appealStatus.${a.status}`)}
                  </p>
                  <p className="whitespace-pre-line">{a.reason}</p>
                  {a.resolution ? (
                    <p className="mt-2 whitespace-pre-line">
                      <span className="font-medium">{t('evaluation.feedback.resolution')}：</span>
                      {a.resolution}
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          {f.appealRefusal === null ? (
            <Form method="post" {...getFormProps(form)} className="space-y-3">
              <p className="text-sm text-stone-600">
                {t('evaluation.feedback.appealLead', { date: closesOn })}
              </p>
              <FormError id={form.errorId} errors={form.errors} />
              <TextareaField meta={fields.reason} label={t('evaluation.feedback.appealReason')} />
              <Submit>{t('evaluation.feedback.appealSubmit')}</Submit>
            </Form>
          ) : f.appealRefusal === 'window_closed' ? (
            <p className="text-sm text-stone-600">
              {t('evaluation.feedback.appealClosed', { date: closesOn })}
            </p>
          ) : f.appealRefusal === 'not_declined' ? (
            <p className="text-sm text-stone-600">{t('evaluation.feedback.appealAwarded')}</p>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}
