import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { HeadRow } from '~/components/list-page';
import { DateText, pick, Wan } from '~/components/ui';
import { formatWan } from '~/domain/money';
import { useI18n } from '~/i18n/i18n';
import { requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { paymentsDashboard } from './view.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'payments.dashboard.title');

// The bureau's payments: what waits for a request, an approval, a transfer or a retry.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return paymentsDashboard(db);
}

type Dashboard = ReturnType<typeof useLoaderData<typeof loader>>;
type Team = { name: string; nameEn: string | null };

function Section({
  id,
  title,
  lead,
  count,
  amountFen,
  shown,
  limit,
  empty,
  children,
}: {
  id: string;
  title: string;
  lead?: string;
  count: number;
  amountFen: number;
  shown: number;
  limit: number;
  empty: string;
  children: ReactNode;
}) {
  const { t, locale } = useI18n();
  return (
    <section aria-labelledby={`${id}-title`} className="space-y-3" data-testid={id}>
      <div className="flex flex-wrap items-baseline gap-3">
        <h3 id={`${id}-title`} className="font-semibold">
          {title}
        </h3>
        <span className="text-sm text-stone-600" data-testid={`${id}-totals`}>
          {t('payments.dashboard.totals', {
            count,
            amount: t('money.wan', { amount: formatWan(amountFen, locale) }),
          })}
        </span>
      </div>
      {lead ? <p className="text-sm text-stone-600">{lead}</p> : null}
      {count === 0 ? (
        <p className="rounded border border-dashed border-stone-300 p-6 text-center text-stone-600">
          {empty}
        </p>
      ) : (
        <>
          {children}
          {count > shown ? (
            <p className="text-sm text-stone-600">
              {t('payments.dashboard.shown', { shown: Math.min(shown, limit), total: count })}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

function ContractLink({ code }: { code: string }) {
  return (
    <Link to={`/workspace/contracts/${code}`} className="font-mono">
      {code}
    </Link>
  );
}

type RowBase = {
  contractCode: string;
  seq: number;
  title: string;
  team: Team;
  amountFen: number;
  days: number | null;
};

/**
 * The dashboard's tables: contract, milestone, team, amount, the section's own columns, and
 * the payout clock.
 */
function PaymentTable<R extends RowBase>({
  rows,
  rowId,
  extra,
}: {
  rows: readonly R[];
  /** the row's key, also its test id */
  rowId: (r: R) => string;
  extra: readonly { heading: string; cell: (r: R) => ReactNode }[];
}) {
  const { t, locale } = useI18n();
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse bg-white text-sm">
        <HeadRow
          columns={[
            t('payments.dashboard.col.contract'),
            t('payments.dashboard.col.milestone'),
            t('payments.dashboard.col.team'),
            [t('payments.dashboard.col.amount'), 'right'],
            ...extra.map((c) => c.heading),
            [t('payments.dashboard.col.clock'), 'right'],
          ]}
        />
        <tbody>
          {rows.map((r) => (
            <tr key={rowId(r)} className="border-b border-stone-200" data-testid={rowId(r)}>
              <td className="p-2">
                <ContractLink code={r.contractCode} />
              </td>
              <td className="p-2">
                {t('payments.schedule.milestone', { n: r.seq })} · {r.title}
              </td>
              <td className="p-2">{pick(locale, r.team.name, r.team.nameEn)}</td>
              <td className="p-2 text-right">
                <Wan fen={r.amountFen} />
              </td>
              {extra.map((c) => (
                <td key={c.heading} className="p-2">
                  {c.cell(r)}
                </td>
              ))}
              <td className="p-2 text-right" data-testid="clock">
                {r.days === null ? '—' : t('payments.dashboard.days', { days: r.days })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function PaymentsDashboard() {
  const d = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <h2 className="text-lg font-semibold">{t('payments.dashboard.title')}</h2>
        <p className="text-sm text-stone-600">{t('payments.dashboard.lead')}</p>
        <p className="text-sm" data-testid="paid-total">
          {t('payments.dashboard.paidTitle')}：
          <span className="font-medium">
            <Wan fen={d.paid.amountFen} />
          </span>{' '}
          ({d.paid.count})
        </p>
      </div>

      <Section
        id="waiting"
        title={t('payments.dashboard.waitingTitle')}
        count={d.waiting.count}
        amountFen={d.waiting.amountFen}
        shown={d.waiting.rows.length}
        limit={d.limit}
        empty={t('payments.dashboard.waitingEmpty')}
      >
        <PaymentTable
          rows={d.waiting.rows}
          rowId={(r) => `waiting-${r.milestoneId}`}
          extra={[
            {
              heading: t('payments.dashboard.col.confirmedAt'),
              cell: (r) => <DateText value={r.confirmedAt} />,
            },
          ]}
        />
      </Section>

      <DisbursementSection
        id="approval"
        title={t('payments.dashboard.approvalTitle')}
        lead={t('payments.dashboard.approvalLead')}
        empty={t('payments.dashboard.approvalEmpty')}
        group={d.requested}
        limit={d.limit}
        columns={['requestedBy', 'requestedAt']}
      />
      <DisbursementSection
        id="approved"
        title={t('payments.dashboard.approvedTitle')}
        empty={t('payments.dashboard.approvedEmpty')}
        group={d.approved}
        limit={d.limit}
        columns={['approvedBy', 'approvedAt']}
      />
      <DisbursementSection
        id="failed"
        title={t('payments.dashboard.failedTitle')}
        empty={t('payments.dashboard.failedEmpty')}
        group={d.failed}
        limit={d.limit}
        columns={['reason', 'attempt']}
      />
    </div>
  );
}

type Column = 'requestedBy' | 'requestedAt' | 'approvedBy' | 'approvedAt' | 'reason' | 'attempt';

function DisbursementSection({
  id,
  title,
  lead,
  empty,
  group,
  limit,
  columns,
}: {
  id: string;
  title: string;
  lead?: string;
  empty: string;
  group: Dashboard['requested'];
  limit: number;
  columns: Column[];
}) {
  const { t } = useI18n();
  const cell = (r: Dashboard['requested']['rows'][number], c: Column) => {
    switch (c) {
      case 'requestedBy':
        return r.requestedBy ?? '—';
      case 'approvedBy':
        return r.approvedBy ?? '—';
      case 'requestedAt':
        return <DateText value={r.requestedAt} />;
      case 'approvedAt':
        return <DateText value={r.approvedAt} />;
      case 'reason':
        return r.failureReason ?? '—';
      case 'attempt':
        return r.attempt;
    }
  };
  return (
    <Section
      id={id}
      title={title}
      lead={lead}
      count={group.count}
      amountFen={group.amountFen}
      shown={group.rows.length}
      limit={limit}
      empty={empty}
    >
      <PaymentTable
        rows={group.rows}
        rowId={(r) => `${id}-${r.id}`}
        extra={columns.map((c) => ({
          heading: t(`payments.dashboard.col.${c}`),
          cell: (r: Dashboard['requested']['rows'][number]) => cell(r, c),
        }))}
      />
    </Section>
  );
}
