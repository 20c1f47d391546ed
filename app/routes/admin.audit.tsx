import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { formatDateTime } from '~/lib/format';
import { useI18n } from '~/i18n/i18n';
import { requireAdmin } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { ListTable } from '~/components/list-page';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'admin.audit');

const PAGE_SIZE = 50;
// data longer than this is folded away behind a <details>
const SHORT_DATA = 120;

type Cursor = { at: Date; id: string };

function encodeCursor(c: Cursor) {
  return Buffer.from(`${c.at.toISOString()}|${c.id}`).toString('base64url');
}

function decodeCursor(value: string | null): Cursor | null {
  if (!value || value.length > 200) return null;
  const [iso, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  if (!id || Number.isNaN(at.getTime())) return null;
  return { at, id };
}

function param(url: URL, name: string) {
  return (url.searchParams.get(name) ?? '').trim().slice(0, 100);
}

/** Newest first, paged by keyset (at, id) on the [at] and [entityType, entityId, at] indexes. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const url = new URL(request.url);
  const entityType = param(url, 'entityType');
  const entityId = param(url, 'entityId');
  const cursor = decodeCursor(url.searchParams.get('after'));
  const where = {
    ...(entityType ? { entityType } : {}),
    ...(entityId ? { entityId } : {}),
    ...(cursor
      ? { OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] }
      : {}),
  };
  const rows = await db.auditEvent.findMany({
    where,
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: PAGE_SIZE + 1,
    select: {
      id: true,
      at: true,
      actorId: true,
      action: true,
      entityType: true,
      entityId: true,
      data: true,
    },
  });
  const page = rows.slice(0, PAGE_SIZE);
  const actorIds = [
    ...new Set(page.map((e) => e.actorId).filter((id): id is string => id !== null)),
  ];
  const actors = actorIds.length
    ? await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } })
    : [];
  const names = new Map(actors.map((a) => [a.id, a.name]));
  const last = page[page.length - 1];
  return {
    entityType,
    entityId,
    next: rows.length > PAGE_SIZE && last ? encodeCursor({ at: last.at, id: last.id }) : null,
    events: page.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actorId: e.actorId,
      actor: e.actorId ? (names.get(e.actorId) ?? null) : null,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      data: compact(e.data),
    })),
  };
}

/** The stored JSON without insignificant white space; text that is not JSON stays as it is. */
function compact(value: string | null) {
  if (value === null) return null;
  try {
    return JSON.stringify(JSON.parse(value));
  } catch {
    return value;
  }
}

function DateTime({ value }: { value: string }) {
  const { locale } = useI18n();
  const text = formatDateTime(value, locale);
  return <time dateTime={value}>{text}</time>;
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
        <label className="flex flex-col text-sm">
          {t('admin.entityType')}
          <input
            name="entityType"
            defaultValue={entityType}
            maxLength={100}
            className="mt-1 w-48 rounded border border-stone-300 bg-white px-2 py-1 font-mono"
          />
        </label>
        <label className="flex flex-col text-sm">
          {t('admin.entityId')}
          <input
            name="entityId"
            defaultValue={entityId}
            maxLength={100}
            className="mt-1 w-72 rounded border border-stone-300 bg-white px-2 py-1 font-mono"
          />
        </label>
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
