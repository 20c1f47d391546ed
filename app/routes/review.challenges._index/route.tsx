import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { DateText, pick, StatusBadge } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import { requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { challengesUnderEvaluation } from './list.server';
import { DeskHeading } from '~/components/desk/heading';
import { DataTable } from '~/components/data-table';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'evaluation.list.title');

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const view = new URL(request.url).searchParams.get('view') === 'decided' ? 'decided' : 'open';
  return { view, rows: await challengesUnderEvaluation(db, view) };
}

export default function ChallengesUnderReview() {
  const { view, rows } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const tab = (v: 'open' | 'decided', label: string) => (
    <Link
      to={v === 'open' ? '?' : '?view=decided'}
      aria-current={view === v ? 'page' : undefined}
      className={view === v ? 'font-semibold text-brand-700' : ''}
    >
      {label}
    </Link>
  );
  return (
    <div className="space-y-4">
      <DeskHeading title={t('evaluation.list.title')} lead={t('evaluation.list.lead')} />
      <nav className="flex gap-4 text-sm">
        {tab('open', t('evaluation.list.tabOpen'))}
        {tab('decided', t('evaluation.list.tabDecided'))}
      </nav>
      <DataTable
        rows={rows}
        rowKey={(r) => r.code}
        empty={t('evaluation.list.empty')}
        columns={[
          { head: t('evaluation.list.code'), className: 'font-mono', cell: (r) => r.code },
          {
            head: t('evaluation.list.challenge'),
            cell: (r) => (
              <Link to={`/review/challenges/${r.code}`}>{pick(locale, r.title, r.titleEn)}</Link>
            ),
          },
          { head: t('evaluation.list.enterprise'), cell: (r) => r.enterprise },
          {
            head: t('evaluation.list.deadline'),
            cell: (r) => <DateText value={r.applicationDeadline} />,
          },
          {
            head: t('evaluation.list.slots'),
            cell: (r) => (
              <>
                {r.awardSlots}
                {r.parallel ? (
                  <span className="ml-1 rounded bg-amber-100 px-1.5 text-xs text-amber-900">
                    {t('evaluation.list.parallel')}
                  </span>
                ) : null}
              </>
            ),
          },
          { head: t('evaluation.list.applications'), align: 'right', cell: (r) => r.applications },
          { head: t('evaluation.list.undecided'), align: 'right', cell: (r) => r.undecided },
          { head: t('evaluation.list.pending'), align: 'right', cell: (r) => r.pendingProposals },
          { head: t('evaluation.list.status'), cell: (r) => <StatusBadge status={r.status} /> },
        ]}
      />
    </div>
  );
}
