import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { DateText, pick } from '~/components/ui';
import { useI18n, type Locale } from '~/i18n/i18n';
import { requireAdmin } from '~/lib/auth.server';
import { db, isPostgresUrl } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'admin.organizations');

const PAGE_SIZE = 50;
const KINDS = ['ENTERPRISE', 'TEAM', 'BUREAU'] as const;
type Kind = (typeof KINDS)[number];

function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && (KINDS as readonly string[]).includes(value);
}

function pageNumber(value: string | null) {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

// Case-insensitive on both engines, as on the users page: ILIKE (mode 'insensitive', wildcards
// escaped) on PostgreSQL; SQLite's LIKE behind `contains` already ignores ASCII case.
function containing(q: string) {
  if (isPostgresUrl(process.env.DATABASE_URL ?? '')) {
    const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
    return { contains: escaped, mode: 'insensitive' } as unknown as { contains: string };
  }
  return { contains: q };
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const url = new URL(request.url);
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const kindParam = url.searchParams.get('kind');
  const kind = isKind(kindParam) ? kindParam : null;
  const page = pageNumber(url.searchParams.get('page'));
  const match = q ? containing(q) : null;
  const where = {
    ...(kind ? { kind } : {}),
    ...(match
      ? {
          OR: [
            { name: match },
            { nameEn: match },
            { creditCode: match },
            { institution: match },
            { institutionEn: match },
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db.organization.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        kind: true,
        name: true,
        nameEn: true,
        creditCode: true,
        institution: true,
        institutionEn: true,
        country: true,
        createdAt: true,
        _count: { select: { users: true } },
      },
    }),
    db.organization.count({ where }),
  ]);
  return {
    q,
    kind,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    total,
    organizations: rows.map((o) => ({
      id: o.id,
      kind: o.kind,
      name: o.name,
      nameEn: o.nameEn,
      creditCode: o.creditCode,
      institution: o.institution,
      institutionEn: o.institutionEn,
      country: o.country,
      members: o._count.users,
      createdAt: o.createdAt.toISOString(),
    })),
  };
}

/** The country's name in the page's language; ISO codes the runtime does not know stay codes. */
function countryName(code: string, locale: Locale) {
  try {
    return (
      new Intl.DisplayNames([locale === 'zh' ? 'zh-CN' : 'en'], { type: 'region' }).of(code) ?? code
    );
  } catch {
    return code;
  }
}

export default function AdminOrganizations() {
  const { organizations, q, kind, page, pages, total } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, locale } = useI18n();
  const pageLink = (n: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(n));
    return `?${next}`;
  };
  return (
    <div className="space-y-6">
      <h2 className="text-xl font-semibold">{t('admin.organizations')}</h2>
      <Form method="get" role="search" className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col text-sm">
          {t('admin.search')}
          <input
            type="search"
            name="q"
            defaultValue={q}
            placeholder={t('admin.orgSearchPlaceholder')}
            maxLength={100}
            className="mt-1 w-72 rounded border border-stone-300 bg-white px-2 py-1"
          />
        </label>
        <label className="flex flex-col text-sm">
          {t('admin.kind')}
          <select
            name="kind"
            defaultValue={kind ?? ''}
            className="mt-1 rounded border border-stone-300 bg-white px-2 py-1"
          >
            <option value="">{t('admin.allKinds')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {params.get('lang') ? (
          <input type="hidden" name="lang" value={params.get('lang')!} />
        ) : null}
        <button
          type="submit"
          className="rounded bg-brand-700 px-3 py-1.5 text-sm font-medium text-white"
        >
          {t('admin.search')}
        </button>
        <p className="ml-auto text-sm text-stone-600" aria-live="polite">
          {t('admin.total', { count: total })}
        </p>
      </Form>

      {organizations.length === 0 ? (
        <p className="rounded border border-dashed border-stone-300 p-8 text-center text-stone-600">
          {t('admin.noResults')}
        </p>
      ) : (
        <div className="overflow-x-auto rounded border border-stone-200 bg-white">
          <table className="w-full text-sm">
            <thead className="bg-stone-50 text-left">
              <tr>
                <th scope="col" className="p-2">
                  {t('admin.organization')}
                </th>
                <th scope="col" className="p-2">
                  {t('admin.kind')}
                </th>
                <th scope="col" className="p-2">
                  {t('admin.orgDetails')}
                </th>
                <th scope="col" className="p-2 text-right">
                  {t('admin.members')}
                </th>
                <th scope="col" className="p-2">
                  {t('admin.created')}
                </th>
              </tr>
            </thead>
            <tbody>
              {organizations.map((o) => (
                <tr key={o.id} className="border-t border-stone-200 align-top">
                  <td className="p-2">
                    <Link to={`/admin/users?q=${encodeURIComponent(o.name)}`}>
                      {pick(locale, o.name, o.nameEn)}
                    </Link>
                  </td>
                  <td className="p-2">
                    {t(`kinds.${o.kind}` as 'kinds.BUREAU', { defaultValue: o.kind })}
                  </td>
                  <td className="p-2">
                    {o.creditCode ? (
                      <span className="font-mono text-xs">{o.creditCode}</span>
                    ) : null}
                    {o.institution ? (
                      <span>{pick(locale, o.institution, o.institutionEn)}</span>
                    ) : null}
                    {o.country ? (
                      <span className="block text-xs text-stone-500">
                        {o.country === 'OTHER'
                          ? t('admin.otherCountry')
                          : countryName(o.country, locale)}
                      </span>
                    ) : null}
                    {!o.creditCode && !o.institution && !o.country ? '—' : null}
                  </td>
                  <td className="p-2 text-right tabular-nums">{o.members}</td>
                  <td className="p-2">
                    <DateText value={o.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {pages > 1 ? (
        <nav aria-label={t('admin.pagination')} className="flex items-center gap-4 text-sm">
          {page > 1 ? <Link to={pageLink(page - 1)}>{t('admin.prevPage')}</Link> : null}
          <span>{t('admin.pageOf', { page, pages })}</span>
          {page < pages ? <Link to={pageLink(page + 1)}>{t('admin.nextPage')}</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}
