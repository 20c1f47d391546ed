import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useSearchParams } from '@remix-run/react';
import { Card, Field, FormError, Submit } from '~/components/form';
import { secondFactorSchema } from '~/forms/auth';
import { useI18n } from '~/i18n/i18n';
import { requireUser, safeRedirect } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { verifySecondFactor } from '~/services/totp.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.secondFactorTitle');

async function pending(request: Request) {
  const auth = await requireUser(request, { pending2fa: true });
  const to = safeRedirect(new URL(request.url).searchParams.get('redirectTo'));
  if (auth.twoFactorVerified) throw redirect(to);
  if (!auth.user.totpEnabled) throw redirect(`/account/2fa?redirectTo=${encodeURIComponent(to)}`);
  return auth;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await pending(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const auth = await pending(request);
  const submission = parseWithZod(await request.formData(), { schema: secondFactorSchema });
  if (submission.status !== 'success') return submission.reply();
  if (!(await verifySecondFactor(db, auth.user.id, submission.value.code))) {
    return submission.reply({ fieldErrors: { code: ['auth.codeInvalid'] } });
  }
  await db.session.update({ where: { id: auth.sessionId }, data: { twoFactorVerified: true } });
  return redirect(safeRedirect(submission.value.redirectTo));
}

export default function SecondFactor() {
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useI18n();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: secondFactorSchema }),
  });
  return (
    <div className="mx-auto max-w-md">
      <Card title={t('auth.secondFactorTitle')}>
        <p className="text-sm text-stone-600">{t('auth.secondFactorLead')}</p>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormError id={form.errorId} errors={form.errors} />
          <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
          <Field meta={fields.code} label={t('auth.code')} autoComplete="one-time-code" />
          <Submit>{t('auth.verify')}</Submit>
        </Form>
      </Card>
    </div>
  );
}
