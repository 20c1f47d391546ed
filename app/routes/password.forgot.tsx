import { redirect } from '@remix-run/node';
import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { PostForm, useRulesForm } from '~/components/post-form';
import { Field, PageCard, Submit } from '~/components/form';
import { resetRequestSchema } from '~/forms/auth';
import { useI18n } from '~/i18n/i18n';
import { requestOrigin } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { requestPasswordReset } from '~/services/accounts/passwords.server';
import { parseForm } from '~/lib/form.server';
import { browserRules } from '~/lib/form-rules.server';
import { DoneNotice } from '~/components/done-notice';
import { doneUrl } from '~/lib/done';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.forgotTitle');

export const loader = () => ({ rules: browserRules(resetRequestSchema) });

export async function action({ request }: ActionFunctionArgs) {
  const submission = await parseForm(request, { schema: resetRequestSchema });
  if (submission.status !== 'success') return { result: submission.reply() };
  // the same answer whether or not the address is registered
  await requestPasswordReset(db, submission.value.email, requestOrigin(request));
  return redirect(doneUrl('passwordForgot', '/password/forgot', 'sent'));
}

export default function ForgotPassword() {
  const { rules } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const { t } = useI18n();
  const [form, fields] = useRulesForm(rules, { lastResult: outcome?.result });
  return (
    <PageCard title={t('auth.forgotTitle')}>
      <p className="text-sm text-stone-600">{t('auth.forgotLead')}</p>
      <DoneNotice page="passwordForgot" />
      <PostForm afresh form={form}>
        <Field meta={fields.email} label={t('auth.email')} type="email" autoComplete="email" />
        <Submit>{t('auth.send')}</Submit>
      </PostForm>
    </PageCard>
  );
}
