import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { FilterSelect, ListTable, Pager, SearchForm, SearchInput } from '~/components/list-page';
import { DateText, pick } from '~/components/ui';
import { useI18n, type Locale } from '~/i18n/i18n';
import { requireAdmin } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { containingLiterally } from '~/lib/text-search.server';
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

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const url = new URL(request.url);
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const kindParam = url.searchParams.get('kind');
  const kind = isKind(kindParam) ? kindParam : null;
  const page = pageNumber(url.searchParams.get('page'));
  // the text literally (% _ \ included), ignoring case, in any of the names or the credit code
  const where = {
    ...(kind ? { kind } : {}),
    ...(q
      ? await containingLiterally(
          db,
          'Organization',
          ['name', 'nameEn', 'creditCode', 'institution', 'institutionEn'],
          q,
        )
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
  const { t, locale } = useI18n();
  return (
    <div className="space-y-6">
      <h2 className="text-xl font-semibold">{t('admin.organizations')}</h2>
      <SearchForm submitLabel={t('admin.search')} total={total}>
        <SearchInput
          label={t('admin.search')}
          placeholder={t('admin.orgSearchPlaceholder')}
          defaultValue={q}
        />
        <FilterSelect
          label={t('admin.kind')}
          name="kind"
          defaultValue={kind}
          allLabel={t('admin.allKinds')}
          options={KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
        />
      </SearchForm>

      <ListTable
        empty={organizations.length === 0}
        emptyText={t('admin.noResults')}
        headings={[
          t('admin.organization'),
          t('admin.kind'),
          t('admin.orgDetails'),
          [t('admin.members'), 'right'],
          t('admin.created'),
        ]}
      >
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
              {o.creditCode ? <span className="font-mono text-xs">{o.creditCode}</span> : null}
              {o.institution ? <span>{pick(locale, o.institution, o.institutionEn)}</span> : null}
              {o.country ? (
                <span className="block text-xs text-stone-500">
                  {o.country === 'OTHER' ? t('admin.otherCountry') : countryName(o.country, locale)}
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
      </ListTable>

      <Pager page={page} pages={pages} />
    </div>
  );
}
