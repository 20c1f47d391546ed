// The SQLite adapter's statements, prepared once per connection and SQL text
// (patches/@prisma+adapter-better-sqlite3+6.19.3.patch, docs/decisions/038): preparing took
// 6 % of a signed-in page's CPU. Each call still runs with its own parameters, a failing
// statement leaves the next call intact, and a schema change is followed.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { afterAll, describe, expect, inject, it } from 'vitest';

type Arg = { scalarType: string; arity: 'scalar' };
type Adapter = {
  client: { prepare(sql: string): unknown };
  queryRaw(q: { sql: string; args: unknown[]; argTypes: Arg[] }): Promise<{ rows: unknown[][] }>;
  executeRaw(q: { sql: string; args: unknown[]; argTypes: Arg[] }): Promise<number>;
  dispose(): Promise<void>;
};

const dir = mkdtempSync(path.join(os.tmpdir(), 'jiebang-stmts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function connect() {
  const factory = new PrismaBetterSQLite3({ url: `file:${path.join(dir, 'stmts.db')}` });
  const adapter = (await factory.connect()) as unknown as Adapter;
  const prepared: string[] = [];
  const prepare = adapter.client.prepare.bind(adapter.client);
  adapter.client.prepare = (sql: string) => {
    prepared.push(sql);
    return prepare(sql);
  };
  return { adapter, prepared };
}

const text: Arg = { scalarType: 'string', arity: 'scalar' };
const int: Arg = { scalarType: 'int', arity: 'scalar' };

describe.skipIf(inject('databaseKind') !== 'sqlite')('SQLite statements, prepared once', () => {
  it('prepares a statement once, and runs each call with its own parameters', async () => {
    const { adapter, prepared } = await connect();
    try {
      await adapter.executeRaw({
        sql: 'CREATE TABLE "T" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL UNIQUE)',
        args: [],
        argTypes: [],
      });
      const insert = 'INSERT INTO "T" ("id", "name") VALUES (?, ?)';
      for (const [id, name] of [
        [1, '锂电池'],
        [2, '氢能'],
        [3, 'graphene'],
      ] as const)
        expect(
          await adapter.executeRaw({ sql: insert, args: [id, name], argTypes: [int, text] }),
        ).toBe(1);
      const select = 'SELECT "name" FROM "T" WHERE "id" = ?';
      const names = [];
      for (const id of [3, 1, 2, 9])
        names.push((await adapter.queryRaw({ sql: select, args: [id], argTypes: [int] })).rows);
      expect(names).toEqual([[['graphene']], [['锂电池']], [['氢能']], []]);
      expect(prepared.filter((s) => s === insert)).toHaveLength(1);
      expect(prepared.filter((s) => s === select)).toHaveLength(1);

      // a refused write (a duplicate name) leaves the kept statement usable
      await expect(
        adapter.executeRaw({ sql: insert, args: [4, '氢能'], argTypes: [int, text] }),
      ).rejects.toThrow();
      expect(
        await adapter.executeRaw({ sql: insert, args: [4, '钙钛矿'], argTypes: [int, text] }),
      ).toBe(1);
      expect((await adapter.queryRaw({ sql: select, args: [4], argTypes: [int] })).rows).toEqual([
        ['钙钛矿'],
      ]);

      // the schema changed under a kept statement: it answers by the new schema
      const all = 'SELECT * FROM "T" WHERE "id" = ?';
      expect((await adapter.queryRaw({ sql: all, args: [1], argTypes: [int] })).rows).toEqual([
        ['1', '锂电池'],
      ]);
      await adapter.executeRaw({
        sql: 'ALTER TABLE "T" ADD COLUMN "field" TEXT NOT NULL DEFAULT \'新材料\'',
        args: [],
        argTypes: [],
      });
      expect((await adapter.queryRaw({ sql: all, args: [1], argTypes: [int] })).rows).toEqual([
        ['1', '锂电池', '新材料'],
      ]);
    } finally {
      await adapter.dispose();
    }
  });

  it('keeps at most 500 statements a connection, the least recently used going first', async () => {
    const { adapter, prepared } = await connect();
    try {
      const sql = (n: number) => `SELECT ${n} AS "n"`;
      for (let n = 0; n < 600; n++)
        expect((await adapter.queryRaw({ sql: sql(n), args: [], argTypes: [] })).rows).toEqual([
          // (integers come back as text, as the adapter hands them to Prisma)
          [String(n)],
        ]);
      prepared.length = 0;
      // the last 500 are kept; the first 100 are prepared again
      for (let n = 599; n >= 0; n--)
        await adapter.queryRaw({ sql: sql(n), args: [], argTypes: [] });
      expect(prepared.length).toBeGreaterThanOrEqual(100);
      expect(prepared).not.toContain(sql(599));
      expect(prepared).toContain(sql(0));
    } finally {
      await adapter.dispose();
    }
  });
});
