// The contract desks' two tables, on the bureau's desk (/review/contracts) and on an
// organisation's own page (/workspace/contracts): approved awards still waiting for their
// contract, and registered contracts. The bureau sees what it acts on (the negotiation, the
// registration, the R&D investment, the work waiting for it); a party sees its own side.
import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { DataTable } from '~/components/data-table';
import { DateText, pick, StatusBadge, Wan } from '~/components/ui';
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

/** Approved awards waiting for their contract: the bureau registers, a party negotiates or waits. */
export function AwaitingTable({ rows, desk }: { rows: readonly AwaitingAward[]; desk: Desk }) {
  const { t } = useI18n();
  const bureau = desk === 'bureau';
  const state = (a: AwaitingAward) => tKey(t, `contractsDesk.negotiationState.${a.negotiation}`);
  return (
    <DataTable
      rows={rows}
      rowKey={(a) => a.awardId}
      testId="awaiting"
      columns={[
        {
          head: t('contractsDesk.col.challenge'),
          cell: (a) => (
            <>
              <span className="font-mono">{a.challengeCode}</span> {a.title}
            </>
          ),
        },
        { head: t('contractsDesk.col.enterprise'), cell: (a) => a.enterprise },
        { head: t('contractsDesk.col.team'), cell: (a) => a.team },
        bureau && {
          head: t('contractsDesk.col.negotiation'),
          cell: (a) =>
            a.bountyType === 'OPEN' ? (
              <Link to={`/negotiation/${a.awardId}`}>{state(a)}</Link>
            ) : (
              t('contractsDesk.bountyType.FIXED')
            ),
        },
        {
          head: t('contractsDesk.col.reward'),
          align: 'right',
          cell: (a) => (a.rewardFen !== null ? <Wan fen={a.rewardFen} /> : bureau ? '—' : state(a)),
        },
        bureau && {
          head: t('contractsDesk.col.decidedAt'),
          cell: (a) => <DateText value={a.decidedAt} />,
        },
        {
          head: t('contractsDesk.col.action'),
          cell: (a) =>
            bureau ? (
              a.rewardFen === null ? (
                <Link to={`/negotiation/${a.awardId}`}>{t('contractsDesk.negotiationLink')}</Link>
              ) : (
                <Link to={`/review/contracts/new/${a.awardId}`}>{t('contractsDesk.register')}</Link>
              )
            ) : a.bountyType === 'OPEN' ? (
              <Link to={`/negotiation/${a.awardId}`}>{t('contractsDesk.workspace.negotiate')}</Link>
            ) : (
              <span className="text-stone-600">
                {t('contractsDesk.workspace.waitingRegistration')}
              </span>
            ),
        },
      ]}
    />
  );
}

/** Registered contracts, each linking to its page, with its progress. */
export function ContractTable({ rows, desk }: { rows: readonly ContractListRow[]; desk: Desk }) {
  const { t } = useI18n();
  const bureau = desk === 'bureau';
  return (
    <DataTable
      rows={rows}
      rowKey={(c) => c.code}
      testId="contracts"
      columns={[
        {
          head: t('contractsDesk.col.code'),
          className: 'font-mono',
          cell: (c) => <Link to={`/workspace/contracts/${c.code}`}>{c.code}</Link>,
        },
        { head: t('contractsDesk.col.challenge'), cell: (c) => c.title },
        { head: t('contractsDesk.col.enterprise'), cell: (c) => c.enterprise },
        { head: t('contractsDesk.col.team'), cell: (c) => c.team },
        {
          head: t('contractsDesk.col.reward'),
          align: 'right',
          cell: (c) => <Wan fen={c.rewardFen} />,
        },
        bureau && {
          head: t('contractsDesk.col.rdInvestment'),
          align: 'right',
          cell: (c) => <Wan fen={c.rdInvestmentFen} />,
        },
        { head: t('contractsDesk.col.signedAt'), cell: (c) => <DateText value={c.signedAt} /> },
        {
          head: t('contractsDesk.col.milestones'),
          cell: (c) => t('contractsDesk.progress', { done: c.done, total: c.milestones }),
        },
        bureau && {
          head: t('contractsDesk.col.todo'),
          cell: (c) =>
            [
              c.delivered ? t('contractsDesk.todoDelivered', { count: c.delivered }) : null,
              c.toConfirm ? t('contractsDesk.todoConfirm', { count: c.toConfirm }) : null,
            ]
              .filter(Boolean)
              .join(' · ') || '—',
        },
        { head: t('contractsDesk.col.status'), cell: (c) => <StatusBadge status={c.status} /> },
      ]}
    />
  );
}

/**
 * The facts a negotiation and its contract open with: the challenge (its code and title) and its
 * enterprise, under the labels of the page's namespace.
 */
export function useChallengeFacts(
  page: 'negotiation' | 'contract',
  {
    challenge,
    enterprise,
  }: {
    challenge: { code: string | null; title: string; titleEn: string | null };
    enterprise: { name: string; nameEn: string | null };
  },
): [string, ReactNode][] {
  const { t, locale } = useI18n();
  return [
    [
      tKey(t, `contractsDesk.${page}.challenge`),
      <span key="challenge">
        <span className="font-mono">{challenge.code}</span>{' '}
        {pick(locale, challenge.title, challenge.titleEn)}
      </span>,
    ],
    [tKey(t, `contractsDesk.${page}.enterprise`), pick(locale, enterprise.name, enterprise.nameEn)],
  ];
}
