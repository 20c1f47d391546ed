import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { DirectorySearch, ListTable, Pager } from '~/components/list-page';
import { DateText, pick } from '~/components/ui';
import { tKey, useI18n } from '~/i18n/i18n';
import { requireAdmin } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { isOrganizationKind } from '~/domain/roles';
import { directoryQuery, findOrganizations } from '~/services/accounts/directory.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'admin.organizations');

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const { q, page, filter: kind } = directoryQuery(request.url, 'kind', isOrganizationKind);
  const { organizations, total, pages } = await findOrganizations(db, { q, page, filter: kind });
  return { q, kind, page, pages, total, organizations };
}

export default function AdminOrganizations() {
  const { organizations, q, kind, page, pages, total } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <div className="space-y-6">
      <h2 className="text-xl font-semibold">{t('admin.organizations')}</h2>
      <DirectorySearch directory="organizations" q={q} filter={kind} total={total} />

      <ListTable
        rows={organizations}
        columns={[
          {
            head: t('admin.organization'),
            cell: (o) => (
              <Link to={`/admin/users?q=${encodeURIComponent(o.name)}`}>
                {pick(locale, o.name, o.nameEn)}
              </Link>
            ),
          },
          {
            head: t('admin.kind'),
            cell: (o) => t(`kinds.${o.kind}` as 'kinds.BUREAU', { defaultValue: o.kind }),
          },
          {
            head: t('admin.orgDetails'),
            cell: (o) => (
              <>
                {o.creditCode ? <span className="font-mono text-xs">{o.creditCode}</span> : null}
                {o.institution ? <span>{pick(locale, o.institution, o.institutionEn)}</span> : null}
                {o.country ? (
                  <span className="block text-xs text-stone-500">
                    {o.country === 'OTHER'
                      ? t('admin.otherCountry')
                      : tKey(t, `auth.countries.${o.country}`, { defaultValue: o.country })}
                  </span>
                ) : null}
                {!o.creditCode && !o.institution && !o.country ? '—' : null}
              </>
            ),
          },
          {
            head: t('admin.members'),
            align: 'right',
            className: 'tabular-nums',
            cell: (o) => o.members,
          },
          { head: t('admin.created'), cell: (o) => <DateText value={o.createdAt} /> },
        ]}
      />

      <Pager page={page} pages={pages} />
    </div>
  );
}
