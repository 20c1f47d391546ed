import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { Card, Field, FormError, Submit } from '~/components/form';
import { enterpriseSignUpSchema } from '~/forms/auth';
import { useI18n } from '~/i18n/i18n';
import { requireAnonymous } from '~/lib/auth.server';
import { pageMeta } from '~/lib/meta';
import { signUpAction } from './signup.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.enterpriseTitle');

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export const action = ({ request }: ActionFunctionArgs) =>
  signUpAction(request, enterpriseSignUpSchema);

export default function EnterpriseSignUp() {
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(enterpriseSignUpSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: enterpriseSignUpSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  return (
    <div className="mx-auto max-w-xl">
      <Card title={t('auth.enterpriseTitle')} main>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormError id={form.errorId} errors={form.errors} />
          <input type="hidden" name="kind" value="ENTERPRISE" />
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
