import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData } from '@remix-run/react';
import { useZodForm } from '~/components/conform';
import { Field, SelectField, TextareaField } from '~/components/form';
import { SignUpForm } from '~/components/sign-up-form';
import { COUNTRIES, teamSignUpSchema } from '~/forms/auth';
import { useI18n } from '~/i18n/i18n';
import { pageMeta } from '~/lib/meta';
import { anonymousOnly, signUpAction } from './signup.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.teamTitle');

export const loader = anonymousOnly;

export const action = ({ request }: ActionFunctionArgs) => signUpAction(request, teamSignUpSchema);

export default function TeamSignUp() {
  const lastResult = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const [form, fields] = useZodForm(teamSignUpSchema, {
    lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  const names = new Intl.DisplayNames([locale === 'zh' ? 'zh-CN' : 'en'], { type: 'region' });
  const countries = COUNTRIES.map((c) => ({
    value: c,
    label: c === 'OTHER' ? '—' : (names.of(c) ?? c),
  }));
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
