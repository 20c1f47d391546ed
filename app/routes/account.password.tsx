import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { useActionData } from '@remix-run/react';
import { PasswordField, PostForm, useZodForm } from '~/components/conform';
import { Card, Submit } from '~/components/form';
import { passwordChangeSchema } from '~/forms/auth';
import { useI18n } from '~/i18n/i18n';
import { requireUser } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { changePassword } from '~/services/accounts/passwords.server';
import { createSession, sessionCookie } from '~/lib/session.server';
import { parseForm, refusalErrors } from '~/lib/form.server';
import { DoneNotice } from '~/components/done-notice';
import { doneUrl } from '~/lib/done';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'account.passwordTitle');

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requireUser(request);
  const submission = await parseForm(request, { schema: passwordChangeSchema });
  if (submission.status !== 'success')
    return {
      result: submission.reply({ hideFields: ['currentPassword', 'newPassword'] }),
    };
  const changed = await changePassword(
    db,
    auth.user.id,
    submission.value.currentPassword,
    submission.value.newPassword,
  );
  if (!changed.ok)
    return {
      result: submission.reply({
        ...refusalErrors(changed),
        hideFields: ['currentPassword', 'newPassword'],
      }),
    };
  // every session ended with the change; this browser gets a fresh one (and a new token)
  const { token, expiresAt } = await createSession(db, auth.user.id, {
    twoFactorVerified: auth.twoFactorVerified,
  });
  return redirect(doneUrl('password', '/account/password', 'changed'), {
    headers: { 'Set-Cookie': sessionCookie(request, token, expiresAt) },
  });
}

export default function PasswordChange() {
  const outcome = useActionData<typeof action>();
  const { t } = useI18n();
  const [form, fields] = useZodForm(passwordChangeSchema, { lastResult: outcome?.result });
  return (
    <Card title={t('account.passwordTitle')} main>
      <DoneNotice page="password" />
      <PostForm afresh form={form} className="max-w-md space-y-4">
        <PasswordField meta={fields.currentPassword} label={t('auth.currentPassword')} />
        <PasswordField meta={fields.newPassword} label={t('auth.newPassword')} isNew />
        <Submit>{t('auth.save')}</Submit>
      </PostForm>
    </Card>
  );
}
