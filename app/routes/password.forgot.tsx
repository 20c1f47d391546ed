import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { redirect } from '@remix-run/node';
import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLocation } from '@remix-run/react';
import { Card, Field, FormError, Submit } from '~/components/form';
import { resetRequestSchema } from '~/forms/auth';
import { useI18n } from '~/i18n/i18n';
import { requestOrigin } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { requestPasswordReset } from '~/services/accounts/passwords.server';
import { parseForm } from '~/lib/form.server';
import { DoneNotice } from '~/components/done-notice';
import { doneUrl } from '~/lib/done';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.forgotTitle');

export async function action({ request }: ActionFunctionArgs) {
  const submission = await parseForm(request, { schema: resetRequestSchema });
  if (submission.status !== 'success') return { result: submission.reply() };
  // the same answer whether or not the address is registered
  await requestPasswordReset(db, submission.value.email, requestOrigin(request));
  return redirect(doneUrl('passwordForgot', '/password/forgot', 'sent'));
}

export default function ForgotPassword() {
  const outcome = useActionData<typeof action>();
  // a new location (after the change) starts the form afresh: typed values do not linger
  const { key: visit } = useLocation();
  const { t } = useI18n();
  const [form, fields] = useForm({
    lastResult: outcome?.result,
    constraint: getZodConstraint(resetRequestSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetRequestSchema }),
  });
  return (
    <div className="mx-auto max-w-md">
      <Card title={t('auth.forgotTitle')} main>
        <p className="text-sm text-stone-600">{t('auth.forgotLead')}</p>
        <DoneNotice page="passwordForgot" />
        <Form key={visit} method="post" {...getFormProps(form)} className="space-y-4">
          <FormError id={form.errorId} errors={form.errors} />
          <Field meta={fields.email} label={t('auth.email')} type="email" autoComplete="email" />
          <Submit>{t('auth.send')}</Submit>
        </Form>
      </Card>
    </div>
  );
}
