// The unsubscribe link of an alert mail (docs/decisions/027-team-alerts.md). It works signed
// out: the signed token in the link names the subscription. Opening it changes nothing (mail
// scanners open links too); the button posts, which ends the subscription for the whole team.
// A token this server did not sign answers 400 with a page that says so.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  isRouteErrorResponse,
  Link,
  useActionData,
  useLoaderData,
  useRouteError,
} from '@remix-run/react';
import { Summary } from '~/components/alert-summary';
import { ErrorPage } from '~/components/error-page';
import { Notice, PageCard, Submit } from '~/components/form';
import { PostForm, useRulesForm } from '~/components/post-form';
import { pick } from '~/components/ui';
import { unsubscribeSchema } from '~/forms/alerts';
import { useI18n } from '~/i18n/i18n';
import { db } from '~/lib/db.server';
import { parseForm, refusalErrors } from '~/lib/form.server';
import { pageMeta } from '~/lib/meta';
import { unsubscribe, unsubscribeView } from '~/services/alerts/subscriptions.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'alerts.unsubscribe.title');

const NOTHING_TO_CHECK = { constraint: {}, messages: {} };

const INVALID = 'invalid unsubscribe link';
const invalidLink = () => new Response(INVALID, { status: 400 });

export async function loader({ params }: LoaderFunctionArgs) {
  const view = await unsubscribeView(db, params.token ?? '');
  if (!view) throw invalidLink();
  return view;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? '';
  if (!(await unsubscribeView(db, token))) throw invalidLink();
  const submission = await parseForm(request, { schema: unsubscribeSchema });
  if (submission.status !== 'success') return { result: submission.reply(), done: false };
  const result = await unsubscribe(db, token);
  if (!result.ok) return { result: submission.reply(refusalErrors(result)), done: false };
  return { result: submission.reply({ resetForm: true }), done: true };
}

export default function Unsubscribe() {
  const view = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const { t, locale } = useI18n();
  // one button and nothing to fill in: the action checks the form (no zod in a signed-out page)
  const [form] = useRulesForm(NOTHING_TO_CHECK, { lastResult: outcome?.result });
  return (
    <PageCard title={t('alerts.unsubscribe.title')}>
      {outcome?.done ? (
        <Notice>{t('alerts.unsubscribe.done')}</Notice>
      ) : view.ended ? (
        <Notice>{t('alerts.unsubscribe.already')}</Notice>
      ) : (
        <>
          <p className="text-stone-700">
            {t('alerts.unsubscribe.lead', { team: pick(locale, view.team, view.teamEn) })}
          </p>
          <Summary subscription={view.subscription} />
          <PostForm form={form}>
            <input type="hidden" name="intent" value="unsubscribe" />
            <Submit>{t('alerts.unsubscribe.confirm')}</Submit>
          </PostForm>
        </>
      )}
      <Link to="/account/alerts" className="text-sm underline">
        {t('alerts.unsubscribe.manage')}
      </Link>
    </PageCard>
  );
}

// a link that is not one this server signed: a page that says so, in the visitor's language
export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useI18n();
  if (!isRouteErrorResponse(error) || error.status !== 400) return <ErrorPage />;
  return (
    <PageCard title={t('alerts.unsubscribe.invalidTitle')}>
      <p role="alert" data-testid="invalid-link">
        {t('alerts.unsubscribe.invalid')}
      </p>
    </PageCard>
  );
}
