// Loads the programme's records from seeds/*.json. Create-if-missing by natural keys (seed
// key, e-mail, intake ref, event slug, contract code), each record with its children in one
// command (one transaction with its audit record), so a second run changes nothing and an
// interrupted run can simply be repeated.
import path from 'node:path';
import type { Db } from '~/lib/db.server';
import { seedContracts } from './seed-contracts.server';
import { readSeedFiles } from './seed-files';
import { seedEvents, seedNeeds } from './seed-needs.server';
import { seedOrganizations, seedUsers } from './seed-people.server';

export { DEMO_PASSWORD } from './seed-files';

export type SeedReport = Record<
  'organizations' | 'users' | 'needs' | 'events' | 'contracts',
  number
>;

export async function seed(db: Db, dir = path.resolve('seeds')): Promise<SeedReport> {
  const files = await readSeedFiles(dir);
  const organizations = await seedOrganizations(db, files.orgs);
  const { org } = organizations;
  const users = await seedUsers(db, files.users, org);
  const { user } = users;
  const needs = await seedNeeds(db, files.needs, files.orgs, { org, user });
  const { challenge } = needs;
  return {
    organizations: organizations.created,
    users: users.created,
    needs: needs.created,
    events: await seedEvents(db, files.events, { org, challenge }),
    contracts: await seedContracts(db, files.contracts, { org, user, challenge }),
  };
}
