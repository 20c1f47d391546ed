// The seed's organisations (the bureau, enterprises, teams) and demo users, created when
// missing by seed key and e-mail.
import { hashPassword } from '~/lib/crypto/password.server';
import type { Db } from '~/lib/db.server';
import { DEMO_PASSWORD, lookup, type Lookup, type SeedOrgs, type SeedUser } from './seed-files';
import { seedRecord } from './seed-record.server';

function organizationRows(orgs: SeedOrgs) {
  return [
    {
      seedKey: orgs.bureau.key,
      kind: 'BUREAU',
      name: orgs.bureau.name,
      nameEn: orgs.bureau.nameEn,
    },
    ...orgs.enterprises.map((e) => ({
      seedKey: e.key,
      kind: 'ENTERPRISE',
      name: e.name,
      nameEn: e.nameEn,
      creditCode: e.creditCode,
      district: e.district,
      industry: e.industry,
      contactName: e.contactName,
      contactPhone: e.contactPhone,
      contactEmail: e.contactEmail,
    })),
    ...orgs.teams.map((t) => ({
      seedKey: t.key,
      kind: 'TEAM',
      name: t.name,
      nameEn: t.nameEn,
      institution: t.institution,
      institutionEn: t.institutionEn,
      country: t.country,
      leader: t.leader,
      leaderTitle: t.leaderTitle,
      membersJson: JSON.stringify(t.members ?? []),
      contactEmail: t.contactEmail,
    })),
  ];
}

const seededOrganizations = (db: Db) =>
  db.organization.findMany({
    where: { seedKey: { not: null } },
    select: { id: true, seedKey: true },
  });

/** Creates the missing organisations; returns how many, and their ids by seed key. */
export async function seedOrganizations(db: Db, orgs: SeedOrgs) {
  const existing = new Set((await seededOrganizations(db)).map((o) => o.seedKey));
  let created = 0;
  for (const row of organizationRows(orgs)) {
    if (existing.has(row.seedKey)) continue;
    await seedRecord(db, { action: 'seed.organization', entityType: 'Organization' }, (tx) =>
      tx.organization.create({ data: row }),
    );
    created++;
  }
  const org = lookup(
    'organisation',
    (await seededOrganizations(db)).map((o) => [o.seedKey!, o.id]),
  );
  return { created, org };
}

/** Creates the missing demo users (password DEMO_PASSWORD); returns how many, and ids by e-mail. */
export async function seedUsers(db: Db, users: SeedUser[], org: Lookup) {
  const existing = new Set(
    (await db.user.findMany({ select: { email: true } })).map((u) => u.email),
  );
  let created = 0;
  for (const u of users) {
    if (existing.has(u.email)) continue;
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await seedRecord(db, { action: 'seed.user', entityType: 'User' }, (tx) =>
      tx.user.create({
        data: {
          email: u.email,
          name: u.name,
          role: u.role,
          organizationId: org(u.org),
          passwordHash,
          locale: u.locale ?? 'zh',
          affiliation: u.affiliation ?? null,
        },
      }),
    );
    created++;
  }
  const user = lookup(
    'user',
    (await db.user.findMany({ select: { id: true, email: true } })).map((u) => [u.email, u.id]),
  );
  return { created, user };
}
