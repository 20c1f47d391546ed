// The team declines its approved award before signing a contract (docs/decisions/033): its slot
// is vacated and the bureau may promote the next-ranked team. Another team's application
// answers 404, as if it did not exist.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { PostForm } from '~/components/conform';
import { useDeskForm } from '~/components/desk/form';
import { DoneNotice } from '~/components/done-notice';
import { Card, ConfirmBox, Submit, TextareaField } from '~/components/form';
import { BackLink, DateText, pick } from '~/components/ui';
import { declineAwardSchema } from '~/forms/vacancies';
import { useI18n } from '~/i18n/i18n';
import { actorOf, notFound, requestOrigin, requireTeam } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { doneUrl } from '~/lib/done';
import { formAction } from '~/lib/form.server';
import { pageMeta } from '~/lib/meta';
import { declinableAward, declineAward } from '~/services/evaluation/vacancies.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'vacancies.decline.title');

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireTeam(request);
  const view = await declinableAward(db, user.organizationId, params.id ?? '');
  if (!view.own) throw notFound();
  return { application: view.application, award: view.award };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireTeam(request);
  const id = params.id ?? '';
  const view = await declinableAward(db, user.organizationId, id);
  if (!view.own) throw notFound();
  return formAction(request, declineAwardSchema, {
    run: ({ reason }) =>
      declineAward(db, actorOf(user), id, reason, { origin: requestOrigin(request) }),
    done: () => redirect(doneUrl('awardDecline', `/applications/${id}/decline`, 'declined')),
  });
}

export default function DeclineAward() {
  const { application: a, award } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const [form, fields] = useDeskForm(declineAwardSchema, { id: 'decline-award', lastResult });
  return (
    <div className="space-y-6">
      <BackLink to={`/applications/${a.id}`}>{t('vacancies.decline.back')}</BackLink>
      <h1 className="text-2xl font-bold">{t('vacancies.decline.title')}</h1>
      <p className="text-stone-600">
        <span className="font-mono">{a.code}</span> {pick(locale, a.title, a.titleEn)}
      </p>
      <DoneNotice page="awardDecline" />
      {award === null ? (
        <p className="rounded border border-stone-300 bg-stone-50 p-3">
          {t('vacancies.decline.nothing')}
        </p>
      ) : (
        <Card>
          <PostForm
            form={form}
            className="space-y-4"
            lead={
              <div className="space-y-1 text-sm text-stone-700">
                <p>{t('vacancies.decline.lead', { code: a.code })}</p>
                <p>
                  {t('vacancies.decline.signBy')}：<DateText value={award.deadline} />
                </p>
              </div>
            }
          >
            <TextareaField meta={fields.reason} rows={3} label={t('vacancies.decline.reason')} />
            <ConfirmBox meta={fields.confirm} label={t('vacancies.decline.confirm')} />
            <Submit tone="destroy">{t('vacancies.decline.submit')}</Submit>
          </PostForm>
        </Card>
      )}
    </div>
  );
}
