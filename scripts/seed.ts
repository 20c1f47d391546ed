// npm run db:seed — loads seeds/*.json into DATABASE_URL; running it again changes nothing.
import { createDb } from '../app/lib/db.server';
import { seed } from '../app/services/seed.server';

const url = process.env.DATABASE_URL ?? 'file:./data/jiebang.db';
const db = createDb(url);
try {
  if (process.argv.includes('--if-empty') && (await db.organization.count()) > 0) process.exit(0);
  const created = await seed(db);
  const total = Object.values(created).reduce((a, b) => a + b, 0);
  console.log(
    total === 0
      ? 'seed: already loaded, nothing to do'
      : `seed: created ${JSON.stringify(created)}`,
  );
} finally {
  await db.$disconnect();
}
