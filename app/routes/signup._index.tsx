import type { MetaFunction } from '@remix-run/node';
import { Link } from '@remix-run/react';
import { Card } from '~/components/form';
import { useI18n } from '~/i18n/i18n';
import { pageMeta } from '~/lib/meta';
import { anonymousOnly } from './signup.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.signUpTitle');

export const loader = anonymousOnly;

export default function SignUpChoice() {
  const { t } = useI18n();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">{t('auth.signUpTitle')}</h1>
        <p className="text-stone-600">{t('auth.signUpLead')}</p>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <Card>
          <Link to="/signup/enterprise" className="text-lg font-semibold">
            {t('auth.asEnterprise')}
          </Link>
        </Card>
        <Card>
          <Link to="/signup/team" className="text-lg font-semibold">
            {t('auth.asTeam')}
          </Link>
        </Card>
      </div>
    </div>
  );
}
