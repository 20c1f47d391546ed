import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import type { z } from 'zod';
import { Field, SelectField, TextareaField } from '~/components/form';
import { SignUpForm, useSignUpForm } from '~/components/sign-up-form';
import { teamSignUpSchema } from '~/forms/auth';
import { COUNTRIES } from '~/forms/countries';
import { useI18n } from '~/i18n/i18n';
import { pageMeta } from '~/lib/meta';
import { signUpAction, signUpLoader } from './signup.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.teamTitle');

export const loader = ({ request }: LoaderFunctionArgs) => signUpLoader(request, teamSignUpSchema);

export const action = ({ request }: ActionFunctionArgs) => signUpAction(request, teamSignUpSchema);

export default function TeamSignUp() {
  const { t } = useI18n();
  const [form, fields] = useSignUpForm<z.input<typeof teamSignUpSchema>>();
  const countries = COUNTRIES.map((c) => ({ value: c, label: t(`auth.countries.${c}`) }));
  return (
    <SignUpForm title={t('auth.teamTitle')} kind="TEAM" form={form} account={fields}>
      <Field meta={fields.orgName} label={t('auth.teamName')} />
      <Field meta={fields.institution} label={t('auth.institution')} autoComplete="organization" />
      <SelectField meta={fields.country} label={t('auth.country')} options={countries} />
      <Field meta={fields.leader} label={t('auth.leader')} />
      <TextareaField meta={fields.members} label={t('auth.members')} />
    </SignUpForm>
  );
}
