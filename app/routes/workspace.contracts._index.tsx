import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { AwaitingTable, ContractTable } from '~/components/contract-lists';
import { PageHeader, TitledSection } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import { actorOf, requireOrgMember } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { ownContracts } from '~/services/contracts/lists.server';

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
        <TitledSection id="awaiting" title={t('contractsDesk.workspace.awaitingTitle')}>
          <AwaitingTable rows={awaiting} desk="party" />
        </TitledSection>
      ) : null}

      <TitledSection id="contracts" title={t('contractsDesk.workspace.contractsTitle')}>
        {contracts.length === 0 ? (
          <p className="rounded border border-dashed border-stone-300 p-6 text-center text-stone-600">
            {t('contractsDesk.workspace.empty')}
          </p>
        ) : (
          <ContractTable rows={contracts} desk="party" />
        )}
      </TitledSection>
    </div>
  );
}
