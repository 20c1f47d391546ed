// A user's in-app notices (written by kernel/notify.server.ts with the change they report).
import { Prisma, readRows, type Db } from '~/lib/db.server';
import { command } from '~/services/kernel/command.server';

/** The user's latest 100 notices, newest first. */
export async function notificationsOf(db: Db, userId: string) {
  const rows = await db.notification.findMany({
    where: { userId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 100,
    select: { id: true, kind: true, payload: true, link: true, readAt: true, createdAt: true },
  });
  return rows.map((n) => ({
    id: n.id,
    kind: n.kind,
    params: JSON.parse(n.payload) as Record<string, string>,
    link: n.link,
    unread: n.readAt === null,
    createdAt: n.createdAt.toISOString(),
  }));
}

/**
 * How many notices the user has not read: the header shows it on every signed-in page. One
 * written-out statement (as the session read, ADR 037), sent past Prisma's client: its count was
 * compiled anew by its query compiler on every request.
 */
export async function unreadCount(db: Db, userId: string): Promise<number> {
  const [row] = await readRows<{ n: number }>(
    db,
    Prisma.sql`SELECT COUNT(*) AS "n" FROM "Notification" WHERE "userId" = ${userId} AND "readAt" IS NULL`,
  );
  return Number(row?.n ?? 0);
}

/** Marks every unread notice of the user as read. */
export function markAllRead(db: Db, userId: string, now = new Date()) {
  return command(db, { errors: 'notifications' }, async (ctx) => {
    await ctx.tx.notification.updateMany({
      where: { userId, readAt: null },
      data: { readAt: now },
    });
    return {};
  });
}
