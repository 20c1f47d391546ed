import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { Card } from '~/components/form';
import { Facts, pick } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import { requireUser } from '~/lib/auth.server';
import { pageMeta } from '~/lib/meta';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'account.title');

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  return {
    user: { name: user.name, email: user.email, role: user.role, organization: user.organization },
  };
}

export default function Account() {
  const { user } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <Card title={`${t('account.title')} · ${user.name}`} main>
      <Facts
        rows={[
          [t('account.email'), user.email],
          [
            t('account.organization'),
            `${pick(locale, user.organization.name, user.organization.nameEn)} (${t(`kinds.${user.organization.kind}` as 'kinds.BUREAU')})`,
          ],
          [t('account.role'), t(`roles.${user.role}`)],
        ]}
      />
    </Card>
  );
}
