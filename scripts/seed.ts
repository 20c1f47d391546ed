// npm run db:seed — loads seeds/*.json into DATABASE_URL; running it again changes nothing.
// In demo mode the demo staff accounts also get a demo authenticator (app/services/accounts/demo.server.ts).
import { createDb } from '../app/lib/db.server';
import { seedDemoSecondFactors } from '../app/services/accounts/demo.server';
import { seed } from '../app/services/programme/seed.server';

const url = process.env.DATABASE_URL ?? 'file:./data/jiebang.db';
const db = createDb(url);
try {
  if (!(process.argv.includes('--if-empty') && (await db.organization.count()) > 0)) {
    const created = await seed(db);
    const total = Object.values(created).reduce((a, b) => a + b, 0);
    console.log(
      total === 0
        ? 'seed: already loaded, nothing to do'
        : `seed: created ${JSON.stringify(created)}`,
    );
  }
  const enrolled = await seedDemoSecondFactors(db);
  if (enrolled > 0) console.log(`seed: demo authenticator for ${enrolled} staff accounts`);
} finally {
  await db.$disconnect();
}
