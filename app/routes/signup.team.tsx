import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { Card, Field, FormError, SelectField, Submit, TextareaField } from '~/components/form';
import { COUNTRIES, teamSignUpSchema } from '~/forms/auth';
import { useI18n } from '~/i18n/i18n';
import { requireAnonymous } from '~/lib/auth.server';
import { pageMeta } from '~/lib/meta';
import { signUpAction } from './signup.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.teamTitle');

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export const action = ({ request }: ActionFunctionArgs) => signUpAction(request, teamSignUpSchema);

export default function TeamSignUp() {
  const lastResult = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(teamSignUpSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: teamSignUpSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  const names = new Intl.DisplayNames([locale === 'zh' ? 'zh-CN' : 'en'], { type: 'region' });
  const countries = COUNTRIES.map((c) => ({
    value: c,
    label: c === 'OTHER' ? '—' : (names.of(c) ?? c),
  }));
  return (
    <div className="mx-auto max-w-xl">
      <Card title={t('auth.teamTitle')} main>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormError id={form.errorId} errors={form.errors} />
          <input type="hidden" name="kind" value="TEAM" />
          <Field meta={fields.orgName} label={t('auth.teamName')} />
          <Field
            meta={fields.institution}
            label={t('auth.institution')}
            autoComplete="organization"
          />
          <SelectField meta={fields.country} label={t('auth.country')} options={countries} />
          <Field meta={fields.leader} label={t('auth.leader')} />
          <TextareaField meta={fields.members} label={t('auth.members')} />
          <h2 className="pt-2 font-semibold">{t('auth.yourAccount')}</h2>
          <Field meta={fields.name} label={t('auth.name')} autoComplete="name" />
          <Field meta={fields.email} label={t('auth.email')} type="email" autoComplete="email" />
          <Field
            meta={fields.password}
            label={t('auth.password')}
            type="password"
            hint={t('auth.passwordHint')}
            autoComplete="new-password"
          />
          <Submit>{t('auth.signUp')}</Submit>
        </Form>
      </Card>
    </div>
  );
}
