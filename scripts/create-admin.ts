// npm run user:create-admin -- --email admin@kjj.example --name 张三 [--password …]
// Creates the first bureau admin (and the bureau organisation if there is none yet). Without
// --password a random one is generated and printed once. The admin sets up the authenticator
// at first sign-in.
import { parseArgs } from 'node:util';
import { createDb } from '../app/lib/db.server';
import { generateToken } from '../app/lib/crypto/tokens.server';
import { passwordProblem } from '../app/services/accounts/password-rules.server';
import { createAdmin } from '../app/services/accounts/users-admin.server';

const { values } = parseArgs({
  options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
});
const email = values.email?.trim().toLowerCase();
if (!email || !/^[^@\s]+@[^@\s]+$/.test(email) || !values.name?.trim()) {
  console.error(
    'usage: npm run user:create-admin -- --email <e-mail> --name <name> [--password <password>]',
  );
  process.exit(2);
}
const password = values.password ?? `${generateToken(12)}`;
const problem = passwordProblem(password, email);
if (problem) {
  console.error(`password refused: ${problem}`);
  process.exit(2);
}

const db = createDb(process.env.DATABASE_URL ?? 'file:./data/jiebang.db');
try {
  const created = await createAdmin(db, { email, name: values.name!.trim(), password });
  if (!created.ok) {
    console.error(`a user with e-mail ${email} exists already`);
    process.exit(1);
  }
  console.log(`admin created: ${email}`);
  if (!values.password) console.log(`password (shown once): ${password}`);
} finally {
  await db.$disconnect();
}
