import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { Card, Field, FormError, Notice, Submit } from '~/components/form';
import { required } from '~/forms/common';
import { useI18n } from '~/i18n/i18n';
import { forbidden, isStaff, requireUser } from '~/lib/auth.server';
import { safeRedirect } from '~/lib/safe-redirect';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { enableTotp, newTotpSecret, totpEnrolment } from '~/services/accounts/totp.server';
import { parseForm } from '~/lib/form.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'account.twoFactorTitle');

const schema = z.object({
  code: z
    .string(required)
    .trim()
    .regex(/^\d{6}$/, { error: 'auth.codeInvalid' }),
  secret: z.string(required).regex(/^[A-Z2-7]{32}$/, { error: 'validation.invalid' }),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireUser(request, { pending2fa: true });
  if (!isStaff(auth)) throw forbidden();
  if (auth.user.totpEnabled) return { enabled: true as const };
  // the secret goes back with the form and is stored only once a first code proves it works
  const secret = newTotpSecret();
  const { qrDataUrl } = await totpEnrolment(auth.user.email, secret);
  return { enabled: false as const, secret, qrDataUrl };
}

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requireUser(request, { pending2fa: true });
  if (!isStaff(auth)) throw forbidden();
  if (auth.user.totpEnabled) throw forbidden();
  const submission = await parseForm(request, { schema });
  if (submission.status !== 'success') return { result: submission.reply(), codes: null };
  const codes = await enableTotp(db, auth.user.id, submission.value.secret, submission.value.code, {
    sessionId: auth.sessionId,
  });
  if (!codes)
    return {
      result: submission.reply({ fieldErrors: { code: ['auth.codeInvalid'] } }),
      codes: null,
    };
  return { result: submission.reply(), codes };
}

export default function TwoFactor() {
  const data = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useI18n();
  const [form, fields] = useForm({
    lastResult: outcome?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  if (outcome?.codes) {
    return (
      <Card title={t('account.recoveryTitle')} main>
        <Notice>{t('account.twoFactorEnabled')}</Notice>
        <p className="text-sm text-stone-700">{t('account.recoveryLead')}</p>
        <ul className="grid grid-cols-2 gap-2 font-mono" data-testid="recovery-codes">
          {outcome.codes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <Link to={safeRedirect(params.get('redirectTo'))}>{t('account.continue')}</Link>
      </Card>
    );
  }
  if (data.enabled) {
    return (
      <Card title={t('account.twoFactorTitle')} main>
        <Notice>{t('account.twoFactorEnabled')}</Notice>
      </Card>
    );
  }
  return (
    <Card title={t('account.twoFactorTitle')} main>
      <p className="text-sm text-stone-700">{t('account.twoFactorLead')}</p>
      <img
        src={data.qrDataUrl}
        alt={t('account.secret')}
        width={192}
        height={192}
        className="border border-stone-200"
      />
      <p className="text-sm">
        {t('account.secret')}:{' '}
        <code data-testid="totp-secret" className="break-all">
          {data.secret}
        </code>
      </p>
      <Form method="post" {...getFormProps(form)} className="max-w-xs space-y-4">
        <FormError id={form.errorId} errors={form.errors} />
        <input type="hidden" name="secret" value={data.secret} />
        <Field meta={fields.code} label={t('auth.code')} autoComplete="one-time-code" />
        <Submit>{t('account.enable')}</Submit>
      </Form>
    </Card>
  );
}

// Keep the QR code the user just scanned: a failed code must not bring a new secret.
export const shouldRevalidate = () => false;
