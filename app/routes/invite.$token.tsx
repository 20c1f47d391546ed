import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { PasswordField, PostForm, useRulesForm } from '~/components/post-form';
import { PageCard, Submit } from '~/components/form';
import { acceptInviteSchema } from '~/forms/auth';
import { useI18n } from '~/i18n/i18n';
import { requireAnonymous } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { acceptInvitation, findInvitation } from '~/services/accounts/invitations.server';
import { signedIn } from './login.server';
import { formAction } from '~/lib/form.server';
import { browserRules } from '~/lib/form-rules.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.inviteTitle');

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const invitation = await findInvitation(db, params.token ?? '');
  const rules = browserRules(acceptInviteSchema);
  return invitation
    ? {
        valid: true as const,
        name: invitation.name,
        email: invitation.email,
        org: invitation.organization.name,
        rules,
      }
    : { valid: false as const, rules };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireAnonymous(request);
  return formAction(request, acceptInviteSchema, {
    hideFields: ['password'],
    run: ({ password }) => acceptInvitation(db, params.token ?? '', password),
    // a new account has no authenticator yet: staff enrol one first
    done: (accepted) => signedIn(request, { ...accepted, totpEnabled: false }),
  });
}

export default function AcceptInvitation() {
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  const [form, fields] = useRulesForm(data.rules, { lastResult });
  return (
    <PageCard title={t('auth.inviteTitle')}>
      {data.valid ? (
        <PostForm
          form={form}
          lead={
            <>
              <p>{t('auth.inviteLead', { name: data.name, org: data.org })}</p>
              <p className="text-sm text-stone-600">
                {t('auth.email')}: {data.email}
              </p>
            </>
          }
        >
          <input
            type="email"
            name="username"
            value={data.email}
            autoComplete="username"
            readOnly
            hidden
          />
          <PasswordField meta={fields.password} label={t('auth.password')} isNew />
          <Submit>{t('auth.join')}</Submit>
        </PostForm>
      ) : (
        <p role="alert">{t('auth.inviteInvalid')}</p>
      )}
    </PageCard>
  );
}
