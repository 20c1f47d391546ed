// users.json: demo accounts, their roles and organisations, and the documented password.
import { users, readme, ok, figure, nonEmpty, unique, EMAIL } from './common.mjs';

export function checkUsers({ entByKey, teamByKey }) {
  console.log('── users.json');
  unique(
    users.map((u) => u.email),
    'user email',
  );
  const userByEmail = Object.fromEntries(users.map((u) => [u.email, u]));
  for (const u of users) {
    ok(EMAIL.test(u.email), `user ${u.email}: email format`);
    ok(nonEmpty(u.name), `user ${u.email}: name`);
    ok(
      ['ADMIN', 'REVIEWER', 'ENTERPRISE', 'TEAM'].includes(u.role),
      `user ${u.email}: role ${u.role}`,
    );
    if (u.role === 'ADMIN' || u.role === 'REVIEWER')
      ok(u.org === 'bureau', `user ${u.email}: bureau staff must have org "bureau"`);
    if (u.role === 'ENTERPRISE')
      ok(u.org in entByKey, `user ${u.email}: enterprise ${u.org} unknown`);
    if (u.role === 'TEAM') ok(u.org in teamByKey, `user ${u.email}: team ${u.org} unknown`);
  }
  figure('users', users.length);
  figure('ADMIN users', users.filter((u) => u.role === 'ADMIN').length, (n) => n >= 2);
  figure('REVIEWER users', users.filter((u) => u.role === 'REVIEWER').length, (n) => n >= 2);
  ok(
    users.some((u) => u.email === 'admin@kjj.zibo.example' && u.role === 'ADMIN'),
    'admin@kjj.zibo.example missing',
  );
  ok(readme.includes('Jiebang-Demo-2021!'), 'README.md must document the demo password');
  const hasRole = (email, role) => userByEmail[email]?.role === role;
  return { userByEmail, hasRole };
}
