import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { DeskHeading } from '~/components/desk/heading';
import { EmptyNote } from '~/components/desk/table';
import { DataTable } from '~/components/data-table';
import { DueDate } from '~/components/due-date';
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
      <DeskHeading
        title={t('evaluation.assignments.title')}
        lead={t('evaluation.assignments.lead')}
      />
      {rows.length === 0 ? (
        <EmptyNote look="page">{t('evaluation.assignments.empty')}</EmptyNote>
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
    <DataTable
      rows={rows}
      rowTestId="my-assignment"
      columns={[
        {
          head: t('evaluation.assignments.challenge'),
          cell: (r) => (
            <>
              <span className="font-mono text-xs text-stone-500">{r.code}</span>{' '}
              {pick(locale, r.title, r.titleEn)}
            </>
          ),
        },
        { head: t('evaluation.assignments.team'), cell: (r) => pick(locale, r.team, r.teamEn) },
        {
          head: t('evaluation.assignments.assigned'),
          cell: (r) => <DateText value={r.assignedAt} />,
        },
        {
          head: t('reviewDue.due'),
          testId: 'due-date',
          cell: (r) => <DueDate date={r.dueDate} overdue={r.overdue} />,
        },
        {
          head: t('evaluation.assignments.submitted'),
          cell: (r) => <DateText value={r.submittedAt} />,
        },
        {
          head: t('evaluation.assignments.state'),
          cell: (r) =>
            r.recused ? (
              <RecuseReason value={r.recuseReason} />
            ) : (
              tKey(t, `evaluation.appStatus.${r.applicationStatus}`)
            ),
        },
        {
          head: t('evaluation.assignments.action'),
          hidden: true,
          cell: (r) => (
            <Link to={`/review/assignments/${r.id}`}>
              {r.todo ? t('evaluation.assignments.open') : t('evaluation.assignments.view')}
            </Link>
          ),
        },
      ]}
    />
  );
}
