import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { ApplicationStatusBadge } from '~/components/application-ui';
import { BackLink, DateText, PageHeader, pick, StatusBadge, Wan } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import { notFound, requireEnterprise } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { DataTable } from '~/components/data-table';
import { listForChallengeOwner } from '~/services/applications/applications.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'applications.received.title');

// The applications to one of the enterprise's own challenges; another enterprise's challenge
// answers 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireEnterprise(request);
  const list = await listForChallengeOwner(db, user.organizationId, params.id ?? '');
  if (!list) throw notFound();
  return list;
}

export default function ReceivedApplications() {
  const { challenge: c, applications } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <div className="space-y-4">
      <BackLink to={`/needs/${c.id}`}>{t('applications.received.back')}</BackLink>
      <PageHeader
        title={`${t('applications.received.title')} · ${c.title}`}
        lead={t('applications.received.lead')}
      >
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <span className="font-mono">{c.code ?? c.ref}</span>
          <StatusBadge status={c.status} />
          <span>
            {t('applications.bounty')}: <Wan fen={c.bountyFen} />
          </span>
          <span>
            {t('applications.deadline')}: <DateText value={c.applicationDeadline} />
          </span>
        </div>
      </PageHeader>
      <DataTable
        rows={applications}
        rowTestId="received-application"
        empty={t('applications.received.empty')}
        columns={[
          {
            head: t('applications.team'),
            cell: (a) => (
              <Link to={`/applications/${a.id}`}>{pick(locale, a.team.name, a.team.nameEn)}</Link>
            ),
          },
          { head: t('applications.institution'), cell: (a) => a.institution ?? '—' },
          { head: t('applications.memberCount'), cell: (a) => a.memberCount },
          c.bountyType === 'OPEN' && {
            head: t('applications.requested'),
            cell: (a) => <Wan fen={a.requestedFen} />,
          },
          {
            head: t('applications.budget'),
            cell: (a) => (a.budgetFen === null ? '—' : <Wan fen={a.budgetFen} />),
          },
          { head: t('applications.submittedAt'), cell: (a) => <DateText value={a.submittedAt} /> },
          {
            head: t('applications.statusColumn'),
            cell: (a) => <ApplicationStatusBadge status={a.status} />,
          },
        ]}
      />
    </div>
  );
}
