// The two sign-up forms (enterprise, team) differ in the organisation's fields only; the
// account part and the page around them are the same.
import type { FieldMetadata, FormMetadata } from '@conform-to/react';
import { useActionData, useLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useI18n } from '~/i18n/i18n';
import {
  PasswordField,
  PostForm,
  useRulesForm,
  type BrowserRules,
  type LastResult,
} from './post-form';
import { Field, PageCard, Submit } from './form';

type Meta = FieldMetadata<string | undefined>;

/**
 * The page's form over its schema's rules (the loader's, signUpLoader): checked as each field is
 * left, answered by the action; `Shape` is the schema's input, named by type only.
 */
export function useSignUpForm<Shape extends Record<string, unknown>>() {
  const rules = useLoaderData<BrowserRules>();
  const lastResult = useActionData<LastResult>();
  return useRulesForm<Shape>(rules, {
    lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
}

export function SignUpForm({
  title,
  kind,
  form,
  account,
  children,
}: {
  title: string;
  kind: 'ENTERPRISE' | 'TEAM';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  form: FormMetadata<any, string[]>;
  account: { name: Meta; email: Meta; password: Meta };
  /** the organisation's fields */
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <PageCard title={title} wide>
      <PostForm form={form}>
        <input type="hidden" name="kind" value={kind} />
        {children}
        <h2 className="pt-2 font-semibold">{t('auth.yourAccount')}</h2>
        <Field meta={account.name} label={t('auth.name')} autoComplete="name" />
        <Field meta={account.email} label={t('auth.email')} type="email" autoComplete="email" />
        <PasswordField meta={account.password} label={t('auth.password')} isNew />
        <Submit>{t('auth.signUp')}</Submit>
      </PostForm>
    </PageCard>
  );
}
