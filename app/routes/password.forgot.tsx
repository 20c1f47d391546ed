import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { Card, Field, FormError, Notice, Submit } from '~/components/form';
import { resetRequestSchema } from '~/forms/auth';
import { useI18n } from '~/i18n/i18n';
import { requestOrigin } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { requestPasswordReset } from '~/services/auth.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.forgotTitle');

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: resetRequestSchema });
  if (submission.status !== 'success') return { result: submission.reply(), sent: false };
  // the same answer whether or not the address is registered
  await requestPasswordReset(db, submission.value.email, requestOrigin(request));
  return { result: submission.reply({ resetForm: true }), sent: true };
}

export default function ForgotPassword() {
  const outcome = useActionData<typeof action>();
  const { t } = useI18n();
  const [form, fields] = useForm({
    lastResult: outcome?.result,
    constraint: getZodConstraint(resetRequestSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetRequestSchema }),
  });
  return (
    <div className="mx-auto max-w-md">
      <Card title={t('auth.forgotTitle')}>
        <p className="text-sm text-stone-600">{t('auth.forgotLead')}</p>
        {outcome?.sent ? <Notice>{t('auth.forgotSent')}</Notice> : null}
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormError id={form.errorId} errors={form.errors} />
          <Field meta={fields.email} label={t('auth.email')} type="email" autoComplete="email" />
          <Submit>{t('auth.send')}</Submit>
        </Form>
      </Card>
    </div>
  );
}
