// The contract desks' two tables, on the bureau's desk (/review/contracts) and on an
// organisation's own page (/workspace/contracts): approved awards still waiting for their
// contract, and registered contracts. The bureau sees what it acts on (the negotiation, the
// registration, the R&D investment, the work waiting for it); a party sees its own side.
import { Link } from '@remix-run/react';
import { HeadRow } from '~/components/list-page';
import { DateText, StatusBadge, Wan } from '~/components/ui';
import { tKey, useI18n } from '~/i18n/i18n';

type Desk = 'bureau' | 'party';

export type AwaitingAward = {
  awardId: string;
  decidedAt: string | null;
  challengeCode: string | null;
  title: string;
  enterprise: string;
  team: string;
  bountyType: 'FIXED' | 'OPEN';
  rewardFen: number | null;
  negotiation: string;
};

export type ContractListRow = {
  code: string;
  status: string;
  signedAt: string;
  rewardFen: number;
  rdInvestmentFen: number;
  title: string;
  enterprise: string;
  team: string;
  milestones: number;
  done: number;
  delivered: number;
  toConfirm: number;
};

const cell = 'p-2';
const amount = 'p-2 text-right';

/** Approved awards waiting for their contract: the bureau registers, a party negotiates or waits. */
export function AwaitingTable({ rows, desk }: { rows: readonly AwaitingAward[]; desk: Desk }) {
  const { t } = useI18n();
  const bureau = desk === 'bureau';
  const state = (a: AwaitingAward) => tKey(t, `contractsDesk.negotiationState.${a.negotiation}`);
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse bg-white text-sm" data-testid="awaiting">
        <HeadRow
          columns={[
            t('contractsDesk.col.challenge'),
            t('contractsDesk.col.enterprise'),
            t('contractsDesk.col.team'),
            ...(bureau ? [t('contractsDesk.col.negotiation')] : []),
            [t('contractsDesk.col.reward'), 'right'] as const,
            ...(bureau ? [t('contractsDesk.col.decidedAt')] : []),
            t('contractsDesk.col.action'),
          ]}
        />
        <tbody>
          {rows.map((a) => (
            <tr key={a.awardId} className="border-b border-stone-200">
              <td className={cell}>
                <span className="font-mono">{a.challengeCode}</span> {a.title}
              </td>
              <td className={cell}>{a.enterprise}</td>
              <td className={cell}>{a.team}</td>
              {bureau ? (
                <td className={cell}>
                  {a.bountyType === 'OPEN' ? (
                    <Link to={`/negotiation/${a.awardId}`}>{state(a)}</Link>
                  ) : (
                    t('contractsDesk.bountyType.FIXED')
                  )}
                </td>
              ) : null}
              <td className={amount}>
                {a.rewardFen !== null ? <Wan fen={a.rewardFen} /> : bureau ? '—' : state(a)}
              </td>
              {bureau ? (
                <td className={cell}>
                  <DateText value={a.decidedAt} />
                </td>
              ) : null}
              <td className={cell}>
                {bureau ? (
                  a.rewardFen === null ? (
                    <Link to={`/negotiation/${a.awardId}`}>
                      {t('contractsDesk.negotiationLink')}
                    </Link>
                  ) : (
                    <Link to={`/review/contracts/new/${a.awardId}`}>
                      {t('contractsDesk.register')}
                    </Link>
                  )
                ) : a.bountyType === 'OPEN' ? (
                  <Link to={`/negotiation/${a.awardId}`}>
                    {t('contractsDesk.workspace.negotiate')}
                  </Link>
                ) : (
                  <span className="text-stone-600">
                    {t('contractsDesk.workspace.waitingRegistration')}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Registered contracts, each linking to its page, with its progress. */
export function ContractTable({ rows, desk }: { rows: readonly ContractListRow[]; desk: Desk }) {
  const { t } = useI18n();
  const bureau = desk === 'bureau';
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse bg-white text-sm" data-testid="contracts">
        <HeadRow
          columns={[
            t('contractsDesk.col.code'),
            t('contractsDesk.col.challenge'),
            t('contractsDesk.col.enterprise'),
            t('contractsDesk.col.team'),
            [t('contractsDesk.col.reward'), 'right'] as const,
            ...(bureau ? [[t('contractsDesk.col.rdInvestment'), 'right'] as const] : []),
            t('contractsDesk.col.signedAt'),
            t('contractsDesk.col.milestones'),
            ...(bureau ? [t('contractsDesk.col.todo')] : []),
            t('contractsDesk.col.status'),
          ]}
        />
        <tbody>
          {rows.map((c) => (
            <tr key={c.code} className="border-b border-stone-200">
              <td className={`${cell} font-mono`}>
                <Link to={`/workspace/contracts/${c.code}`}>{c.code}</Link>
              </td>
              <td className={cell}>{c.title}</td>
              <td className={cell}>{c.enterprise}</td>
              <td className={cell}>{c.team}</td>
              <td className={amount}>
                <Wan fen={c.rewardFen} />
              </td>
              {bureau ? (
                <td className={amount}>
                  <Wan fen={c.rdInvestmentFen} />
                </td>
              ) : null}
              <td className={cell}>
                <DateText value={c.signedAt} />
              </td>
              <td className={cell}>
                {t('contractsDesk.progress', { done: c.done, total: c.milestones })}
              </td>
              {bureau ? (
                <td className={cell}>
                  {[
                    c.delivered ? t('contractsDesk.todoDelivered', { count: c.delivered }) : null,
                    c.toConfirm ? t('contractsDesk.todoConfirm', { count: c.toConfirm }) : null,
                  ]
                    .filter(Boolean)
                    .join(' · ') || '—'}
                </td>
              ) : null}
              <td className={cell}>
                <StatusBadge status={c.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
