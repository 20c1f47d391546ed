import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { DateText, PageHeader, StatusBadge, Wan } from '~/components/ui';
import { tKey, useI18n } from '~/i18n/i18n';
import { actorOf, requireOrgMember } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { ownContracts } from '~/services/contracts/contracts.server';
import { HeadRow } from '~/components/list-page';

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, 'contractsDesk.workspace.title');

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireOrgMember(request);
  return ownContracts(db, actorOf(user));
}

export default function MyContracts() {
  const { contracts, awaiting } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="space-y-8">
      <PageHeader
        title={t('contractsDesk.workspace.title')}
        lead={t('contractsDesk.workspace.lead')}
      />

      {awaiting.length > 0 ? (
        <section aria-labelledby="awaiting-title" className="space-y-3">
          <h2 id="awaiting-title" className="text-lg font-semibold">
            {t('contractsDesk.workspace.awaitingTitle')}
          </h2>
          <ul className="space-y-2" data-testid="awaiting">
            {awaiting.map((a) => (
              <li
                key={a.awardId}
                className="flex flex-wrap items-center gap-3 rounded border border-stone-200 bg-white p-3"
              >
                <span>
                  <span className="font-mono">{a.challengeCode}</span> {a.title}
                </span>
                <span className="text-sm text-stone-600">
                  {a.enterprise} · {a.team}
                </span>
                <span className="text-sm">
                  {a.rewardFen === null ? (
                    tKey(t, `contractsDesk.negotiationState.${a.negotiation}`)
                  ) : (
                    <Wan fen={a.rewardFen} />
                  )}
                </span>
                {a.bountyType === 'OPEN' ? (
                  <Link to={`/negotiation/${a.awardId}`} className="ml-auto">
                    {t('contractsDesk.workspace.negotiate')}
                  </Link>
                ) : (
                  <span className="ml-auto text-sm text-stone-600">
                    {t('contractsDesk.workspace.waitingRegistration')}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="contracts-title" className="space-y-3">
        <h2 id="contracts-title" className="text-lg font-semibold">
          {t('contractsDesk.workspace.contractsTitle')}
        </h2>
        {contracts.length === 0 ? (
          <p className="rounded border border-dashed border-stone-300 p-6 text-center text-stone-600">
            {t('contractsDesk.workspace.empty')}
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full border-collapse bg-white text-sm" data-testid="contracts">
              <HeadRow
                columns={[
                  t('contractsDesk.col.code'),
                  t('contractsDesk.col.challenge'),
                  t('contractsDesk.col.enterprise'),
                  t('contractsDesk.col.team'),
                  [t('contractsDesk.col.reward'), 'right'],
                  t('contractsDesk.col.signedAt'),
                  t('contractsDesk.col.milestones'),
                  t('contractsDesk.col.status'),
                ]}
              />
              <tbody>
                {contracts.map((c) => (
                  <tr key={c.code} className="border-b border-stone-200">
                    <td className="p-2 font-mono">
                      <Link to={`/workspace/contracts/${c.code}`}>{c.code}</Link>
                    </td>
                    <td className="p-2">{c.title}</td>
                    <td className="p-2">{c.enterprise}</td>
                    <td className="p-2">{c.team}</td>
                    <td className="p-2 text-right">
                      <Wan fen={c.rewardFen} />
                    </td>
                    <td className="p-2">
                      <DateText value={c.signedAt} />
                    </td>
                    <td className="p-2">
                      {t('contractsDesk.progress', { done: c.done, total: c.milestones })}
                    </td>
                    <td className="p-2">
                      <StatusBadge status={c.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
