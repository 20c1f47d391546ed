import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { DateText, pick, StatusBadge } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import { requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { challengesUnderEvaluation } from './list.server';
import { HeadRow } from '~/components/list-page';

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
      <div>
        <h2 className="text-lg font-semibold">{t('evaluation.list.title')}</h2>
        <p className="text-sm text-stone-600">{t('evaluation.list.lead')}</p>
      </div>
      <nav className="flex gap-4 text-sm">
        {tab('open', t('evaluation.list.tabOpen'))}
        {tab('decided', t('evaluation.list.tabDecided'))}
      </nav>
      {rows.length === 0 ? (
        <p className="rounded border border-dashed border-stone-300 p-8 text-center text-stone-600">
          {t('evaluation.list.empty')}
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-sm">
            <HeadRow
              columns={[
                t('evaluation.list.code'),
                t('evaluation.list.challenge'),
                t('evaluation.list.enterprise'),
                t('evaluation.list.deadline'),
                t('evaluation.list.slots'),
                [t('evaluation.list.applications'), 'right'],
                [t('evaluation.list.undecided'), 'right'],
                [t('evaluation.list.pending'), 'right'],
                t('evaluation.list.status'),
              ]}
            />
            <tbody>
              {rows.map((r) => (
                <tr key={r.code} className="border-b border-stone-200">
                  <td className="p-2 font-mono">{r.code}</td>
                  <td className="p-2">
                    <Link to={`/review/challenges/${r.code}`}>
                      {pick(locale, r.title, r.titleEn)}
                    </Link>
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
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
