// A team's alerts (/account/alerts, issue 16 point 2): the subscriptions in force, a form for a
// new one and a button to remove each. Members of the team only; any of them manages the
// team's subscriptions (docs/decisions/027-team-alerts.md).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { DoneNotice } from '~/components/done-notice';
import { Card, FormError } from '~/components/form';
import { alertActionSchema } from '~/forms/alerts';
import { useI18n } from '~/i18n/i18n';
import { actorOf, requireTeam } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { doneUrl } from '~/lib/done';
import { parseForm, refusalErrors } from '~/lib/form.server';
import { pageMeta } from '~/lib/meta';
import { createAlert, removeAlert, teamAlerts } from '~/services/alerts/subscriptions.server';
import { NewAlertForm } from './new-alert';
import { Summary } from '~/components/alert-summary';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'alerts.title');

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireTeam(request);
  return teamAlerts(db, user.organizationId);
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireTeam(request);
  const submission = await parseForm(request, { schema: alertActionSchema });
  if (submission.status !== 'success') return { result: submission.reply() };
  const value = submission.value;
  const actor = actorOf(user);
  const result =
    value.intent === 'create'
      ? await createAlert(db, actor, value)
      : await removeAlert(db, actor, value.id);
  if (!result.ok) return { result: submission.reply(refusalErrors(result)) };
  return redirect(
    doneUrl('alerts', '/account/alerts', value.intent === 'create' ? 'created' : 'removed'),
  );
}

export default function Alerts() {
  const { subscriptions, max } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const { t } = useI18n();
  const removing = outcome?.result.initialValue?.intent === 'remove';
  return (
    <div className="space-y-6">
      <Card title={t('alerts.title')} main>
        <p className="text-stone-700">{t('alerts.lead')}</p>
        <DoneNotice page="alerts" />
      </Card>
      <Card title={t('alerts.listTitle')}>
        {removing ? (
          <FormError errors={outcome.result.error?.[''] ?? ['validation.invalid']} />
        ) : null}
        <p className="text-sm text-stone-600">
          {t('alerts.count', { count: subscriptions.length, max })}
        </p>
        {subscriptions.length === 0 ? (
          <p>{t('alerts.empty')}</p>
        ) : (
          <ol className="divide-y divide-stone-200">
            {subscriptions.map((s, i) => (
              <li key={s.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                <div className="min-w-0 flex-1">
                  <h3 className="font-medium">{t('alerts.item', { n: i + 1 })}</h3>
                  <Summary subscription={s} />
                </div>
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="id" value={s.id} />
                  <button
                    type="submit"
                    className="text-sm text-red-700 underline"
                    aria-label={t('alerts.removeLabel', { n: i + 1 })}
                  >
                    {t('alerts.remove')}
                  </button>
                </Form>
              </li>
            ))}
          </ol>
        )}
      </Card>
      {subscriptions.length < max ? (
        <NewAlertForm lastResult={removing ? undefined : outcome?.result} />
      ) : (
        <Card title={t('alerts.newTitle')}>
          <p>{t('alerts.full')}</p>
        </Card>
      )}
    </div>
  );
}
