import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { PasswordField, PostForm, useRulesForm } from '~/components/post-form';
import { Notice, PageCard, Submit } from '~/components/form';
import { resetSchema } from '~/forms/auth';
import { useI18n } from '~/i18n/i18n';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { findResetToken, resetPassword } from '~/services/accounts/passwords.server';
import { parseForm, refusalErrors } from '~/lib/form.server';
import { browserRules } from '~/lib/form-rules.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.resetTitle');

export async function loader({ params }: LoaderFunctionArgs) {
  return {
    valid: (await findResetToken(db, params.token ?? '')) !== null,
    rules: browserRules(resetSchema),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = await parseForm(request, { schema: resetSchema });
  if (submission.status !== 'success')
    return { result: submission.reply({ hideFields: ['password'] }), done: false };
  const reset = await resetPassword(db, params.token ?? '', submission.value.password);
  if (!reset.ok) {
    return {
      result: submission.reply({ ...refusalErrors(reset), hideFields: ['password'] }),
      done: false,
    };
  }
  return { result: submission.reply({ resetForm: true }), done: true };
}

export default function ResetPassword() {
  const { valid, rules } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const { t } = useI18n();
  const [form, fields] = useRulesForm(rules, { lastResult: outcome?.result });
  return (
    <PageCard title={t('auth.resetTitle')}>
      {outcome?.done ? (
        <>
          <Notice>{t('auth.resetDone')}</Notice>
          <Link to="/login">{t('auth.signIn')}</Link>
        </>
      ) : valid ? (
        <PostForm form={form}>
          <PasswordField meta={fields.password} label={t('auth.newPassword')} isNew />
          <Submit>{t('auth.save')}</Submit>
        </PostForm>
      ) : (
        <p role="alert">{t('auth.resetInvalid')}</p>
      )}
    </PageCard>
  );
}
