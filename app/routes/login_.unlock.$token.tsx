import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { PasswordField, PostForm, useRulesForm } from '~/components/post-form';
import { PageCard, Submit } from '~/components/form';
import { unlockSchema as schema } from '~/forms/auth';
import { useI18n } from '~/i18n/i18n';
import { requireAnonymous } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { formAction } from '~/lib/form.server';
import { browserRules } from '~/lib/form-rules.server';
import { pageMeta } from '~/lib/meta';
import { findUnlockToken, signInWithUnlock } from '~/services/accounts/sign-in.server';
import { signedIn } from './login.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.unlockTitle');

// The link mailed to the owner of a locked account (ADR 015). Opening it changes nothing (mail
// scanners open links too); the owner's password, typed here, signs in despite the lock.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const row = await findUnlockToken(db, params.token ?? '');
  return { email: row?.user.email ?? null, rules: browserRules(schema) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireAnonymous(request);
  return formAction(request, schema, {
    hideFields: ['password'],
    run: ({ password }) => signInWithUnlock(db, params.token ?? '', password),
    done: (result) => signedIn(request, result),
  });
}

export default function Unlock() {
  const { email, rules } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  const [form, fields] = useRulesForm(rules, { lastResult, shouldValidate: 'onSubmit' });
  return (
    <PageCard title={t('auth.unlockTitle')}>
      {email ? (
        <>
          <p className="text-sm text-stone-600">{t('auth.unlockLead', { email })}</p>
          <PostForm form={form}>
            <PasswordField meta={fields.password} label={t('auth.password')} />
            <Submit>{t('auth.signIn')}</Submit>
          </PostForm>
        </>
      ) : (
        <p role="alert">{t('auth.unlockInvalid')}</p>
      )}
    </PageCard>
  );
}
