import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { RecuseReason } from '~/components/evaluation';
import { DateText, pick } from '~/components/ui';
import { tKey, useI18n } from '~/i18n/i18n';
import { requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { myAssignments } from './assignments.server';

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, 'evaluation.assignments.title');

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request);
  return { rows: await myAssignments(db, user.id) };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['rows'][number];

export default function MyAssignments() {
  const { rows } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const groups: [string, Row[]][] = [
    [t('evaluation.assignments.todo'), rows.filter((r) => r.todo)],
    [t('evaluation.assignments.done'), rows.filter((r) => r.open && !r.todo)],
    [t('evaluation.assignments.closed'), rows.filter((r) => !r.open)],
  ];
  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-lg font-semibold">{t('evaluation.assignments.title')}</h2>
        <p className="text-sm text-stone-600">{t('evaluation.assignments.lead')}</p>
      </div>
      {rows.length === 0 ? (
        <p className="rounded border border-dashed border-stone-300 p-8 text-center text-stone-600">
          {t('evaluation.assignments.empty')}
        </p>
      ) : (
        groups
          .filter(([, list]) => list.length > 0)
          .map(([title, list]) => (
            <section key={title} className="space-y-2">
              <h3 className="font-semibold">
                {title} ({list.length})
              </h3>
              <AssignmentTable rows={list} />
            </section>
          ))
      )}
    </div>
  );
}

function AssignmentTable({ rows }: { rows: Row[] }) {
  const { t, locale } = useI18n();
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse bg-white text-sm">
        <thead>
          <tr className="border-b border-stone-300 text-left">
            <th scope="col" className="p-2">
              {t('evaluation.assignments.challenge')}
            </th>
            <th scope="col" className="p-2">
              {t('evaluation.assignments.team')}
            </th>
            <th scope="col" className="p-2">
              {t('evaluation.assignments.assigned')}
            </th>
            <th scope="col" className="p-2">
              {t('evaluation.assignments.submitted')}
            </th>
            <th scope="col" className="p-2">
              {t('evaluation.assignments.state')}
            </th>
            <th scope="col" className="p-2">
              <span className="sr-only">{t('evaluation.assignments.action')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-stone-200" data-testid="my-assignment">
              <td className="p-2">
                <span className="font-mono text-xs text-stone-500">{r.code}</span>{' '}
                {pick(locale, r.title, r.titleEn)}
              </td>
              <td className="p-2">{pick(locale, r.team, r.teamEn)}</td>
              <td className="p-2">
                <DateText value={r.assignedAt} />
              </td>
              <td className="p-2">
                <DateText value={r.submittedAt} />
              </td>
              <td className="p-2">
                {r.recused ? (
                  <RecuseReason value={r.recuseReason} />
                ) : (
                  tKey(t, `evaluation.appStatus.${r.applicationStatus}`)
                )}
              </td>
              <td className="p-2">
                <Link to={`/review/assignments/${r.id}`}>
                  {r.todo ? t('evaluation.assignments.open') : t('evaluation.assignments.view')}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
