import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import type { z } from 'zod';
import { Field } from '~/components/form';
import { SignUpForm, useSignUpForm } from '~/components/sign-up-form';
import { enterpriseSignUpSchema } from '~/forms/auth';
import { useI18n } from '~/i18n/i18n';
import { pageMeta } from '~/lib/meta';
import { signUpAction, signUpLoader } from './signup.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.enterpriseTitle');

export const loader = ({ request }: LoaderFunctionArgs) =>
  signUpLoader(request, enterpriseSignUpSchema);

export const action = ({ request }: ActionFunctionArgs) =>
  signUpAction(request, enterpriseSignUpSchema);

export default function EnterpriseSignUp() {
  const { t } = useI18n();
  const [form, fields] = useSignUpForm<z.input<typeof enterpriseSignUpSchema>>();
  return (
    <SignUpForm title={t('auth.enterpriseTitle')} kind="ENTERPRISE" form={form} account={fields}>
      <Field meta={fields.orgName} label={t('auth.orgName')} autoComplete="organization" />
      <Field
        meta={fields.creditCode}
        label={t('auth.creditCode')}
        hint={t('auth.creditCodeHint')}
      />
      <Field
        meta={fields.contactPhone}
        label={t('auth.contactPhone')}
        type="tel"
        autoComplete="tel"
      />
    </SignUpForm>
  );
}
