import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { DeskHeading } from '~/components/desk/heading';
import { EmptyNote } from '~/components/desk/table';
import { AwaitingTable, ContractTable } from '~/components/contract-lists';
import { ExportLinks } from '~/components/export-links';
import { TechRegistrationSheet } from '~/components/tech-registration-sheet';
import { CONTRACT_STATUSES, isContractStatus } from '~/domain/contract';
import { tKey, useI18n } from '~/i18n/i18n';
import { requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { awardsAwaitingContract, registeredContracts } from '~/services/contracts/lists.server';
import { techSheetYears } from '~/services/exports/tech-registrations.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'contractsDesk.title');

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const statusParam = new URL(request.url).searchParams.get('status') ?? '';
  const status = isContractStatus(statusParam) ? statusParam : '';
  const [awaiting, registered, sheetYears] = await Promise.all([
    awardsAwaitingContract(db),
    registeredContracts(db, { status: status || undefined }),
    techSheetYears(db),
  ]);
  return { awaiting, registered, status, sheetYears };
}

export default function ContractsDesk() {
  const { awaiting, registered, status, sheetYears } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="space-y-8">
      <DeskHeading title={t('contractsDesk.title')} lead={t('contractsDesk.lead')} />

      <section aria-labelledby="awaiting-title" className="space-y-3">
        <h3 id="awaiting-title" className="font-semibold">
          {t('contractsDesk.awaitingTitle')}
        </h3>
        <p className="text-sm text-stone-600">{t('contractsDesk.awaitingLead')}</p>
        {awaiting.length === 0 ? (
          <EmptyNote look="section">{t('contractsDesk.awaitingEmpty')}</EmptyNote>
        ) : (
          <AwaitingTable rows={awaiting} desk="bureau" />
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
          <ExportLinks path="/review/contracts" search={status ? `status=${status}` : ''} />
        </Form>
        <TechRegistrationSheet years={sheetYears} />
        {registered.rows.length === 0 ? (
          <EmptyNote look="section">{t('contractsDesk.registeredEmpty')}</EmptyNote>
        ) : (
          <ContractTable rows={registered.rows} desk="bureau" />
        )}
      </section>
    </div>
  );
}
