// The payments desk's instalments past the payout limit (PAYOUT_ALERT_DAYS): the count at the top
// of the desk, the flag on a row of its lists, and the section listing them (docs/decisions/032).
import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { DataTable } from '~/components/data-table';
import { DateText, Wan } from '~/components/ui';
import { tKey, useI18n } from '~/i18n/i18n';
import { ContractLink, useInstalmentCells } from './cells';
import type { paymentsDashboard } from './view.server';

type Breaches = Awaited<ReturnType<typeof paymentsDashboard>>['breaches'];

/** The desk's filter that shows only the instalments past the limit. */
export const BREACHES_ONLY = 'only=breaches';

export const breachesOnly = (url: URL) => url.searchParams.get('only') === 'breaches';

/** The line at the top of the desk: how many instalments are past the limit. */
export function BreachSummary({ breaches, only }: { breaches: Breaches; only: boolean }) {
  const { t, locale } = useI18n();
  const alarming = breaches.unpaid.count > 0;
  return (
    <p
      className={
        alarming
          ? 'rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900'
          : 'text-sm text-stone-700'
      }
      data-testid="breach-summary"
    >
      {t('payoutClock.desk.summary', {
        unpaid: breaches.unpaid.count,
        late: breaches.paidLate.count,
      })}
      {locale === 'zh' ? '' : ' '}
      {only ? (
        <Link to="/review/payments">{t('payoutClock.desk.showAll')}</Link>
      ) : (
        <Link to={`?${BREACHES_ONLY}`}>{t('payoutClock.desk.link')}</Link>
      )}
    </p>
  );
}

/** The flag of a row past the limit: its days since acceptance. */
export function BreachFlag({ days }: { days: number | null }) {
  const { t } = useI18n();
  if (days === null) return null;
  return (
    <span
      className="ml-2 inline-block rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium whitespace-nowrap text-amber-900"
      title={t('payoutClock.desk.flagTitle', { days })}
      data-testid="breach-flag"
    >
      {t('payoutClock.desk.flag')}
      <span className="sr-only">: {t('payoutClock.desk.flagTitle', { days })}</span>
    </span>
  );
}

/** One list of the section: its heading, its table, and how many of its rows are shown. */
function List({
  id,
  title,
  shown,
  total,
  children,
}: {
  id: string;
  title: string;
  shown: number;
  total: number;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <section aria-labelledby={`${id}-title`} className="space-y-2">
      <h4 id={`${id}-title`} className="text-sm font-semibold">
        {title}
      </h4>
      {children}
      {total > shown ? (
        <p className="text-sm text-stone-600">{t('payoutClock.desk.shown', { shown, total })}</p>
      ) : null}
    </section>
  );
}

/** The instalments past the limit: unpaid ones, then those paid late. */
export function BreachSection({ breaches }: { breaches: Breaches }) {
  const { t } = useI18n();
  const { milestone, team, days } = useInstalmentCells();
  const contract = (r: { contractCode: string }) => <ContractLink code={r.contractCode} />;
  // the columns both lists open with
  const common = [
    { head: t('payments.dashboard.col.contract'), cell: contract },
    { head: t('payments.dashboard.col.milestone'), cell: milestone },
    { head: t('payments.dashboard.col.team'), cell: team },
    {
      head: t('payments.dashboard.col.amount'),
      cell: (r: { amountFen: number }) => <Wan fen={r.amountFen} />,
      align: 'right' as const,
    },
    {
      head: t('payoutClock.desk.col.acceptedAt'),
      cell: (r: { acceptedAt: string | null }) => <DateText value={r.acceptedAt} />,
    },
  ];
  const daysColumn = {
    head: t('payoutClock.desk.col.days'),
    cell: days,
    align: 'right' as const,
    testId: 'days',
  };
  return (
    <section
      id="breaches"
      aria-labelledby="breaches-title"
      className="space-y-4"
      data-testid="breaches"
    >
      <div className="space-y-1">
        <h3 id="breaches-title" className="font-semibold">
          {t('payoutClock.desk.title')}
        </h3>
        <p className="text-sm text-stone-600">
          {t('payoutClock.desk.lead', { days: breaches.limitDays })}
        </p>
      </div>
      <List
        id="breaches-unpaid"
        title={t('payoutClock.desk.unpaidTitle', { count: breaches.unpaid.count })}
        shown={breaches.unpaid.rows.length}
        total={breaches.unpaid.count}
      >
        <DataTable
          look="framed"
          rows={breaches.unpaid.rows}
          rowKey={(r) => r.milestoneId}
          rowTestId={(r) => `breach-unpaid-${r.milestoneId}`}
          empty={t('payoutClock.desk.unpaidEmpty')}
          columns={[
            ...common,
            {
              head: t('payoutClock.desk.col.state'),
              cell: (r) => tKey(t, `payoutClock.desk.state.${r.state}`, { defaultValue: r.state }),
            },
            daysColumn,
          ]}
        />
      </List>
      <List
        id="breaches-late"
        title={t('payoutClock.desk.paidLateTitle', { count: breaches.paidLate.count })}
        shown={breaches.paidLate.rows.length}
        total={breaches.paidLate.count}
      >
        <DataTable
          look="framed"
          rows={breaches.paidLate.rows}
          rowTestId={(r) => `breach-late-${r.id}`}
          empty={t('payoutClock.desk.paidLateEmpty')}
          columns={[
            ...common,
            {
              head: t('payoutClock.desk.col.paidAt'),
              cell: (r) => <DateText value={r.paidAt} />,
            },
            daysColumn,
          ]}
        />
      </List>
    </section>
  );
}
