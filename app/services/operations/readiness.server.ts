// Whether this instance can serve: the database answers and every migration shipped with the
// code is applied (a new release started against an old schema is not ready).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { db as defaultDb, isPostgresUrl, type Db } from '~/lib/db.server';

export type Readiness = { ready: boolean; database: 'ok' | 'down'; pendingMigrations: string[] };

/** The migrations this release carries, by folder name, for the configured engine. */
export function shippedMigrations(url = process.env.DATABASE_URL ?? ''): string[] {
  const dir = path.join(
    process.cwd(),
    'prisma',
    isPostgresUrl(url) ? 'postgresql' : 'sqlite',
    'migrations',
  );
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export async function readiness(
  db: Db = defaultDb,
  shipped = shippedMigrations(),
): Promise<Readiness> {
  let applied: { migration_name: string }[];
  try {
    applied = await db.$queryRaw<{ migration_name: string }[]>`
      SELECT "migration_name" FROM "_prisma_migrations"
      WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`;
  } catch {
    // no connection, or a database no migration ever ran on
    const answers = await db.$queryRaw`SELECT 1`.then(
      () => true,
      () => false,
    );
    return { ready: false, database: answers ? 'ok' : 'down', pendingMigrations: shipped };
  }
  const done = new Set(applied.map((m) => m.migration_name));
  const pendingMigrations = shipped.filter((m) => !done.has(m));
  return { ready: pendingMigrations.length === 0, database: 'ok', pendingMigrations };
}
