import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link } from '@remix-run/react';
import { Card, Notice } from '~/components/form';
import { useI18n } from '~/i18n/i18n';
import { requireAnonymous } from '~/lib/auth.server';
import { pageMeta } from '~/lib/meta';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.signUpSentTitle');

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

/** Where every successful-looking sign-up ends, registered address or not. */
export default function SignUpSent() {
  const { t } = useI18n();
  return (
    <div className="mx-auto max-w-md">
      <Card title={t('auth.signUpSentTitle')} main>
        <Notice>{t('auth.signUpSent')}</Notice>
        <Link to="/login">{t('auth.signIn')}</Link>
      </Card>
    </div>
  );
}
