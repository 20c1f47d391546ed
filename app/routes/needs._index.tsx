import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { DateText, PageHeader, StatusBadge } from '~/components/ui';
import { effectiveNeedStatus, type NeedStatus } from '~/domain/need';
import { useI18n } from '~/i18n/i18n';
import { requireEnterprise } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { actorOf } from '~/services/kernel/actor';
import { listOwnNeeds } from '~/services/needs/intake.server';
import { HeadRow } from '~/components/list-page';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'needs.title');

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireEnterprise(request);
  const now = new Date();
  const needs = await listOwnNeeds(db, actorOf(user));
  return {
    needs: needs.map((n) => ({
      id: n.id,
      ref: n.ref,
      code: n.code,
      title: n.title,
      status: effectiveNeedStatus(n.status as NeedStatus, n.applicationDeadline, now),
      updatedAt: n.updatedAt.toISOString(),
    })),
  };
}

export default function MyNeeds() {
  const { needs } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div>
      <PageHeader title={t('needs.title')} lead={t('needs.lead')}>
        <Link
          to="/needs/new"
          className="inline-block rounded bg-brand-700 px-4 py-2 font-medium text-white no-underline hover:bg-brand-600"
        >
          {t('needs.new')}
        </Link>
      </PageHeader>
      {needs.length === 0 ? (
        <p className="rounded border border-dashed border-stone-300 p-8 text-center text-stone-600">
          {t('needs.empty')}
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-sm">
            <HeadRow
              columns={[
                t('needs.ref'),
                t('needs.form.title'),
                t('needs.status'),
                t('needs.updated'),
              ]}
            />
            <tbody>
              {needs.map((n) => (
                <tr key={n.id} className="border-b border-stone-200">
                  <td className="p-2 font-mono">{n.code ?? n.ref}</td>
                  <td className="p-2">
                    <Link to={`/needs/${n.id}`}>{n.title}</Link>
                  </td>
                  <td className="p-2">
                    <StatusBadge status={n.status} />
                  </td>
                  <td className="p-2">
                    <DateText value={n.updatedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
