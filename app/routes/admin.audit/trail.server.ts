// The audit trail page: the records as filtered, with their actors' names, one page at a time.
import { db } from '~/lib/db.server';

const PAGE_SIZE = 50;

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
export async function auditTrailPage(request: Request) {
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
