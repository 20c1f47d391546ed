// Who is on the platform, as the admin's lists and an organisation's member page show it. The
// admin's search finds the typed text literally, ignoring case, on both engines
// (lib/text-search.server.ts).
import type { ManagedRole, OrganizationKind } from '~/domain/roles';
import type { Db } from '~/lib/db.server';
import { containingLiterally } from '~/lib/text-search.server';

export const DIRECTORY_PAGE_SIZE = 50;

/** A page number from a query string: a whole number from 1, else the first page. */
export function pageNumber(value: string | null) {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

/** The search box's text as the lists take it: trimmed, at most 100 characters. */
export const searchTerm = (value: string | null) => (value ?? '').trim().slice(0, 100);

const pages = (total: number) => Math.max(1, Math.ceil(total / DIRECTORY_PAGE_SIZE));

export type DirectoryQuery<F> = { q: string; page: number; filter: F | null };

/** A directory's query as its URL gives it: the search text, its one filter if valid, the page. */
export function directoryQuery<F extends string>(
  url: string,
  filterName: string,
  isFilter: (value: unknown) => value is F,
): DirectoryQuery<F> {
  const params = new URL(url).searchParams;
  const filter = params.get(filterName);
  return {
    q: searchTerm(params.get('q')),
    page: pageNumber(params.get('page')),
    filter: isFilter(filter) ? filter : null,
  };
}

/** Users, newest first: `q` in the name, e-mail or organisation's name; `filter` a role. */
export async function findUsers(db: Db, { q, page, filter }: DirectoryQuery<ManagedRole>) {
  const where = {
    ...(filter ? { role: filter } : {}),
    ...(q
      ? {
          OR: [
            await containingLiterally(db, 'User', ['name', 'email'], q),
            { organization: await containingLiterally(db, 'Organization', ['name', 'nameEn'], q) },
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db.user.findMany({
      where,
      ...newestFirst(page),
      select: {
        id: true,
        name: true,
        email: true,
        role: true,
        disabledAt: true,
        totpEnabledAt: true,
        createdAt: true,
        organization: { select: { name: true, nameEn: true, kind: true } },
      },
    }),
    db.user.count({ where }),
  ]);
  return {
    total,
    pages: pages(total),
    users: rows.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      disabled: u.disabledAt !== null,
      secondFactor: u.totpEnabledAt !== null,
      createdAt: u.createdAt.toISOString(),
      org: u.organization.name,
      orgEn: u.organization.nameEn,
      orgKind: u.organization.kind,
    })),
  };
}

/** One page of a directory, newest first (the id breaks ties, so pages never overlap). */
function newestFirst(page: number) {
  return {
    orderBy: [{ createdAt: 'desc' as const }, { id: 'desc' as const }],
    skip: (page - 1) * DIRECTORY_PAGE_SIZE,
    take: DIRECTORY_PAGE_SIZE,
  };
}

/** Organisations, newest first: `q` in a name or the credit code; `filter` a kind. */
export async function findOrganizations(
  db: Db,
  { q, page, filter }: DirectoryQuery<OrganizationKind>,
) {
  const where = {
    ...(filter ? { kind: filter } : {}),
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
      ...newestFirst(page),
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
    total,
    pages: pages(total),
    organizations: rows.map(({ _count, createdAt, ...o }) => ({
      ...o,
      members: _count.users,
      createdAt: createdAt.toISOString(),
    })),
  };
}

/** An organisation's members, oldest first, and its invitations still open. */
export async function organizationMembers(db: Db, organizationId: string, now = new Date()) {
  const [members, invitations] = await Promise.all([
    db.user.findMany({
      where: { organizationId },
      orderBy: { createdAt: 'asc' },
      select: { id: true, name: true, email: true, disabledAt: true },
    }),
    db.invitation.findMany({
      where: { organizationId, acceptedAt: null, expiresAt: { gt: now } },
      orderBy: { createdAt: 'desc' },
      select: { email: true, name: true, expiresAt: true },
    }),
  ]);
  return {
    members: members.map(({ disabledAt, ...m }) => ({ ...m, disabled: disabledAt !== null })),
    invitations: invitations.map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString() })),
  };
}
