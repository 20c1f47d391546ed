import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { ApplicationStatusBadge } from '~/components/application-ui';
import { DateText, PageHeader, pick, StatusBadge, Wan } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import { notFound, requireEnterprise } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
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
      <Link to={`/needs/${c.id}`} className="text-sm">
        ← {t('applications.received.back')}
      </Link>
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
      {applications.length === 0 ? (
        <p className="rounded border border-dashed border-stone-300 p-8 text-center text-stone-600">
          {t('applications.received.empty')}
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-sm">
            <thead>
              <tr className="border-b border-stone-300 text-left">
                <th scope="col" className="p-2">
                  {t('applications.team')}
                </th>
                <th scope="col" className="p-2">
                  {t('applications.institution')}
                </th>
                <th scope="col" className="p-2">
                  {t('applications.memberCount')}
                </th>
                {c.bountyType === 'OPEN' ? (
                  <th scope="col" className="p-2">
                    {t('applications.requested')}
                  </th>
                ) : null}
                <th scope="col" className="p-2">
                  {t('applications.budget')}
                </th>
                <th scope="col" className="p-2">
                  {t('applications.submittedAt')}
                </th>
                <th scope="col" className="p-2">
                  {t('applications.statusColumn')}
                </th>
              </tr>
            </thead>
            <tbody>
              {applications.map((a) => (
                <tr
                  key={a.id}
                  className="border-b border-stone-200"
                  data-testid="received-application"
                >
                  <td className="p-2">
                    <Link to={`/applications/${a.id}`}>
                      {pick(locale, a.team.name, a.team.nameEn)}
                    </Link>
                  </td>
                  <td className="p-2">{a.institution ?? '—'}</td>
                  <td className="p-2">{a.memberCount}</td>
                  {c.bountyType === 'OPEN' ? (
                    <td className="p-2">
                      <Wan fen={a.requestedFen} />
                    </td>
                  ) : null}
                  <td className="p-2">{a.budgetFen === null ? '—' : <Wan fen={a.budgetFen} />}</td>
                  <td className="p-2">
                    <DateText value={a.submittedAt} />
                  </td>
                  <td className="p-2">
                    <ApplicationStatusBadge status={a.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
