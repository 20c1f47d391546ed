import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { DateText, FieldName, StatusBadge, Wan } from '~/components/ui';
import { FIELDS, QUEUE_STATUSES } from '~/forms/needs';
import { tKey, useI18n } from '~/i18n/i18n';
import { requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { toFenOrNull } from '~/lib/fen';
import { pageMeta } from '~/lib/meta';
import { vettingQueue } from '~/services/needs/needs.server';
import { DeskHeading } from '~/components/desk/heading';
import { DeskTable } from '~/components/desk/table';

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
  const select = 'mt-1 rounded border border-stone-300 bg-white px-2 py-1';
  return (
    <div className="space-y-4">
      <DeskHeading title={t('review.queue.title')} lead={t('review.queue.lead')} />
      <Form method="get" className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col">
          {t('review.queue.status')}
          <select name="status" defaultValue={filter.status} className={select}>
            {QUEUE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {tKey(t, `status.${s}`)}
              </option>
            ))}
            <option value="all">{t('review.queue.all')}</option>
          </select>
        </label>
        <label className="flex flex-col">
          {t('review.queue.field')}
          <select name="field" defaultValue={filter.field} className={select}>
            <option value="">{t('review.queue.all')}</option>
            {FIELDS.map((f) => (
              <option key={f} value={f}>
                {tKey(t, `fields.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          {t('review.queue.bounty')}
          <select name="bounty" defaultValue={filter.bounty} className={select}>
            <option value="">{t('review.queue.all')}</option>
            <option value="FIXED">{t('challenges.filterFixed')}</option>
            <option value="OPEN">{t('challenges.filterOpen')}</option>
          </select>
        </label>
        <button type="submit" className="rounded bg-brand-700 px-3 py-1.5 font-medium text-white">
          {t('review.queue.filter')}
        </button>
        <span className="ml-auto text-stone-600">{t('review.queue.total', { count: total })}</span>
      </Form>
      <DeskTable
        look="page"
        empty={rows.length === 0}
        emptyText={t('review.queue.empty')}
        columns={[
          t('needs.ref'),
          t('needs.form.title'),
          t('review.queue.enterprise'),
          t('review.queue.field'),
          { text: t('review.queue.bounty'), right: true },
          t('review.queue.submitted'),
          t('review.queue.waiting'),
          t('review.queue.status'),
        ]}
      >
        {rows.map((r) => (
          <tr key={r.id} className="border-b border-stone-200">
            <td className="p-2 font-mono">{r.ref}</td>
            <td className="p-2">
              <Link to={`/review/needs/${r.id}`}>{r.title}</Link>
            </td>
            <td className="p-2">{r.enterprise}</td>
            <td className="p-2">
              <FieldName field={r.field} />
            </td>
            <td className="p-2 text-right">
              <Wan fen={r.bountyFen} />
            </td>
            <td className="p-2">
              <DateText value={r.submittedAt} />
            </td>
            <td className="p-2">{t('review.queue.days', { count: r.waitingDays })}</td>
            <td className="p-2">
              <StatusBadge status={r.status} />
            </td>
          </tr>
        ))}
      </DeskTable>
    </div>
  );
}
