// Helpers shared by the contracts-desk test files.
import { expect } from 'vitest';
import { db } from '~/lib/db.server';
import { action as negotiationAction } from '~/routes/negotiation.$awardId';
import { action as registerAction } from '~/routes/review.contracts.new.$awardId';
import { loader as statsJson } from '~/routes/stats[.]json';
import { type AwardFixture, makeUser } from './factories';
import { args, formPost, signedInRequest, thrownOrReturned } from './route-call';

export type TestUser = { id: string; role: string; email: string; organizationId: string };

export async function statsNow() {
  return (await (await statsJson()).json()) as { contractsSigned: number; rdInvestmentFen: number };
}

export async function register(user: TestUser, awardId: string, fields: Record<string, string>) {
  const request = await signedInRequest(
    db,
    user,
    `/review/contracts/new/${awardId}`,
    formPost(fields),
  );
  return thrownOrReturned(() => registerAction(args(request, { awardId })));
}

export async function negotiate(user: TestUser, awardId: string, fields: Record<string, string>) {
  const request = await signedInRequest(db, user, `/negotiation/${awardId}`, formPost(fields));
  return thrownOrReturned(() => negotiationAction(args(request, { awardId })));
}

export const codeOf = (r: unknown) => {
  expect(r, JSON.stringify(r)).toBeInstanceOf(Response);
  const location = (r as Response).headers.get('Location') ?? '';
  return /\/workspace\/contracts\/(HT-\d{4}-\d{3,})/.exec(location)![1]!;
};

export async function staff() {
  const [reviewer, admin] = await Promise.all([
    makeUser(db, { role: 'REVIEWER' }),
    makeUser(db, { role: 'ADMIN' }),
  ]);
  return { reviewer, admin };
}

export const contractsOf = (f: AwardFixture) =>
  db.contract.count({ where: { awardId: f.award.id } });
