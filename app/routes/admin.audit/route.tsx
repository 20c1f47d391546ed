import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { DateTime } from '~/components/desk/date-time';
import { ListTable } from '~/components/list-page';
import { useI18n } from '~/i18n/i18n';
import { requireAdmin } from '~/lib/auth.server';
import { pageMeta } from '~/lib/meta';
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
        rows={events}
        columns={[
          {
            head: t('admin.time'),
            className: 'whitespace-nowrap',
            cell: (e) => <DateTime value={e.at} />,
          },
          {
            head: t('admin.actor'),
            cell: (e) =>
              e.actorId === null ? (
                <span className="text-stone-500">{t('roles.SYSTEM')}</span>
              ) : (
                (e.actor ?? <span className="font-mono text-xs">{e.actorId}</span>)
              ),
          },
          { head: t('admin.action'), className: 'font-mono text-xs', cell: (e) => e.action },
          {
            head: t('admin.entity'),
            className: 'font-mono text-xs break-all',
            cell: (e) => (
              <>
                <Link to={filterLink(e.entityType)}>{e.entityType}</Link>
                {' · '}
                <Link to={filterLink(e.entityType, e.entityId)}>{e.entityId}</Link>
              </>
            ),
          },
          {
            head: t('admin.data'),
            className: 'max-w-md font-mono text-xs break-all',
            cell: (e) => <AuditData data={e.data} />,
          },
        ]}
      />

      <nav aria-label={t('admin.pagination')} className="flex gap-4 text-sm">
        {params.get('after') ? <Link to={`?${firstParams}`}>{t('admin.firstPage')}</Link> : null}
        {next ? <Link to={`?${nextParams}`}>{t('admin.nextPage')}</Link> : null}
      </nav>
    </div>
  );
}

/** An event's data: short data in full, longer data folded away behind a <details>. */
function AuditData({ data }: { data: string | null }) {
  if (data === null) return <>—</>;
  if (data.length <= SHORT_DATA) return <code>{data}</code>;
  return (
    <details>
      <summary className="cursor-pointer">
        <code>{`${data.slice(0, SHORT_DATA)}…`}</code>
      </summary>
      <code>{data}</code>
    </details>
  );
}
