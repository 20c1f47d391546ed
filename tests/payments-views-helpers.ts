// Setup shared by the payments-views test files. Each file calls setUpPaymentViews() once at its top: the
// integration suite runs its files in one module graph (vitest.config.ts, isolate: false), so
// the hook is registered by the call, in that file, and every file gets its own fixtures.
import { beforeAll, expect } from 'vitest';
import { db } from '~/lib/db.server';
import { loader as dashboardLoader } from '~/routes/review.payments/route';
import { loader as statsJson } from '~/routes/stats[.]json';
import type { loader as contractLoader } from '~/routes/workspace.contracts.$code/route';
import { loader as myPaymentsLoader } from '~/routes/workspace.payments/route';
import { DAY_MS, makeContractParties, makePayableContract, makeUser } from './factories';
import { args, doneOf, signedInRequest } from './route-call';
import { postToContract, viewContract } from './pages/contract';

export type TestUser = { id: string; role: string; email: string; name: string };

export type Page = Awaited<ReturnType<typeof contractLoader>>;
export type Dashboard = Awaited<ReturnType<typeof dashboardLoader>>;
export type MyPayments = Awaited<ReturnType<typeof myPaymentsLoader>>;

export let parties: Awaited<ReturnType<typeof makeContractParties>>;
export let reviewer: TestUser;
export let admin: TestUser;
export let admin2: TestUser;
export let teamMember: TestUser;
export let enterpriseMember: TestUser;
export let otherTeam: TestUser;

/** Registers the hook that makes the contract parties and their users for the calling test file. */
export function setUpPaymentViews() {
  beforeAll(async () => {
    parties = await makeContractParties(db);
    [reviewer, admin, admin2, teamMember, enterpriseMember, otherTeam] = await Promise.all([
      makeUser(db, { role: 'REVIEWER' }),
      makeUser(db, { role: 'ADMIN' }),
      makeUser(db, { role: 'ADMIN' }),
      makeUser(db, { role: 'TEAM', organizationId: parties.teamId }),
      makeUser(db, { role: 'ENTERPRISE', organizationId: parties.enterpriseId }),
      makeUser(db, { role: 'TEAM' }),
    ]);
  });
}

/**
 * A contract of the test parties: milestone 1 accepted and confirmed `confirmedDaysAgo` days
 * ago (120 万元), milestone 2 pending (80 万元).
 */
export async function contractWithPayableMilestone(confirmedDaysAgo: number) {
  const c = await makePayableContract(db, {
    rewardFen: 200_000_000,
    milestones: [{ amountFen: 120_000_000 }, { amountFen: 80_000_000, status: 'PENDING' }],
    parties,
  });
  const at = new Date(Date.now() - confirmedDaysAgo * DAY_MS);
  await db.milestone.update({
    where: { id: c.milestones[0]!.id },
    data: { acceptedAt: at, confirmedAt: at },
  });
  return { code: c.code, m1: c.milestones[0]!.id, m2: c.milestones[1]!.id };
}

export async function schedule(user: TestUser, code: string) {
  const page = await viewContract(user, code);
  expect(page, JSON.stringify(page)).not.toBeInstanceOf(Response);
  return (page as Page).payments;
}

export async function dashboard(user: TestUser = reviewer) {
  const request = await signedInRequest(db, user, '/review/payments');
  return (await dashboardLoader(args(request))) as Dashboard;
}

export async function paidTotalFen() {
  const json = (await (await statsJson()).json()) as { rewardDisbursedFen: number };
  return json.rewardDisbursedFen;
}

export const disbursementOf = (milestoneId: string) =>
  db.disbursement.findUniqueOrThrow({ where: { milestoneId } });

/** Everything a payment form could change: the row, its audit trail and its ledger. */
export async function snapshot(milestoneId: string) {
  const d = await db.disbursement.findUnique({ where: { milestoneId } });
  const [events, entries, notifications] = await Promise.all([
    d ? db.auditEvent.count({ where: { entityType: 'Disbursement', entityId: d.id } }) : 0,
    d ? db.ledgerEntry.count({ where: { disbursementId: d.id } }) : 0,
    db.notification.count({ where: { userId: teamMember.id } }),
  ]);
  return { d, events, entries, notifications };
}

/** Requests and approves the instalment of `milestoneId` through the page. */
export async function requestAndApprove(code: string, milestoneId: string) {
  expect(
    doneOf(await postToContract(reviewer, code, { intent: 'requestPayment', milestoneId })),
  ).toBe('requestPayment');
  const d = await disbursementOf(milestoneId);
  expect(
    doneOf(
      await postToContract(admin, code, {
        intent: 'approvePayment',
        milestoneId,
        disbursementId: d.id,
      }),
    ),
  ).toBe('approvePayment');
  return d.id;
}

export const ref = () => `ZB${Date.now()}${Math.floor(Math.random() * 1e6)}`;
