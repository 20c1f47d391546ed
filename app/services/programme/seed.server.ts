// Loads the programme's records from seeds/*.json. Create-if-missing by natural keys (seed
// key, e-mail, intake ref, event slug, contract code), each record with its children in one
// transaction, so a second run changes nothing and an interrupted run can simply be repeated.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { milestoneAmounts, validateMilestoneShares } from '~/domain/contract';
import { idempotencyKeyFor } from '~/domain/disbursement';
import {
  disbursementApprovedJournal,
  disbursementJournalId,
  disbursementPaidJournal,
} from '~/domain/ledger';
import { isNeedStatus } from '~/domain/need';
import { buildSearchText } from '~/domain/search';
import { parseShanghaiDate } from '~/domain/shanghai-date';
import type { Db, Tx } from '~/lib/db.server';
import { toFen } from '~/lib/fen';
import { audit } from '~/services/kernel/audit.server';
import {
  ensureContractInLedger,
  isContractInLedger,
  lockContract,
  postJournal,
} from '~/services/payments/ledger.server';
import { hashPassword } from '~/lib/crypto/password.server';

type Member = { name: string; role: string };
type SeedOrgs = {
  bureau: { key: string; name: string; nameEn?: string };
  enterprises: {
    key: string;
    name: string;
    nameEn?: string;
    creditCode: string;
    district?: string;
    industry?: string;
    contactName?: string;
    contactPhone?: string;
    contactEmail?: string;
  }[];
  teams: {
    key: string;
    name: string;
    nameEn?: string;
    institution: string;
    institutionEn?: string;
    country: string;
    leader?: string;
    leaderTitle?: string;
    members?: Member[];
    contactEmail?: string;
  }[];
};
type SeedNeed = {
  ref: string;
  enterprise: string;
  title: string;
  titleEn?: string;
  field: string;
  background: string;
  targets: string[];
  bountyFen: number | null;
  applicationDeadline: string;
  implementationMonths: number;
  contactName: string;
  contactPhone: string;
  status: string;
  createdAt: string;
  submittedAt: string | null;
  publishedAt: string | null;
  code: string | null;
  reviewTrail?: { action: string; at: string; comment?: string; by?: string }[];
};
type SeedEvent = {
  key: string;
  name: string;
  nameEn?: string;
  industry: string;
  date: string;
  place: string;
  description: string;
  challenges: string[];
  matches: { challenge: string; team: string; matchedAt: string; note?: string }[];
};
type SeedContract = {
  code: string;
  challenge: string;
  team: string;
  application: {
    approach: string;
    schedule: string;
    budgetFen?: number | null;
    requestedFen?: number | null;
    submittedAt: string;
    members?: Member[];
  };
  otherApplicants?: { team: string; approach: string; submittedAt: string }[];
  offers?: { by: 'TEAM' | 'ENTERPRISE'; amountFen: number; at: string; note?: string }[];
  award: { proposedBy: string; proposedAt: string; approvedBy: string; approvedAt: string };
  rewardFen: number;
  rdInvestmentFen: number;
  signedAt: string;
  status: string;
  milestones: {
    title: string;
    dueDate: string;
    deliverables: string;
    shareBasisPoints: number;
    status: string;
    deliveredAt?: string | null;
    acceptedAt?: string | null;
    disbursement?: {
      status: string;
      amountFen: number;
      requestedAt: string;
      requestedBy: string;
      approvedAt: string;
      approvedBy: string;
      paidAt: string;
      bankReference: string;
    } | null;
  }[];
};
type SeedUser = {
  email: string;
  name: string;
  role: string;
  org: string;
  locale?: string;
  affiliation?: string;
};

export const DEMO_PASSWORD = 'Jiebang-Demo-2021!';

function day(value: string | null | undefined, what: string): Date {
  const d = value ? parseShanghaiDate(value) : null;
  if (!d) throw new Error(`seed: ${what} is not a YYYY-MM-DD date: ${String(value)}`);
  return d;
}
const dayOrNull = (value: string | null | undefined, what: string) =>
  value ? day(value, what) : null;

async function readJson<T>(dir: string, name: string): Promise<T> {
  return JSON.parse(await readFile(path.join(dir, name), 'utf8')) as T;
}

export type SeedReport = Record<
  'organizations' | 'users' | 'needs' | 'events' | 'contracts',
  number
>;

export async function seed(db: Db, dir = path.resolve('seeds')): Promise<SeedReport> {
  const [orgs, needs, events, contracts, users] = await Promise.all([
    readJson<SeedOrgs>(dir, 'organizations.json'),
    readJson<SeedNeed[]>(dir, 'needs.json'),
    readJson<SeedEvent[]>(dir, 'events.json'),
    readJson<SeedContract[]>(dir, 'contracts.json'),
    readJson<SeedUser[]>(dir, 'users.json'),
  ]);
  const created: SeedReport = { organizations: 0, users: 0, needs: 0, events: 0, contracts: 0 };

  // Organisations
  const orgRows = [
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
  const existingOrgs = new Set(
    (
      await db.organization.findMany({
        where: { seedKey: { not: null } },
        select: { seedKey: true },
      })
    ).map((o) => o.seedKey),
  );
  for (const row of orgRows) {
    if (existingOrgs.has(row.seedKey)) continue;
    await db.$transaction(async (tx) => {
      const org = await tx.organization.create({ data: row });
      await audit(tx, {
        actorId: null,
        action: 'seed.organization',
        entityType: 'Organization',
        entityId: org.id,
      });
    });
    created.organizations++;
  }
  const orgId = new Map(
    (
      await db.organization.findMany({
        where: { seedKey: { not: null } },
        select: { id: true, seedKey: true },
      })
    ).map((o) => [o.seedKey!, o.id]),
  );
  const org = (key: string) => {
    const id = orgId.get(key);
    if (!id) throw new Error(`seed: unknown organisation ${key}`);
    return id;
  };

  // Demo users
  const existingUsers = new Set(
    (await db.user.findMany({ select: { email: true } })).map((u) => u.email),
  );
  for (const u of users) {
    if (existingUsers.has(u.email)) continue;
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email: u.email,
          name: u.name,
          role: u.role,
          organizationId: org(u.org),
          passwordHash,
          locale: u.locale ?? 'zh',
          affiliation: u.affiliation ?? null,
        },
      });
      await audit(tx, {
        actorId: null,
        action: 'seed.user',
        entityType: 'User',
        entityId: user.id,
      });
    });
    created.users++;
  }
  const userId = new Map(
    (await db.user.findMany({ select: { id: true, email: true } })).map((u) => [u.email, u.id]),
  );
  const user = (email: string) => {
    const id = userId.get(email);
    if (!id) throw new Error(`seed: unknown user ${email}`);
    return id;
  };

  // Needs and challenges
  const enterpriseName = new Map(orgs.enterprises.map((e) => [e.key, e.name]));
  const existingNeeds = new Set(
    (await db.challenge.findMany({ select: { ref: true } })).map((c) => c.ref),
  );
  for (const n of needs) {
    if (existingNeeds.has(n.ref)) continue;
    if (!isNeedStatus(n.status))
      throw new Error(`seed: need ${n.ref} has unknown status ${n.status}`);
    await db.$transaction(async (tx) => {
      const c = await tx.challenge.create({
        data: {
          ref: n.ref,
          code: n.code,
          enterpriseId: org(n.enterprise),
          title: n.title,
          titleEn: n.titleEn,
          field: n.field,
          background: n.background,
          bountyType: n.bountyFen === null ? 'OPEN' : 'FIXED',
          bountyFen: n.bountyFen === null ? null : BigInt(n.bountyFen),
          applicationDeadline: day(n.applicationDeadline, `${n.ref}.applicationDeadline`),
          implementationMonths: n.implementationMonths,
          contactName: n.contactName,
          contactPhone: n.contactPhone,
          status: n.status,
          searchText: buildSearchText({ ...n, enterpriseName: enterpriseName.get(n.enterprise) }),
          createdAt: day(n.createdAt, `${n.ref}.createdAt`),
          submittedAt: dayOrNull(n.submittedAt, `${n.ref}.submittedAt`),
          publishedAt: dayOrNull(n.publishedAt, `${n.ref}.publishedAt`),
          targets: { create: n.targets.map((text, i) => ({ position: i + 1, text })) },
          reviews: {
            create: (n.reviewTrail ?? []).map((r) => ({
              action: r.action,
              comment: r.comment ?? null,
              at: day(r.at, `${n.ref}.reviewTrail`),
              actorId: r.by ? user(r.by) : null,
            })),
          },
        },
      });
      await audit(tx, {
        actorId: null,
        action: 'seed.need',
        entityType: 'Challenge',
        entityId: c.id,
        data: { ref: n.ref, status: n.status },
      });
    });
    created.needs++;
  }
  const challengeId = new Map(
    (
      await db.challenge.findMany({
        where: { code: { not: null } },
        select: { id: true, code: true },
      })
    ).map((c) => [c.code!, c.id]),
  );
  const challenge = (code: string) => {
    const id = challengeId.get(code);
    if (!id) throw new Error(`seed: unknown challenge ${code}`);
    return id;
  };

  // Matching events and the teams matched there
  const existingEvents = new Set(
    (await db.matchingEvent.findMany({ select: { slug: true } })).map((e) => e.slug),
  );
  for (const e of events) {
    if (existingEvents.has(e.key)) continue;
    await db.$transaction(async (tx) => {
      const ev = await tx.matchingEvent.create({
        data: {
          slug: e.key,
          name: e.name,
          nameEn: e.nameEn,
          industry: e.industry,
          date: day(e.date, `${e.key}.date`),
          place: e.place,
          description: e.description,
          challenges: { create: e.challenges.map((code) => ({ challengeId: challenge(code) })) },
          matches: {
            create: e.matches.map((m) => ({
              challengeId: challenge(m.challenge),
              teamId: org(m.team),
              matchedAt: day(m.matchedAt, `${e.key}.match`),
              note: m.note,
            })),
          },
        },
      });
      await audit(tx, {
        actorId: null,
        action: 'seed.event',
        entityType: 'MatchingEvent',
        entityId: ev.id,
      });
    });
    created.events++;
  }

  // Contracts, with the winning application, its approved award, milestones and payments
  const existingContracts = new Set(
    (await db.contract.findMany({ select: { code: true } })).map((c) => c.code),
  );
  for (const k of contracts) {
    if (existingContracts.has(k.code)) continue;
    const shares = k.milestones.map((m) => m.shareBasisPoints);
    const sharesCheck = validateMilestoneShares(shares);
    if (!sharesCheck.ok)
      throw new Error(`seed: contract ${k.code} milestone shares: ${JSON.stringify(sharesCheck)}`);
    const amounts = milestoneAmounts(k.rewardFen, shares);
    const challengeDbId = challenge(k.challenge);
    const ch = await db.challenge.findUniqueOrThrow({
      where: { id: challengeDbId },
      select: { enterpriseId: true },
    });
    await db.$transaction(async (tx) => {
      const submittedAt = day(k.application.submittedAt, `${k.code}.application`);
      const signedAt = day(k.signedAt, `${k.code}.signedAt`);
      const app = await tx.application.create({
        data: {
          challengeId: challengeDbId,
          teamId: org(k.team),
          status: 'AWARDED',
          active: true,
          approach: k.application.approach,
          schedule: k.application.schedule,
          budgetFen: k.application.budgetFen == null ? null : BigInt(k.application.budgetFen),
          requestedFen:
            k.application.requestedFen == null ? null : BigInt(k.application.requestedFen),
          membersJson: JSON.stringify(k.application.members ?? []),
          submittedAt,
          createdAt: submittedAt,
          decidedAt: signedAt,
        },
      });
      for (const other of k.otherApplicants ?? []) {
        const at = day(other.submittedAt, `${k.code}.otherApplicants`);
        await tx.application.create({
          data: {
            challengeId: challengeDbId,
            teamId: org(other.team),
            status: 'DECLINED',
            active: null,
            approach: other.approach,
            schedule: '',
            submittedAt: at,
            createdAt: at,
            decidedAt: signedAt,
          },
        });
      }
      for (const [i, o] of (k.offers ?? []).entries()) {
        await tx.offer.create({
          data: {
            challengeId: challengeDbId,
            applicationId: app.id,
            organizationId: o.by === 'TEAM' ? org(k.team) : ch.enterpriseId,
            side: o.by,
            amountFen: BigInt(o.amountFen),
            note: o.note,
            createdAt: day(o.at, `${k.code}.offers`),
            status: i === (k.offers ?? []).length - 1 ? 'ACCEPTED' : 'SUPERSEDED',
          },
        });
      }
      const award = await tx.award.create({
        data: {
          challengeId: challengeDbId,
          applicationId: app.id,
          status: 'APPROVED',
          slotNo: 1,
          proposedById: user(k.award.proposedBy),
          proposedAt: day(k.award.proposedAt, `${k.code}.award`),
          decidedById: user(k.award.approvedBy),
          decidedAt: day(k.award.approvedAt, `${k.code}.award`),
        },
      });
      const contract = await tx.contract.create({
        data: {
          code: k.code,
          challengeId: challengeDbId,
          awardId: award.id,
          enterpriseId: ch.enterpriseId,
          teamId: org(k.team),
          rewardFen: BigInt(k.rewardFen),
          rdInvestmentFen: BigInt(k.rdInvestmentFen),
          status: k.status,
          signedAt,
        },
      });
      // the ledger: the reward committed at signing, each payment approved and paid
      await ensureContractInLedger(tx, contract);
      for (const [i, m] of k.milestones.entries()) {
        const milestone = await tx.milestone.create({
          data: {
            contractId: contract.id,
            seq: i + 1,
            title: m.title,
            dueDate: day(m.dueDate, `${k.code}.milestone`),
            deliverables: m.deliverables,
            shareBp: m.shareBasisPoints,
            amountFen: BigInt(amounts[i]!),
            status: m.status,
            deliveredAt: dayOrNull(m.deliveredAt, `${k.code}.deliveredAt`),
            acceptedAt: dayOrNull(m.acceptedAt, `${k.code}.acceptedAt`),
            confirmedAt: dayOrNull(m.acceptedAt, `${k.code}.acceptedAt`),
          },
        });
        const d = m.disbursement;
        if (!d) continue;
        if (d.amountFen !== amounts[i])
          throw new Error(
            `seed: ${k.code} milestone ${i + 1} pays ${d.amountFen}, its share is ${amounts[i]}`,
          );
        const paidAt = day(d.paidAt, `${k.code}.paidAt`);
        const id = `seed-${k.code}-${i + 1}`;
        await tx.disbursement.create({
          data: {
            id,
            contractId: contract.id,
            milestoneId: milestone.id,
            amountFen: BigInt(d.amountFen),
            status: d.status,
            rail: 'BANK',
            idempotencyKey: idempotencyKeyFor(id, 1),
            requestedById: user(d.requestedBy),
            requestedAt: day(d.requestedAt, `${k.code}.requestedAt`),
            approvedById: user(d.approvedBy),
            approvedAt: day(d.approvedAt, `${k.code}.approvedAt`),
            paidAt,
            bankReference: d.bankReference,
            confirmedById: user(d.approvedBy),
          },
        });
        await postSeededPaymentJournals(tx, id);
      }
      await tx.challenge.update({ where: { id: challengeDbId }, data: { closedAt: signedAt } });
      await audit(tx, {
        actorId: null,
        action: 'seed.contract',
        entityType: 'Contract',
        entityId: contract.id,
        data: { code: k.code },
      });
    });
    created.contracts++;
  }

  // A database seeded before the ledger existed gets the journals of its seeded contracts and
  // payments now (each journal only if missing), so its ledger agrees with its records.
  for (const k of contracts) {
    if (!existingContracts.has(k.code)) continue;
    const c = await db.contract.findUnique({
      where: { code: k.code },
      select: { id: true, rewardFen: true, signedAt: true },
    });
    if (!c) continue;
    const seeded = await db.disbursement.findMany({
      where: { contractId: c.id, id: { startsWith: `seed-${k.code}-` } },
      select: { id: true },
    });
    await db.$transaction(async (tx) => {
      await lockContract(tx, c.id);
      const posted: string[] = [];
      if (await ensureContractInLedger(tx, c)) posted.push('signed');
      for (const d of seeded) posted.push(...(await postSeededPaymentJournals(tx, d.id)));
      if (posted.length > 0)
        await audit(tx, {
          actorId: null,
          action: 'seed.ledger',
          entityType: 'Contract',
          entityId: c.id,
          data: { code: k.code, journals: posted },
        });
    });
  }
  return created;
}

/**
 * The approval and payment journals of a seeded disbursement (its first attempt), dated as the
 * records are, each posted only if missing. Returns the journals it posted.
 */
async function postSeededPaymentJournals(tx: Tx, disbursementId: string): Promise<string[]> {
  const d = await tx.disbursement.findUniqueOrThrow({
    where: { id: disbursementId },
    select: {
      id: true,
      status: true,
      attempt: true,
      amountFen: true,
      contractId: true,
      approvedAt: true,
      paidAt: true,
      bankReference: true,
      contract: { select: { teamId: true } },
    },
  });
  if (d.attempt !== 1 || !['APPROVED', 'PAID'].includes(d.status)) return [];
  if (!(await isContractInLedger(tx, d.contractId))) return [];
  const facts = {
    contractId: d.contractId,
    teamId: d.contract.teamId,
    amountFen: toFen(d.amountFen),
  };
  const events = [
    {
      event: 'approved' as const,
      postings: disbursementApprovedJournal(facts),
      at: d.approvedAt,
      memo: 'approved',
    },
    ...(d.status === 'PAID'
      ? [
          {
            event: 'paid' as const,
            postings: disbursementPaidJournal(facts),
            at: d.paidAt,
            memo: `paid by BANK ${d.bankReference ?? ''}`.trim(),
          },
        ]
      : []),
  ];
  const posted: string[] = [];
  for (const e of events) {
    const journalId = disbursementJournalId(d.id, 1, e.event);
    if (await tx.ledgerEntry.findFirst({ where: { journalId }, select: { id: true } })) continue;
    await postJournal(tx, {
      journalId,
      postings: e.postings,
      contractId: d.contractId,
      disbursementId: d.id,
      memo: e.memo,
      at: e.at ?? undefined,
    });
    posted.push(journalId);
  }
  return posted;
}
