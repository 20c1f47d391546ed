import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { DateTime } from '~/components/desk/date-time';
import { useI18n } from '~/i18n/i18n';
import { requireAdmin } from '~/lib/auth.server';
import { pageMeta } from '~/lib/meta';
import { ListTable } from '~/components/list-page';
import { auditTrailPage } from './trail.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'admin.audit');

// data longer than this is folded away behind a <details>
const SHORT_DATA = 120;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return auditTrailPage(request);
}

export default function AdminAudit() {
  const { events, entityType, entityId, next } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useI18n();
  const lang = params.get('lang');
  const filterLink = (type: string, id?: string) => {
    const p = new URLSearchParams({ entityType: type, ...(id ? { entityId: id } : {}) });
    if (lang) p.set('lang', lang);
    return `?${p}`;
  };
  const nextParams = new URLSearchParams(params);
  if (next) nextParams.set('after', next);
  const firstParams = new URLSearchParams(params);
  firstParams.delete('after');
  const filtered = Boolean(entityType || entityId);
  return (
    <div className="space-y-6">
      <h2 className="text-xl font-semibold">{t('admin.audit')}</h2>
      <Form method="get" role="search" className="flex flex-wrap items-end gap-3">
        {(
          [
            ['entityType', entityType, 'w-48'],
            ['entityId', entityId, 'w-72'],
          ] as const
        ).map(([name, value, width]) => (
          <label key={name} className="flex flex-col text-sm">
            {t(`admin.${name}`)}
            <input
              name={name}
              defaultValue={value}
              maxLength={100}
              className={`mt-1 ${width} rounded border border-stone-300 bg-white px-2 py-1 font-mono`}
            />
          </label>
        ))}
        {lang ? <input type="hidden" name="lang" value={lang} /> : null}
        <button
          type="submit"
          className="rounded bg-brand-700 px-3 py-1.5 text-sm font-medium text-white"
        >
          {t('admin.filter')}
        </button>
        {filtered ? (
          <Link
            to={`/admin/audit${lang ? `?lang=${encodeURIComponent(lang)}` : ''}`}
            className="py-1.5 text-sm"
          >
            {t('admin.clearFilter')}
          </Link>
        ) : null}
      </Form>

      <ListTable
        empty={events.length === 0}
        emptyText={t('admin.noResults')}
        headings={[
          t('admin.time'),
          t('admin.actor'),
          t('admin.action'),
          t('admin.entity'),
          t('admin.data'),
        ]}
      >
        {events.map((e) => (
          <tr key={e.id} className="border-t border-stone-200 align-top">
            <td className="p-2 whitespace-nowrap">
              <DateTime value={e.at} />
            </td>
            <td className="p-2">
              {e.actorId === null ? (
                <span className="text-stone-500">{t('roles.SYSTEM')}</span>
              ) : (
                (e.actor ?? <span className="font-mono text-xs">{e.actorId}</span>)
              )}
            </td>
            <td className="p-2 font-mono text-xs">{e.action}</td>
            <td className="p-2 font-mono text-xs break-all">
              <Link to={filterLink(e.entityType)}>{e.entityType}</Link>
              {' · '}
              <Link to={filterLink(e.entityType, e.entityId)}>{e.entityId}</Link>
            </td>
            <td className="max-w-md p-2 font-mono text-xs break-all">
              {e.data === null ? (
                '—'
              ) : e.data.length <= SHORT_DATA ? (
                <code>{e.data}</code>
              ) : (
                <details>
                  <summary className="cursor-pointer">
                    <code>{`${e.data.slice(0, SHORT_DATA)}…`}</code>
                  </summary>
                  <code>{e.data}</code>
                </details>
              )}
            </td>
          </tr>
        ))}
      </ListTable>

      <nav aria-label={t('admin.pagination')} className="flex gap-4 text-sm">
        {params.get('after') ? <Link to={`?${firstParams}`}>{t('admin.firstPage')}</Link> : null}
        {next ? <Link to={`?${nextParams}`}>{t('admin.nextPage')}</Link> : null}
      </nav>
    </div>
  );
}
