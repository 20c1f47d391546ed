import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { ApplicationStatusBadge } from '~/components/application-ui';
import { DateText, PageHeader, pick } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import { requireUser } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { listAssignedToReviewer, listForTeam } from '~/services/applications/applications.server';
import { DataTable, EmptyState } from '~/components/data-table';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'applications.title');

// A team's own applications; for bureau staff, the applications assigned to them. An
// enterprise finds the applications it received under each of its needs.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  if (user.role === 'ENTERPRISE') throw redirect('/needs');
  if (user.role === 'TEAM') {
    return { view: 'team' as const, own: await listForTeam(db, user.organizationId), assigned: [] };
  }
  return { view: 'staff' as const, own: [], assigned: await listAssignedToReviewer(db, user.id) };
}

export default function Applications() {
  const data = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  if (data.view === 'staff') {
    return (
      <div>
        <PageHeader title={t('applications.assignedTitle')} lead={t('applications.assignedLead')} />
        {data.assigned.length === 0 ? (
          <EmptyState>{t('applications.assignedEmpty')}</EmptyState>
        ) : (
          <ul className="space-y-2">
            {data.assigned.map((a) => (
              <li
                key={a.id}
                className="flex flex-wrap items-center gap-3 rounded border border-stone-200 bg-white p-3"
              >
                <span className="font-mono text-sm">{a.challenge.code}</span>
                <Link to={`/applications/${a.id}`}>
                  {pick(locale, a.challenge.title, a.challenge.titleEn)} ·{' '}
                  {pick(locale, a.team.name, a.team.nameEn)}
                </Link>
                <ApplicationStatusBadge status={a.status} />
                {a.recused ? (
                  <span className="text-xs text-red-800">{t('applications.recused')}</span>
                ) : a.scored ? (
                  <span className="text-xs text-green-800">{t('applications.scored')}</span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return (
    <div>
      <PageHeader title={t('applications.title')} lead={t('applications.lead')}>
        <Link to="/challenges" className="text-sm">
          {t('applications.browse')}
        </Link>
      </PageHeader>
      <DataTable
        rows={data.own}
        rowTestId="application-row"
        empty={t('applications.empty')}
        columns={[
          {
            head: t('applications.challenge'),
            cell: (a) => (
              <>
                <span className="mr-2 font-mono">{a.challenge.code}</span>
                <Link to={`/applications/${a.id}`}>
                  {pick(locale, a.challenge.title, a.challenge.titleEn)}
                </Link>
              </>
            ),
          },
          {
            head: t('applications.statusColumn'),
            cell: (a) => <ApplicationStatusBadge status={a.status} />,
          },
          {
            head: t('applications.deadline'),
            cell: (a) => <DateText value={a.challenge.applicationDeadline} />,
          },
          {
            head: t('applications.updatedAt'),
            cell: (a) => <DateText value={a.updatedAt} />,
            secondary: true,
          },
        ]}
      />
    </div>
  );
}
