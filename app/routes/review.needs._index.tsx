import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { Options } from '~/components/form';
import { DateText, FieldName, StatusBadge, Wan } from '~/components/ui';
import { FIELDS, QUEUE_STATUSES } from '~/forms/needs';
import { tKey, useI18n } from '~/i18n/i18n';
import { requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { toFenOrNull } from '~/lib/fen';
import { pageMeta } from '~/lib/meta';
import { vettingQueue } from '~/services/needs/needs.server';
import { DeskHeading } from '~/components/desk/heading';
import { DataTable } from '~/components/data-table';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'review.queue.title');

const DAY = 24 * 3600 * 1000;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const url = new URL(request.url);
  const statusParam = url.searchParams.get('status') ?? 'SUBMITTED';
  const status =
    statusParam === 'all' || (QUEUE_STATUSES as readonly string[]).includes(statusParam)
      ? statusParam
      : 'SUBMITTED';
  const fieldParam = url.searchParams.get('field') ?? '';
  const field = (FIELDS as readonly string[]).includes(fieldParam) ? fieldParam : '';
  const bountyParam = url.searchParams.get('bounty') ?? '';
  const bounty = bountyParam === 'FIXED' || bountyParam === 'OPEN' ? bountyParam : '';
  const { rows, total } = await vettingQueue(db, { status, field, bounty });
  const now = Date.now();
  return {
    filter: { status, field, bounty },
    total,
    rows: rows.map((r) => ({
      id: r.id,
      ref: r.ref,
      title: r.title,
      field: r.field,
      status: r.status,
      enterprise: r.enterprise.name,
      bountyFen: toFenOrNull(r.bountyFen),
      submittedAt: r.submittedAt?.toISOString() ?? null,
      waitingDays: r.submittedAt ? Math.floor((now - r.submittedAt.getTime()) / DAY) : 0,
    })),
  };
}

export default function VettingQueue() {
  const { rows, total, filter } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="space-y-4">
      <DeskHeading title={t('review.queue.title')} lead={t('review.queue.lead')} />
      <Form method="get" className="flex flex-wrap items-end gap-3 text-sm">
        <QueueFilter label={t('review.queue.status')} name="status" value={filter.status}>
          <Options
            options={QUEUE_STATUSES.map((s) => ({ value: s, label: tKey(t, `status.${s}`) }))}
          />
          <option value="all">{t('review.queue.all')}</option>
        </QueueFilter>
        <QueueFilter label={t('review.queue.field')} name="field" value={filter.field}>
          <option value="">{t('review.queue.all')}</option>
          <Options options={FIELDS.map((f) => ({ value: f, label: tKey(t, `fields.${f}`) }))} />
        </QueueFilter>
        <QueueFilter label={t('review.queue.bounty')} name="bounty" value={filter.bounty}>
          <option value="">{t('review.queue.all')}</option>
          <option value="FIXED">{t('challenges.filterFixed')}</option>
          <option value="OPEN">{t('challenges.filterOpen')}</option>
        </QueueFilter>
        <button type="submit" className="rounded bg-brand-700 px-3 py-1.5 font-medium text-white">
          {t('review.queue.filter')}
        </button>
        <span className="ml-auto text-stone-600">{t('review.queue.total', { count: total })}</span>
      </Form>
      <DataTable
        rows={rows}
        empty={t('review.queue.empty')}
        columns={[
          { head: t('needs.ref'), className: 'font-mono', cell: (r) => r.ref },
          {
            head: t('needs.form.title'),
            cell: (r) => <Link to={`/review/needs/${r.id}`}>{r.title}</Link>,
          },
          { head: t('review.queue.enterprise'), cell: (r) => r.enterprise },
          { head: t('review.queue.field'), cell: (r) => <FieldName field={r.field} /> },
          {
            head: t('review.queue.bounty'),
            align: 'right',
            cell: (r) => <Wan fen={r.bountyFen} />,
          },
          { head: t('review.queue.submitted'), cell: (r) => <DateText value={r.submittedAt} /> },
          {
            head: t('review.queue.waiting'),
            cell: (r) => t('review.queue.days', { count: r.waitingDays }),
          },
          { head: t('review.queue.status'), cell: (r) => <StatusBadge status={r.status} /> },
        ]}
      />
    </div>
  );
}

/** One of the queue's filters: its label over a select of `children`. */
function QueueFilter({
  label,
  name,
  value,
  children,
}: {
  label: string;
  name: string;
  value: string;
  children: ReactNode;
}) {
  return (
    <label className="flex flex-col">
      {label}
      <select
        name={name}
        defaultValue={value}
        className="mt-1 rounded border border-stone-300 bg-white px-2 py-1"
      >
        {children}
      </select>
    </label>
  );
}
