import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { DeskHeading } from '~/components/desk/heading';
import { DeskTable, EmptyNote } from '~/components/desk/table';
import { ExportLinks } from '~/components/export-links';
import { DateText, Wan } from '~/components/ui';
import { formatWan } from '~/domain/money';
import { useI18n } from '~/i18n/i18n';
import { requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { BreachFlag, BreachSection, BreachSummary, breachesOnly } from './breaches';
import { ContractLink, useInstalmentCells } from './cells';
import { paymentsDashboard } from './view.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'payments.dashboard.title');

// The bureau's payments: what waits for a request, an approval, a transfer or a retry.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  // ?only=breaches: the instalments past the payout limit, without the other lists
  return { ...(await paymentsDashboard(db)), onlyBreaches: breachesOnly(new URL(request.url)) };
}

type Dashboard = ReturnType<typeof useLoaderData<typeof loader>>;

// the dashboard's lists as files (every instalment by its state, every payment by its status)
const INSTALMENTS_EXPORT = '/review/payments/instalments';
const PAYMENTS_EXPORT = '/review/payments/disbursements';
const SECTION_STATUS = { approval: 'REQUESTED', approved: 'APPROVED', failed: 'FAILED' } as const;

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
  exported,
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
  /** the section's rows as files: an export route's path and filter */
  exported: { path: string; search: string };
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
        <ExportLinks {...exported} />
      </div>
      {lead ? <p className="text-sm text-stone-600">{lead}</p> : null}
      {count === 0 ? (
        <EmptyNote look="section">{empty}</EmptyNote>
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

type RowBase = {
  contractCode: string;
  seq: number;
  title: string;
  team: Team;
  amountFen: number;
  days: number | null;
  /** days since acceptance, when past the payout limit */
  overLimitDays: number | null;
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
  const { t } = useI18n();
  const { milestone, team, days } = useInstalmentCells();
  return (
    <DeskTable
      look="page"
      columns={[
        ...(['contract', 'milestone', 'team'] as const).map((c) =>
          t(`payments.dashboard.col.${c}`),
        ),
        { text: t('payments.dashboard.col.amount'), right: true },
        ...extra.map((c) => c.heading),
        { text: t('payments.dashboard.col.clock'), right: true },
      ]}
    >
      {rows.map((r) => (
        <tr key={rowId(r)} className="border-b border-stone-200" data-testid={rowId(r)}>
          <td className="p-2">
            <ContractLink code={r.contractCode} />
          </td>
          <td className="p-2">{milestone(r)}</td>
          <td className="p-2">{team(r)}</td>
          <td className="p-2 text-right">
            <Wan fen={r.amountFen} />
          </td>
          {extra.map((c) => (
            <td key={c.heading} className="p-2">
              {c.cell(r)}
            </td>
          ))}
          <td className="p-2 text-right" data-testid="clock">
            {days(r)}
            <BreachFlag days={r.overLimitDays} />
          </td>
        </tr>
      ))}
    </DeskTable>
  );
}

export default function PaymentsDashboard() {
  const d = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="space-y-8">
      <DeskHeading title={t('payments.dashboard.title')} lead={t('payments.dashboard.lead')}>
        <p className="text-sm" data-testid="paid-total">
          {t('payments.dashboard.paidTitle')}：
          <span className="font-medium">
            <Wan fen={d.paid.amountFen} />
          </span>{' '}
          ({d.paid.count})
        </p>
        <p className="flex flex-wrap gap-x-6">
          <ExportLinks path={INSTALMENTS_EXPORT} label={t('exports.allInstalments')} />
          <ExportLinks path={PAYMENTS_EXPORT} label={t('exports.allPayments')} />
          <ExportLinks
            path={PAYMENTS_EXPORT}
            search="status=PAID"
            label={t('payments.dashboard.paidTitle')}
          />
        </p>
        <BreachSummary breaches={d.breaches} only={d.onlyBreaches} />
      </DeskHeading>

      <BreachSection breaches={d.breaches} />
      {d.onlyBreaches ? null : <Lists d={d} />}
    </div>
  );
}

/** The desk's lists of instalments by state. */
function Lists({ d }: { d: Dashboard }) {
  const { t } = useI18n();
  return (
    <>
      <Section
        id="waiting"
        title={t('payments.dashboard.waitingTitle')}
        count={d.waiting.count}
        amountFen={d.waiting.amountFen}
        shown={d.waiting.rows.length}
        limit={d.limit}
        empty={t('payments.dashboard.waitingEmpty')}
        exported={{ path: INSTALMENTS_EXPORT, search: 'state=PAYABLE' }}
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
        lead={t('payments.dashboard.approvalLead')}
        group={d.requested}
        limit={d.limit}
        columns={['requestedBy', 'requestedAt']}
      />
      <DisbursementSection
        id="approved"
        group={d.approved}
        limit={d.limit}
        columns={['approvedBy', 'approvedAt']}
      />
      <DisbursementSection
        id="failed"
        group={d.failed}
        limit={d.limit}
        columns={['reason', 'attempt']}
      />
    </>
  );
}

type Disbursement = Dashboard['requested']['rows'][number];

/** The disbursement lists' own columns, each shown by one of the sections. */
const CELLS = {
  requestedBy: (r: Disbursement) => r.requestedBy ?? '—',
  requestedAt: (r: Disbursement) => <DateText value={r.requestedAt} />,
  approvedBy: (r: Disbursement) => r.approvedBy ?? '—',
  approvedAt: (r: Disbursement) => <DateText value={r.approvedAt} />,
  reason: (r: Disbursement) => r.failureReason ?? '—',
  attempt: (r: Disbursement) => r.attempt,
};

type Column = keyof typeof CELLS;

/** A list of payments in one state; its title and empty line are named after its `id`. */
function DisbursementSection({
  id,
  lead,
  group,
  limit,
  columns,
}: {
  id: 'approval' | 'approved' | 'failed';
  lead?: string;
  group: Dashboard['requested'];
  limit: number;
  columns: Column[];
}) {
  const { t } = useI18n();
  return (
    <Section
      id={id}
      title={t(`payments.dashboard.${id}Title`)}
      lead={lead}
      count={group.count}
      amountFen={group.amountFen}
      shown={group.rows.length}
      limit={limit}
      empty={t(`payments.dashboard.${id}Empty`)}
      exported={{ path: PAYMENTS_EXPORT, search: `status=${SECTION_STATUS[id]}` }}
    >
      <PaymentTable
        rows={group.rows}
        rowId={(r) => `${id}-${r.id}`}
        extra={columns.map((c) => ({
          heading: t(`payments.dashboard.col.${c}`),
          cell: CELLS[c],
        }))}
      />
    </Section>
  );
}
