// The staff's search boxes (users, organisations, an event's candidate challenges): a term is
// found literally in any of a few columns, ignoring case, on both engines. `%`, `_` and `\`
// are characters: Prisma's `contains` hands them to LIKE as wildcards (on SQLite, whose LIKE
// has no escape character unless the statement names one, also when escaped), so a term that
// holds one is looked up with `LIKE … ESCAPE '\'` instead. The catalogue does the same over
// its normalised search column (catalogue.server.ts).
import { containsPattern, hasLikeSpecial } from '~/domain/search';
import { isPostgresUrl, Prisma, type Db } from '~/lib/db.server';

// Tables and columns are literals the types check; none comes from a request.
type Searchable = {
  User: 'name' | 'email';
  Organization: 'name' | 'nameEn' | 'creditCode' | 'institution' | 'institutionEn';
  Challenge: 'searchText' | 'code' | 'title';
};

type Table = keyof Searchable;
type Column<T extends Table> = Searchable[T];

/**
 * A where clause for `table`: rows with `term` in one of `columns`, literally, ignoring case
 * (PostgreSQL: ILIKE; SQLite: LIKE, which ignores the case of ASCII letters).
 */
export async function containingLiterally<T extends Table>(
  db: Db,
  table: T,
  columns: readonly Column<T>[],
  term: string,
): Promise<{ OR: Record<string, unknown>[] } | { id: { in: string[] } }> {
  const postgres = isPostgresUrl(process.env.DATABASE_URL ?? '');
  if (!hasLikeSpecial(term)) {
    const filter = postgres ? { contains: term, mode: 'insensitive' } : { contains: term };
    return { OR: columns.map((c) => ({ [c]: filter })) };
  }
  const like = Prisma.raw(postgres ? 'ILIKE' : 'LIKE');
  const holds = columns.map(
    (c) => Prisma.sql`${Prisma.raw(`"${c}"`)} ${like} ${containsPattern(term)} ESCAPE '\\'`,
  );
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM ${Prisma.raw(`"${table}"`)} WHERE ${Prisma.join(holds, ' OR ')}`;
  return { id: { in: rows.map((r) => r.id) } };
}
