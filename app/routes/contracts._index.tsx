import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { DateText, PageHeader, pick, StatusBadge, Wan } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { listContracts } from '~/services/needs/catalogue.server';
import { HeadRow } from '~/components/list-page';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'contracts.title');

export async function loader() {
  return { contracts: await listContracts(db) };
}

export default function Contracts() {
  const { contracts } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const sum = (pick: (c: (typeof contracts)[number]) => number) =>
    contracts.reduce((n, c) => n + pick(c), 0);
  return (
    <div>
      <PageHeader title={t('contracts.title')} lead={t('contracts.lead')} />
      <div className="overflow-x-auto">
        <table className="w-full border-collapse bg-white text-sm">
          <HeadRow
            columns={[
              t('contracts.code'),
              t('contracts.challenge'),
              t('contracts.team'),
              t('contracts.signedAt'),
              [t('contracts.reward'), 'right'],
              [t('contracts.paid'), 'right'],
              [t('contracts.rdInvestment'), 'right'],
              t('contracts.status'),
            ]}
          />
          <tbody>
            {contracts.map((c) => (
              <tr key={c.code} className="border-b border-stone-200">
                <td className="p-2 font-mono">
                  <Link to={`/contracts/${c.code}`}>{c.code}</Link>
                </td>
                <td className="p-2">
                  <Link to={`/challenges/${c.challenge.code}`}>
                    {pick(locale, c.challenge.title, c.challenge.titleEn)}
                  </Link>
                </td>
                <td className="p-2">{pick(locale, c.team.name, c.team.nameEn)}</td>
                <td className="p-2">
                  <DateText value={c.signedAt} />
                </td>
                <td className="p-2 text-right">
                  <Wan fen={c.rewardFen} />
                </td>
                <td className="p-2 text-right">
                  <Wan fen={c.paidFen} />
                </td>
                <td className="p-2 text-right">
                  <Wan fen={c.rdInvestmentFen} />
                </td>
                <td className="p-2">
                  <StatusBadge status={c.status} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="font-semibold" data-total="contracts">
              <th scope="row" className="p-2 text-left" colSpan={4}>
                {t('contracts.total')} ({contracts.length})
              </th>
              <td className="p-2 text-right">
                <Wan fen={sum((c) => c.rewardFen)} />
              </td>
              <td className="p-2 text-right">
                <Wan fen={sum((c) => c.paidFen)} />
              </td>
              <td className="p-2 text-right">
                <Wan fen={sum((c) => c.rdInvestmentFen)} />
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}
