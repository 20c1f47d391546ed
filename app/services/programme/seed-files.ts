// The seed files (seeds/*.json) as the loaders read them, and the few helpers they share.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseShanghaiDate } from '~/domain/shanghai-date';

/** The password of every demo account (documented in the README). */
export const DEMO_PASSWORD = 'Jiebang-Demo-2021!';

export type Member = { name: string; role: string };
export type SeedOrgs = {
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
export type SeedNeed = {
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
export type SeedEvent = {
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
export type SeedContract = {
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
export type SeedUser = {
  email: string;
  name: string;
  role: string;
  org: string;
  locale?: string;
  affiliation?: string;
};

export type SeedFiles = {
  orgs: SeedOrgs;
  needs: SeedNeed[];
  events: SeedEvent[];
  contracts: SeedContract[];
  users: SeedUser[];
};

export async function readSeedFiles(dir: string): Promise<SeedFiles> {
  const [orgs, needs, events, contracts, users] = await Promise.all([
    readJson<SeedOrgs>(dir, 'organizations.json'),
    readJson<SeedNeed[]>(dir, 'needs.json'),
    readJson<SeedEvent[]>(dir, 'events.json'),
    readJson<SeedContract[]>(dir, 'contracts.json'),
    readJson<SeedUser[]>(dir, 'users.json'),
  ]);
  return { orgs, needs, events, contracts, users };
}

export function day(value: string | null | undefined, what: string): Date {
  const d = value ? parseShanghaiDate(value) : null;
  if (!d) throw new Error(`seed: ${what} is not a YYYY-MM-DD date: ${String(value)}`);
  return d;
}
export const dayOrNull = (value: string | null | undefined, what: string) =>
  value ? day(value, what) : null;

async function readJson<T>(dir: string, name: string): Promise<T> {
  return JSON.parse(await readFile(path.join(dir, name), 'utf8')) as T;
}

/** Database ids by natural key (seed key, e-mail, challenge code); an unknown key is an error. */
export type Lookup = (key: string) => string;

export function lookup(what: string, rows: [string, string][]): Lookup {
  const ids = new Map(rows);
  return (key) => {
    const id = ids.get(key);
    if (!id) throw new Error(`seed: unknown ${what} ${key}`);
    return id;
  };
}
