import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { DateText, PageHeader, StatusBadge, LinkButton } from '~/components/ui';
import { effectiveNeedStatus, type NeedStatus } from '~/domain/need';
import { useI18n } from '~/i18n/i18n';
import { requireEnterprise } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { actorOf } from '~/services/kernel/actor';
import { listOwnNeeds } from '~/services/needs/intake.server';
import { DataTable } from '~/components/data-table';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'needs.title');

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireEnterprise(request);
  const now = new Date();
  const needs = await listOwnNeeds(db, actorOf(user));
  return {
    needs: needs.map((n) => ({
      id: n.id,
      ref: n.ref,
      code: n.code,
      title: n.title,
      status: effectiveNeedStatus(n.status as NeedStatus, n.applicationDeadline, now),
      updatedAt: n.updatedAt.toISOString(),
    })),
  };
}

export default function MyNeeds() {
  const { needs } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div>
      <PageHeader title={t('needs.title')} lead={t('needs.lead')}>
        <LinkButton to="/needs/new">{t('needs.new')}</LinkButton>
      </PageHeader>
      <DataTable
        rows={needs}
        empty={t('needs.empty')}
        columns={[
          { head: t('needs.ref'), cell: (n) => n.code ?? n.ref, className: 'font-mono' },
          {
            head: t('needs.form.title'),
            cell: (n) => <Link to={`/needs/${n.id}`}>{n.title}</Link>,
          },
          { head: t('needs.status'), cell: (n) => <StatusBadge status={n.status} /> },
          {
            head: t('needs.updated'),
            cell: (n) => <DateText value={n.updatedAt} />,
            secondary: true,
          },
        ]}
      />
    </div>
  );
}
