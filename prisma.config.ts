// Prisma CLI configuration: the provider follows DATABASE_URL (see docs/decisions/003).
// The WebAssembly schema engine ("js") runs offline; no native engine is downloaded.
import path from 'node:path';
import { defineConfig } from 'prisma/config';

const url = process.env.DATABASE_URL ?? 'file:./data/jiebang.db';
const provider = /^postgres(ql)?:\/\//.test(url) ? 'postgresql' : 'sqlite';

async function sqliteAdapter() {
  const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3');
  return new PrismaBetterSQLite3({ url, timeout: 10_000 });
}

async function postgresAdapter() {
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const pg = (await import('pg')).default;
  // prisma/orm#27403: the schema engine reads catalogue columns of type "name" (oid 19) and
  // "char" (18), which the adapter refuses to deserialise. For the CLI's pool only, report
  // them (and their array types) as text.
  const asText: Record<number, number> = { 18: 25, 19: 25, 1002: 1009, 1003: 1009 };
  const remap = (result: unknown) => {
    for (const r of Array.isArray(result) ? result : [result]) {
      for (const field of (r as { fields?: { dataTypeID: number }[] })?.fields ?? []) {
        field.dataTypeID = asText[field.dataTypeID] ?? field.dataTypeID;
      }
    }
    return result;
  };
  // pg calls Client#query with a callback from Pool#query and without one inside transactions.
  class CliClient extends pg.Client {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    query(...args: any[]): any {
      const last = args.length - 1;
      if (typeof args[last] === 'function') {
        const callback = args[last];
        args[last] = (err: unknown, result: unknown) => callback(err, err ? result : remap(result));
      }
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const out = (super.query as any)(...args);
      return out && typeof out.then === 'function' ? out.then(remap) : out;
    }
  }
  const parsed = new URL(url);
  // Separate fields, not a connectionString, so that the shadow database's name is honoured.
  const pool = new pg.Pool({
    Client: CliClient,
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database: decodeURIComponent(parsed.pathname.slice(1)),
  });
  const factory = new PrismaPg(pool, { disposeExternalPool: true });
  // The adapter's executeScript splits a migration on every ";", which breaks function bodies
  // (the ledger's append-only trigger). PostgreSQL's simple query protocol runs a whole
  // multi-statement script in one call, so send it unsplit.
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    adapter.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (error) {
        (adapter as unknown as { onError(e: unknown): never }).onError(error);
      }
    };
    return adapter;
  };
  return factory;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', provider),
  migrations: { path: path.join('prisma', provider, 'migrations') },
  adapter: provider === 'postgresql' ? postgresAdapter : sqliteAdapter,
});
