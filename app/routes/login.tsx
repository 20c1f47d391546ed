import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { PasswordField, PostForm, useRulesForm } from '~/components/post-form';
import { Card, Field, Submit } from '~/components/form';
import { signInSchema } from '~/forms/auth';
import { browserRules } from '~/lib/form-rules.server';
import { useI18n } from '~/i18n/i18n';
import { clientAddress, requestOrigin, requireAnonymous, safeRedirect } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { signIn } from '~/services/accounts/sign-in.server';
import { demoAccounts } from '~/services/accounts/demo.server';
import { CopyButton } from '~/components/copy-button';
import { signedIn } from './login.server';
import { formAction } from '~/lib/form.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.signInTitle');

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return { demo: demoAccounts(), rules: browserRules(signInSchema) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  return formAction(request, signInSchema, {
    hideFields: ['password'],
    run: ({ email, password }) =>
      signIn(db, email, password, {
        address: clientAddress(context),
        origin: requestOrigin(request),
      }),
    // staff pass a second factor before the session is good for anything
    done: (result, { redirectTo }) => signedIn(request, result, safeRedirect(redirectTo)),
  });
}

// The password is set apart from the sentence around it so that it never wraps mid-word.
function DemoPassword({ password }: { password: string }) {
  const { t } = useI18n();
  const [before, after] = t('auth.demoLead', { password: '\u0001' }).split('\u0001');
  return (
    <p className="text-sm text-stone-600">
      {before}
      <code
        id="demo-password"
        className="rounded bg-stone-100 px-1 font-mono whitespace-nowrap text-ink"
      >
        {password}
      </code>
      {after} <CopyButton value={password} describedBy="demo-password" />
    </p>
  );
}

export default function Login() {
  const { demo, rules } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useI18n();
  const [form, fields] = useRulesForm(rules, { lastResult, shouldValidate: 'onSubmit' });
  return (
    <div className="mx-auto grid max-w-4xl gap-8 md:grid-cols-2">
      <Card title={t('auth.signInTitle')} main>
        <p className="text-sm text-stone-600">{t('auth.signInLead')}</p>
        <PostForm form={form}>
          <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
          <Field meta={fields.email} label={t('auth.email')} type="email" autoComplete="username" />
          <PasswordField meta={fields.password} label={t('auth.password')} />
          <Submit>{t('auth.signIn')}</Submit>
        </PostForm>
        <p className="flex flex-wrap gap-4 text-sm">
          <Link to="/password/forgot">{t('auth.forgot')}</Link>
          <span>
            {t('auth.noAccount')} <Link to="/signup">{t('auth.signUp')}</Link>
          </span>
        </p>
      </Card>
      {demo ? (
        <Card title={t('auth.demoTitle')}>
          <DemoPassword password={demo.password} />
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead>
                <tr className="text-left">
                  <th scope="col" className="py-1">
                    {t('auth.email')}
                  </th>
                  <th scope="col" className="py-1">
                    {t('auth.demoRole')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {demo.users.map((u) => (
                  <tr key={u.email} className="border-t border-stone-200">
                    <td className="py-1 font-mono text-xs break-all">{u.email}</td>
                    <td className="py-1">{t(`roles.${u.role}` as 'roles.ADMIN')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="text-sm text-stone-600">{t('auth.demoStaffHint')}</p>
        </Card>
      ) : null}
    </div>
  );
}
