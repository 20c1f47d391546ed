import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { DateText, pick, StatusBadge } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import { requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { challengesUnderEvaluation } from './list.server';
import { DeskHeading } from '~/components/desk/heading';
import { DeskTable } from '~/components/desk/table';

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
      <DeskTable
        look="page"
        empty={rows.length === 0}
        emptyText={t('evaluation.list.empty')}
        columns={[
          ...(['code', 'challenge', 'enterprise', 'deadline', 'slots'] as const).map((k) =>
            t(`evaluation.list.${k}`),
          ),
          ...(['applications', 'undecided', 'pending'] as const).map((k) => ({
            text: t(`evaluation.list.${k}`),
            right: true,
          })),
          t('evaluation.list.status'),
        ]}
      >
        {rows.map((r) => (
          <tr key={r.code} className="border-b border-stone-200">
            <td className="p-2 font-mono">{r.code}</td>
            <td className="p-2">
              <Link to={`/review/challenges/${r.code}`}>{pick(locale, r.title, r.titleEn)}</Link>
            </td>
            <td className="p-2">{r.enterprise}</td>
            <td className="p-2">
              <DateText value={r.applicationDeadline} />
            </td>
            <td className="p-2">
              {r.awardSlots}
              {r.parallel ? (
                <span className="ml-1 rounded bg-amber-100 px-1.5 text-xs text-amber-900">
                  {t('evaluation.list.parallel')}
                </span>
              ) : null}
            </td>
            <td className="p-2 text-right">{r.applications}</td>
            <td className="p-2 text-right">{r.undecided}</td>
            <td className="p-2 text-right">{r.pendingProposals}</td>
            <td className="p-2">
              <StatusBadge status={r.status} />
            </td>
          </tr>
        ))}
      </DeskTable>
    </div>
  );
}
