import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { Field, SelectField, TextareaField } from '~/components/form';
import { SignUpForm, useSignUpForm } from '~/components/sign-up-form';
import { COUNTRIES, teamSignUpSchema } from '~/forms/auth';
import { useI18n } from '~/i18n/i18n';
import { pageMeta } from '~/lib/meta';
import { anonymousOnly, signUpAction } from './signup.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.teamTitle');

export const loader = anonymousOnly;

export const action = ({ request }: ActionFunctionArgs) => signUpAction(request, teamSignUpSchema);

export default function TeamSignUp() {
  const { t } = useI18n();
  const [form, fields] = useSignUpForm(teamSignUpSchema);
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
