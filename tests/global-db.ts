// Vitest global setup of the "db" project: one fresh, seeded database for the run, on the
// engine named by TEST_DB (sqlite | postgresql). scripts/test-db.mjs runs the project once
// per engine.
import type { TestProject } from 'vitest/node';
import { createDb } from '../app/lib/db.server';
import { seed } from '../app/services/programme/seed.server';
import { createTestDatabase } from './databases';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: 'sqlite' | 'postgresql';
    /** The seeded programme, untouched: for tests that assert the exact figures. */
    pristineUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const kind = process.env.TEST_DB === 'postgresql' ? 'postgresql' : 'sqlite';
  const database = await createTestDatabase(kind);
  const db = createDb(database.url);
  await seed(db);
  await db.$disconnect();
  project.provide('pristineUrl', await database.clone());
  project.provide('databaseUrl', database.url);
  project.provide('databaseKind', kind);
  return async () => {
    await database.drop();
  };
}
