import type { MetaFunction } from '@remix-run/node';
import { Link } from '@remix-run/react';
import { Notice, PageCard } from '~/components/form';
import { useI18n } from '~/i18n/i18n';
import { pageMeta } from '~/lib/meta';
import { anonymousOnly } from './signup.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.signUpSentTitle');

export const loader = anonymousOnly;

/** Where every successful-looking sign-up ends, registered address or not. */
export default function SignUpSent() {
  const { t } = useI18n();
  return (
    <PageCard title={t('auth.signUpSentTitle')}>
      <Notice>{t('auth.signUpSent')}</Notice>
      <Link to="/login">{t('auth.signIn')}</Link>
    </PageCard>
  );
}
