import type { MetaFunction } from '@remix-run/node';
import { Link } from '@remix-run/react';
import { Card } from '~/components/form';
import { PageHeader } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import { pageMeta } from '~/lib/meta';
import { anonymousOnly } from './signup.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.signUpTitle');

export const loader = anonymousOnly;

/** Who registers: each kind's form at /signup/<kind>, under its label. */
const CHOICES = [
  ['enterprise', 'auth.asEnterprise'],
  ['team', 'auth.asTeam'],
] as const;

export default function SignUpChoice() {
  const { t } = useI18n();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title={t('auth.signUpTitle')} lead={t('auth.signUpLead')} />
      <div className="grid gap-4 md:grid-cols-2">
        {CHOICES.map(([kind, label]) => (
          <Card key={kind}>
            <Link to={`/signup/${kind}`} className="text-lg font-semibold">
              {t(label)}
            </Link>
          </Card>
        ))}
      </div>
    </div>
  );
}
