import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { DateText, PageHeader, pick, StatusBadge, Wan } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { listContracts } from '~/services/needs/catalogue.server';
import { DataTable } from '~/components/data-table';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'contracts.title');

export async function loader() {
  return { contracts: await listContracts(db) };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['contracts'][number];

/** The money columns, each summed in the foot row. */
const amounts: [
  key: 'contracts.reward' | 'contracts.paid' | 'contracts.rdInvestment',
  fen: (c: Row) => number,
][] = [
  ['contracts.reward', (c) => c.rewardFen],
  ['contracts.paid', (c) => c.paidFen],
  ['contracts.rdInvestment', (c) => c.rdInvestmentFen],
];

export default function Contracts() {
  const { contracts } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <div>
      <PageHeader title={t('contracts.title')} lead={t('contracts.lead')} />
      <DataTable
        rows={contracts}
        rowKey={(c) => c.code}
        columns={[
          {
            head: t('contracts.code'),
            cell: (c) => <Link to={`/contracts/${c.code}`}>{c.code}</Link>,
            className: 'font-mono',
          },
          {
            head: t('contracts.challenge'),
            cell: (c) => (
              <Link to={`/challenges/${c.challenge.code}`}>
                {pick(locale, c.challenge.title, c.challenge.titleEn)}
              </Link>
            ),
          },
          { head: t('contracts.team'), cell: (c) => pick(locale, c.team.name, c.team.nameEn) },
          { head: t('contracts.signedAt'), cell: (c) => <DateText value={c.signedAt} /> },
          ...amounts.map(([head, fen]) => ({
            head: t(head),
            cell: (c: Row) => <Wan fen={fen(c)} />,
            align: 'right' as const,
          })),
          { head: t('contracts.status'), cell: (c) => <StatusBadge status={c.status} /> },
        ]}
        foot={
          <tfoot>
            <tr className="font-semibold" data-total="contracts">
              <th scope="row" className="p-2 text-left" colSpan={4}>
                {t('contracts.total')} ({contracts.length})
              </th>
              {amounts.map(([head, fen]) => (
                <td key={head} className="p-2 text-right">
                  <Wan fen={contracts.reduce((n, c) => n + fen(c), 0)} />
                </td>
              ))}
              <td />
            </tr>
          </tfoot>
        }
      />
    </div>
  );
}
