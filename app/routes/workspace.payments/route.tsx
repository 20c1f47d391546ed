import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { PaymentStateBadge } from '~/components/payment-schedule';
import { DateText, MoneyTotals, PageHeader, pick, Wan } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import { actorOf, forbidden, requireOrgMember } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { organizationPayments } from './view.server';
import { DataTable } from '~/components/data-table';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'payments.workspace.title');

// An organisation's reward payments: a team sees what it was paid and when; an enterprise sees
// the instalments of its own contracts (as on each contract's page). The bureau uses
// /review/payments.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireOrgMember(request);
  const payments = await organizationPayments(db, actorOf(user));
  if (!payments) throw forbidden();
  return payments;
}

export default function MyPayments() {
  const p = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <div className="space-y-8">
      <PageHeader
        title={t('payments.workspace.title')}
        lead={
          p.role === 'TEAM'
            ? t('payments.workspace.leadTeam')
            : t('payments.workspace.leadEnterprise')
        }
      />
      <MoneyTotals
        testId="payments-totals"
        className="sm:grid-cols-3"
        valueClassName="text-lg font-semibold"
        items={(
          [
            ['rewardTotal', p.totals.rewardFen],
            ['paidTotal', p.totals.paidFen],
            ['inFlightTotal', p.totals.inFlightFen],
          ] as const
        ).map(([key, fen]) => [t(`payments.workspace.${key}`), fen, key])}
      />

      {p.contracts.length === 0 ? (
        <p className="rounded border border-dashed border-stone-300 p-6 text-center text-stone-600">
          {t('payments.workspace.empty')}
        </p>
      ) : (
        p.contracts.map((c) => (
          <section
            key={c.code}
            aria-labelledby={`contract-${c.code}`}
            className="space-y-2"
            data-testid={`contract-${c.code}`}
          >
            <div className="flex flex-wrap items-baseline gap-3">
              <h2 id={`contract-${c.code}`} className="text-lg font-semibold">
                <Link to={`/workspace/contracts/${c.code}`}>
                  {t('payments.workspace.contract', { code: c.code })}
                </Link>
              </h2>
              <span className="text-sm text-stone-700">
                {pick(locale, c.challenge.title, c.challenge.titleEn)}
              </span>
              <span className="text-sm text-stone-600">
                {p.role === 'TEAM'
                  ? t('payments.workspace.counterpartEnterprise')
                  : t('payments.workspace.counterpartTeam')}
                ：{pick(locale, c.counterpart.name, c.counterpart.nameEn)}
              </span>
            </div>
            <p className="text-sm" data-testid="contract-totals">
              {t('contractsDesk.contract.reward')} <Wan fen={c.rewardFen} /> ·{' '}
              {t('payments.schedule.paid')} <Wan fen={c.paidFen} />
              {c.inFlightFen > 0 ? (
                <>
                  {' '}
                  · {t('payments.schedule.inFlight')} <Wan fen={c.inFlightFen} />
                </>
              ) : null}
            </p>
            <DataTable
              rows={c.instalments}
              rowKey={(i) => i.seq}
              rowTestId={(i) => `instalment-${i.seq}`}
              columns={[
                {
                  head: t('payments.workspace.col.milestone'),
                  cell: (i) => (
                    <>
                      {t('payments.schedule.milestone', { n: i.seq })} · {i.title}
                    </>
                  ),
                },
                {
                  head: t('payments.workspace.col.amount'),
                  cell: (i) => <Wan fen={i.amountFen} />,
                  align: 'right',
                  testId: 'amount',
                },
                {
                  head: t('payments.workspace.col.state'),
                  cell: (i) => <PaymentStateBadge state={i.state} />,
                  testId: 'state',
                },
                {
                  head: t('payments.workspace.col.paidAt'),
                  cell: (i) => (i.paidAt ? <DateText value={i.paidAt} /> : '—'),
                  testId: 'paid-at',
                },
                {
                  head: t('payments.workspace.col.reference'),
                  cell: (i) => i.reference ?? '—',
                  className: 'font-mono',
                },
              ]}
            />
          </section>
        ))
      )}
    </div>
  );
}
