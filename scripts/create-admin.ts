// npm run user:create-admin -- --email admin@kjj.example --name 张三 [--password …]
// Creates the first bureau admin (and the bureau organisation if there is none yet). Without
// --password a random one is generated and printed once. The admin sets up the authenticator
// at first sign-in.
import { parseArgs } from 'node:util';
import { createDb } from '../app/lib/db.server';
import { audit } from '../app/services/kernel/audit.server';
import { passwordProblem } from '../app/services/accounts/accounts.server';
import { hashPassword } from '../app/lib/crypto/password.server';
import { generateToken } from '../app/lib/crypto/tokens.server';

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
  if (await db.user.findUnique({ where: { email } })) {
    console.error(`a user with e-mail ${email} exists already`);
    process.exit(1);
  }
  const passwordHash = await hashPassword(password);
  const user = await db.$transaction(async (tx) => {
    const bureau =
      (await tx.organization.findFirst({ where: { kind: 'BUREAU' } })) ??
      (await tx.organization.create({
        data: { kind: 'BUREAU', name: '科学技术局', nameEn: 'Science and Technology Bureau' },
      }));
    const created = await tx.user.create({
      data: {
        email,
        name: values.name!.trim(),
        role: 'ADMIN',
        organizationId: bureau.id,
        passwordHash,
      },
    });
    await audit(tx, {
      actorId: null,
      action: 'user.admin_created_by_cli',
      entityType: 'User',
      entityId: created.id,
    });
    return created;
  });
  console.log(`admin created: ${user.email}`);
  if (!values.password) console.log(`password (shown once): ${password}`);
} finally {
  await db.$disconnect();
}
