import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { DateText, StatusBadge, Wan } from '~/components/ui';
import { CONTRACT_STATUSES, isContractStatus } from '~/domain/contract';
import { tKey, useI18n } from '~/i18n/i18n';
import { requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { awardsAwaitingContract, registeredContracts } from '~/services/contracts/contracts.server';
import { HeadRow } from '~/components/list-page';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'contractsDesk.title');

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const statusParam = new URL(request.url).searchParams.get('status') ?? '';
  const status = isContractStatus(statusParam) ? statusParam : '';
  const [awaiting, registered] = await Promise.all([
    awardsAwaitingContract(db),
    registeredContracts(db, { status: status || undefined }),
  ]);
  return { awaiting, registered, status };
}

export default function ContractsDesk() {
  const { awaiting, registered, status } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="space-y-8">
      <div>
        <h2 className="text-lg font-semibold">{t('contractsDesk.title')}</h2>
        <p className="text-sm text-stone-600">{t('contractsDesk.lead')}</p>
      </div>

      <section aria-labelledby="awaiting-title" className="space-y-3">
        <h3 id="awaiting-title" className="font-semibold">
          {t('contractsDesk.awaitingTitle')}
        </h3>
        <p className="text-sm text-stone-600">{t('contractsDesk.awaitingLead')}</p>
        {awaiting.length === 0 ? (
          <p className="rounded border border-dashed border-stone-300 p-6 text-center text-stone-600">
            {t('contractsDesk.awaitingEmpty')}
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full border-collapse bg-white text-sm" data-testid="awaiting">
              <HeadRow
                columns={[
                  t('contractsDesk.col.challenge'),
                  t('contractsDesk.col.enterprise'),
                  t('contractsDesk.col.team'),
                  t('contractsDesk.col.negotiation'),
                  [t('contractsDesk.col.reward'), 'right'],
                  t('contractsDesk.col.decidedAt'),
                  t('contractsDesk.col.action'),
                ]}
              />
              <tbody>
                {awaiting.map((a) => (
                  <tr key={a.awardId} className="border-b border-stone-200">
                    <td className="p-2">
                      <span className="font-mono">{a.challengeCode}</span> {a.title}
                    </td>
                    <td className="p-2">{a.enterprise}</td>
                    <td className="p-2">{a.team}</td>
                    <td className="p-2">
                      {a.bountyType === 'OPEN' ? (
                        <Link to={`/negotiation/${a.awardId}`}>
                          {tKey(t, `contractsDesk.negotiationState.${a.negotiation}`)}
                        </Link>
                      ) : (
                        t('contractsDesk.bountyType.FIXED')
                      )}
                    </td>
                    <td className="p-2 text-right">
                      {a.rewardFen === null ? '—' : <Wan fen={a.rewardFen} />}
                    </td>
                    <td className="p-2">
                      <DateText value={a.decidedAt} />
                    </td>
                    <td className="p-2">
                      {a.rewardFen === null ? (
                        <Link to={`/negotiation/${a.awardId}`}>
                          {t('contractsDesk.negotiationLink')}
                        </Link>
                      ) : (
                        <Link to={`/review/contracts/new/${a.awardId}`}>
                          {t('contractsDesk.register')}
                        </Link>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="registered-title" className="space-y-3">
        <h3 id="registered-title" className="font-semibold">
          {t('contractsDesk.registeredTitle')}
        </h3>
        <Form method="get" className="flex flex-wrap items-end gap-3 text-sm">
          <label className="flex flex-col">
            {t('contractsDesk.col.status')}
            <select
              name="status"
              defaultValue={status}
              className="mt-1 rounded border border-stone-300 bg-white px-2 py-1"
            >
              <option value="">{t('contractsDesk.all')}</option>
              {CONTRACT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {tKey(t, `status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="rounded bg-brand-700 px-3 py-1.5 font-medium text-white">
            {t('contractsDesk.filter')}
          </button>
          <span className="ml-auto text-stone-600">
            {t('contractsDesk.total', { count: registered.total })}
          </span>
        </Form>
        {registered.rows.length === 0 ? (
          <p className="rounded border border-dashed border-stone-300 p-6 text-center text-stone-600">
            {t('contractsDesk.registeredEmpty')}
          </p>
        ) : (
          <ContractTable rows={registered.rows} />
        )}
      </section>
    </div>
  );
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['registered']['rows'][number];

function ContractTable({ rows }: { rows: Row[] }) {
  const { t } = useI18n();
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse bg-white text-sm" data-testid="contracts">
        <HeadRow
          columns={[
            t('contractsDesk.col.code'),
            t('contractsDesk.col.challenge'),
            t('contractsDesk.col.enterprise'),
            t('contractsDesk.col.team'),
            [t('contractsDesk.col.reward'), 'right'],
            [t('contractsDesk.col.rdInvestment'), 'right'],
            t('contractsDesk.col.signedAt'),
            t('contractsDesk.col.milestones'),
            t('contractsDesk.col.todo'),
            t('contractsDesk.col.status'),
          ]}
        />
        <tbody>
          {rows.map((c) => (
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
              <td className="p-2 text-right">
                <Wan fen={c.rdInvestmentFen} />
              </td>
              <td className="p-2">
                <DateText value={c.signedAt} />
              </td>
              <td className="p-2">
                {t('contractsDesk.progress', { done: c.done, total: c.milestones })}
              </td>
              <td className="p-2">
                {[
                  c.delivered ? t('contractsDesk.todoDelivered', { count: c.delivered }) : null,
                  c.toConfirm ? t('contractsDesk.todoConfirm', { count: c.toConfirm }) : null,
                ]
                  .filter(Boolean)
                  .join(' · ') || '—'}
              </td>
              <td className="p-2">
                <StatusBadge status={c.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
