// The public catalogue as a file (/challenges.csv, /challenges.xlsx): every challenge the
// catalogue lists for the same URL query (search, filters, sort), all of them rather than a
// page, read in the sort's own keyset order.
import {
  catalogueSearchTerms,
  parseCatalogueQuery,
  type CatalogueQuery,
  type CatalogueSort,
  type CursorKey,
} from '~/domain/catalogue-query';
import { effectiveNeedStatus } from '~/domain/need';
import { PUBLIC_CACHE } from '~/lib/cache.server';
import type { Db } from '~/lib/db.server';
import { catalogueColumns, type CatalogueExportRow } from '~/lib/exports/columns';
import { toFenOrNull } from '~/lib/fen';
import {
  listEventOptions,
  listPublishedChallenges,
  listSelect,
} from '~/services/needs/catalogue.server';
import {
  catalogueWhere,
  eventChallengeIds,
  runsAfter,
} from '~/services/needs/catalogue-search.server';
import { EXPORT_BATCH, keysetBatches, listExport } from './batches.server';

/** The most rows a catalogue page has (listPublishedChallenges' bound). */
const SEARCH_PAGE = 100;

// the catalogue's own row, so that the file and the page cannot drift apart
const exportSelect = listSelect;

/** Up to `take` rows of one run of the sort's order (see runsAfter). */
function readRun(
  db: Db,
  where: ReturnType<typeof catalogueWhere>,
  run: ReturnType<typeof runsAfter>[number],
  take: number,
) {
  return db.challenge.findMany({
    where: { AND: [where, run.where] },
    orderBy: run.orderBy,
    take,
    select: exportSelect,
  });
}

type ExportedChallenge = Awaited<ReturnType<typeof readRun>>[number];

/** Where the sort order stands after `row`. */
function keyAfter(sort: CatalogueSort, row: ExportedChallenge): CursorKey {
  if (sort === 'bounty') return { sort, value: toFenOrNull(row.bountyFen), id: row.id };
  const value = sort === 'deadline' ? row.applicationDeadline : row.publishedAt;
  return { sort, value: value ?? new Date(0), id: row.id };
}

/**
 * The catalogue's query of a URL, as the catalogue page reads it: anything that does not fit
 * is dropped to its default, an event that does not exist too; the page cursor is ignored.
 */
export async function exportedCatalogueQuery(db: Db, params: URLSearchParams) {
  const query: CatalogueQuery = { ...parseCatalogueQuery(params), after: null };
  const events = await listEventOptions(db);
  if (query.event && !events.some((e) => e.slug === query.event)) query.event = null;
  return query;
}

/** The rows of a catalogue page (listPublishedChallenges' items) as the file shows them. */
function fromItem(
  c: Awaited<ReturnType<typeof listPublishedChallenges>>['items'][number],
): CatalogueExportRow {
  return {
    ...c,
    bountyType: c.bountyFen === null ? 'OPEN' : 'FIXED',
    deadline: new Date(c.deadline),
    publishedAt: c.publishedAt ? new Date(c.publishedAt) : null,
  };
}

/** A search's matches, page after page of the catalogue itself (its search decides them). */
async function* searchedBatches(db: Db, query: CatalogueQuery, now: Date, size: number) {
  let after: string | null = null;
  do {
    const page = await listPublishedChallenges(db, { ...query, after, now, pageSize: size });
    if (page.items.length > 0) yield page.items.map(fromItem);
    after = page.next;
  } while (after);
}

/**
 * The rows of the catalogue's `query` (its cursor ignored), batch by batch in the sort's order.
 * Without a search: the catalogue's where clause and keyset runs (catalogue-search.server.ts),
 * read in batches of `size`. With one: the catalogue's own pages (at most 100 rows each), so
 * that the file holds exactly what the search finds.
 */
export async function catalogueRows(
  db: Db,
  query: CatalogueQuery,
  now = new Date(),
  size = EXPORT_BATCH,
): Promise<AsyncGenerator<CatalogueExportRow[]>> {
  if (catalogueSearchTerms(query.q).length > 0)
    return searchedBatches(db, query, now, Math.min(size, SEARCH_PAGE));
  const where = catalogueWhere(
    query,
    now,
    query.event ? await eventChallengeIds(db, query.event) : [],
  );
  const page = async (last: ExportedChallenge | null, take: number) => {
    const rows: ExportedChallenge[] = [];
    for (const run of runsAfter(query.sort, last ? keyAfter(query.sort, last) : null)) {
      rows.push(...(await readRun(db, where, run, take - rows.length)));
      if (rows.length >= take) break;
    }
    return rows;
  };
  const toRow = (c: ExportedChallenge): CatalogueExportRow => ({
    code: c.code ?? '',
    title: c.title,
    titleEn: c.titleEn,
    enterprise: c.enterprise.name,
    enterpriseEn: c.enterprise.nameEn,
    field: c.field,
    bountyType: c.bountyType,
    bountyFen: toFenOrNull(c.bountyFen),
    deadline: c.applicationDeadline,
    publishedAt: c.publishedAt,
    status: effectiveNeedStatus(c.status as never, c.applicationDeadline, now),
  });
  return keysetBatches(page, (batch) => batch.map(toRow), size);
}

export function catalogueExport(db: Db, request: Request) {
  return listExport(request, {
    sheet: 'challenges',
    columns: catalogueColumns,
    rows: async (params) => catalogueRows(db, await exportedCatalogueQuery(db, params)),
    // public data, the same for every visitor of one language (the language cookie varies it)
    cacheControl: PUBLIC_CACHE,
  });
}
