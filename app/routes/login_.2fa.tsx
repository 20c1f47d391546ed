import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { PostForm, useRulesForm } from '~/components/post-form';
import { Field, PageCard, Submit } from '~/components/form';
import { secondFactorSchema } from '~/forms/auth';
import { useI18n } from '~/i18n/i18n';
import { requireUser, safeRedirect } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { demoSecondFactorCode } from '~/services/accounts/demo.server';
import { passSecondFactor } from '~/services/accounts/totp.server';
import { parseForm } from '~/lib/form.server';
import { browserRules } from '~/lib/form-rules.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.secondFactorTitle');

async function pending(request: Request) {
  const auth = await requireUser(request, { pending2fa: true });
  const to = safeRedirect(new URL(request.url).searchParams.get('redirectTo'));
  if (auth.twoFactorVerified) throw redirect(to);
  if (!auth.user.totpEnabled) throw redirect(`/account/2fa?redirectTo=${encodeURIComponent(to)}`);
  return auth;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await pending(request);
  // demo mode only: the demo staff account's current code (null everywhere else)
  return {
    demo: await demoSecondFactorCode(db, auth.user.id),
    rules: browserRules(secondFactorSchema),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const auth = await pending(request);
  const submission = await parseForm(request, { schema: secondFactorSchema });
  if (submission.status !== 'success') return submission.reply();
  const outcome = await passSecondFactor(db, auth.user.id, auth.sessionId, submission.value.code);
  if (outcome !== 'ok') {
    const error = outcome === 'locked' ? 'auth.codeLocked' : 'auth.codeInvalid';
    return submission.reply({ fieldErrors: { code: [error] } });
  }
  return redirect(safeRedirect(submission.value.redirectTo));
}

export default function SecondFactor() {
  const { demo, rules } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useI18n();
  const [form, fields] = useRulesForm(rules, { lastResult });
  return (
    <PageCard title={t('auth.secondFactorTitle')} main={false}>
      <p className="text-sm text-stone-600">{t('auth.secondFactorLead')}</p>
      {demo ? (
        <p className="rounded bg-amber-50 p-2 text-sm text-stone-700" data-testid="demo-code">
          {'code' in demo ? (
            <>
              {t('auth.demoCodeLead')}{' '}
              <code className="font-mono text-base font-semibold whitespace-nowrap">
                {demo.code}
              </code>
            </>
          ) : (
            t('auth.demoCodeWait', { seconds: String(demo.waitSeconds) })
          )}
        </p>
      ) : null}
      <PostForm form={form}>
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
        <Field meta={fields.code} label={t('auth.code')} autoComplete="one-time-code" />
        <Submit>{t('auth.verify')}</Submit>
      </PostForm>
    </PageCard>
  );
}
