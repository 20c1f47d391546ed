/**
 * The public record of a challenge as an OCDS 1.1 release (docs/decisions/022-open-data-ocds.md).
 * One contracting process per published challenge: the challenge is the tender, each contract's
 * award is an award, each contract a contract whose implementation holds its milestones and the
 * instalments paid (transactions, each linked to the milestone it pays). Only what the public
 * pages show goes in: no contact person or phone, no person's name, no application, no award
 * that has no contract yet, nothing of a need that was never published.
 */
import { cnyValue } from './ocds-json';
import { applicationsCloseAt, type NeedStatus } from './need';

/** OCDS prefixes are registered as `ocds-` and six letters or digits. */
export const OCDS_PREFIX_PATTERN = /^ocds-[a-z0-9]{6}$/;
/** An unregistered placeholder: a real publisher registers its own prefix (OCDS_PREFIX). */
export const DEFAULT_OCDS_PREFIX = 'ocds-jiebng';

/** The prefix from the configuration: unset gives the default, anything malformed is refused. */
export function parseOcdsPrefix(value: string | undefined): string {
  if (value === undefined || value.trim() === '') return DEFAULT_OCDS_PREFIX;
  if (!OCDS_PREFIX_PATTERN.test(value)) {
    throw new Error(
      `OCDS_PREFIX must be a registered OCDS prefix: "ocds-" and six lower-case letters or digits, got "${value}"`,
    );
  }
  return value;
}

/** The extension that links a transaction to the milestone it pays. */
export const MILESTONE_LINK_EXTENSION =
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_transactions_relatedMilestone_extension/master/extension.json';

/** The organisation-identifier scheme of a 统一社会信用代码 (GB 32100-2015). */
export const USCC_SCHEME = 'CN-USCC';

export function ocidFor(prefix: string, challengeCode: string): string {
  return `${prefix}-${challengeCode}`;
}

// a challenge code as the platform writes them (ZB-2021-056); anything else is not looked up
const CODE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}[A-Za-z0-9])?$/;

/**
 * The challenge code a file name `<ocid>.json` names, or null for anything else (another
 * prefix, no `.json`, a code with characters no code has).
 */
export function challengeCodeOfFile(prefix: string, file: string): string | null {
  if (!file.endsWith('.json')) return null;
  const ocid = file.slice(0, -'.json'.length);
  if (!ocid.startsWith(`${prefix}-`)) return null;
  const code = ocid.slice(prefix.length + 1);
  return CODE.test(code) ? code : null;
}

export type OrgRecord = {
  /** the platform's own id: a party's id when it has no 统一社会信用代码 */
  id: string;
  name: string;
  nameEn: string | null;
  creditCode: string | null;
};

export type MilestoneRecord = {
  seq: number;
  title: string;
  dueDate: Date;
  /** PENDING | DELIVERED | ACCEPTED | REJECTED */
  status: string;
  acceptedAt: Date | null;
  /** the instalment paid for it (Disbursement status PAID), if any */
  payment: { amountFen: bigint; paidAt: Date | null } | null;
};

export type ContractRecord = {
  code: string;
  /** SIGNED | IN_PROGRESS | ACCEPTED | TERMINATED */
  status: string;
  signedAt: Date;
  acceptedAt: Date | null;
  terminatedAt: Date | null;
  rewardFen: bigint;
  /** when the award behind the contract was approved */
  awardedAt: Date | null;
  team: OrgRecord;
  milestones: MilestoneRecord[];
};

export type ProcessRecord = {
  code: string;
  title: string;
  titleEn: string | null;
  background: string;
  /** the status the public pages show (effectiveNeedStatus) */
  status: NeedStatus;
  bountyFen: bigint | null;
  publishedAt: Date;
  applicationDeadline: Date;
  /** set when the bureau closed applications before the deadline */
  closedEarlyAt: Date | null;
  targets: { text: string; textEn: string | null }[];
  enterprise: OrgRecord;
  bureau: OrgRecord | null;
  contracts: ContractRecord[];
};

const TENDER_STATUS: Partial<Record<NeedStatus, string>> = {
  PUBLISHED: 'active',
  // closed for applications, under expert review: the tender is still under way
  CLOSED: 'active',
  AWARDED: 'complete',
  COMPLETED: 'complete',
  TERMINATED: 'complete',
  UNAWARDED: 'unsuccessful',
};

export function tenderStatus(status: NeedStatus): string | null {
  return TENDER_STATUS[status] ?? null;
}

const CONTRACT_STATUS: Record<string, string> = {
  SIGNED: 'active',
  IN_PROGRESS: 'active',
  // OCDS "terminated": signed, in force, and now come to a close, completed or ended early
  ACCEPTED: 'terminated',
  TERMINATED: 'terminated',
};

export function contractStatus(status: string): string | null {
  return CONTRACT_STATUS[status] ?? null;
}

/** A milestone accepted is met; one whose delivery was rejected is not (yet) met. */
export function milestoneStatus(status: string): 'met' | 'notMet' | 'scheduled' {
  if (status === 'ACCEPTED') return 'met';
  if (status === 'REJECTED') return 'notMet';
  return 'scheduled';
}

export function partyId(prefix: string, org: OrgRecord): string {
  return org.creditCode ? `${USCC_SCHEME}-${org.creditCode}` : `${prefix}-org-${org.id}`;
}

const iso = (d: Date | null | undefined) => d?.toISOString();

/** The most recent of the dates a release reports: its `date`. */
export function releaseDate(p: ProcessRecord): Date {
  let latest = p.publishedAt;
  const see = (d: Date | null | undefined) => {
    if (d && d.getTime() > latest.getTime()) latest = d;
  };
  see(p.closedEarlyAt);
  for (const c of p.contracts) {
    [c.awardedAt, c.signedAt, c.acceptedAt, c.terminatedAt].forEach(see);
    for (const m of c.milestones) {
      see(m.acceptedAt);
      see(m.payment?.paidAt);
    }
  }
  return latest;
}

type Party = {
  id: string;
  name: string;
  name_en?: string;
  identifier?: { scheme: string; id: string; legalName: string };
  roles: string[];
};

/** The parties of a release, one per organisation, each with every role it plays. */
function partiesOf(prefix: string, p: ProcessRecord, paidTeams: Set<string>) {
  const parties = new Map<string, Party>();
  const add = (org: OrgRecord, roles: string[]) => {
    const id = partyId(prefix, org);
    const party = parties.get(id);
    if (party) {
      for (const role of roles) if (!party.roles.includes(role)) party.roles.push(role);
      return;
    }
    parties.set(id, {
      id,
      name: org.name,
      name_en: org.nameEn ?? undefined,
      identifier: org.creditCode
        ? { scheme: USCC_SCHEME, id: org.creditCode, legalName: org.name }
        : undefined,
      roles: [...roles],
    });
  };
  // the enterprise whose need this is, and which signs the contract with the team
  add(p.enterprise, ['buyer']);
  // the bureau runs the call, funds the reward and pays it
  if (p.bureau) add(p.bureau, ['procuringEntity', 'funder', 'payer']);
  for (const c of p.contracts) {
    add(c.team, paidTeams.has(c.team.id) ? ['supplier', 'payee'] : ['supplier']);
  }
  return [...parties.values()];
}

/** The OCDS release of one public contracting process. */
export function buildRelease(prefix: string, p: ProcessRecord) {
  const ocid = ocidFor(prefix, p.code);
  const date = releaseDate(p);
  const ref = (org: OrgRecord) => ({ id: partyId(prefix, org), name: org.name });
  const bureauRef = p.bureau ? ref(p.bureau) : undefined;
  const paidTeams = new Set(
    p.contracts.filter((c) => c.milestones.some((m) => m.payment)).map((c) => c.team.id),
  );
  const implemented = p.contracts.some((c) =>
    c.milestones.some((m) => m.status === 'ACCEPTED' || m.payment),
  );
  const tag = ['tender'];
  if (p.contracts.length > 0) tag.push('award', 'contract');
  if (implemented) tag.push('implementation');

  return {
    ocid,
    id: `${ocid}-${date.toISOString().replace(/[-:]|\.\d+/g, '')}`,
    date: date.toISOString(),
    tag,
    initiationType: 'tender',
    language: 'zh',
    parties: partiesOf(prefix, p, paidTeams),
    buyer: ref(p.enterprise),
    tender: {
      id: p.code,
      title: p.title,
      title_en: p.titleEn ?? undefined,
      description: p.background,
      status: tenderStatus(p.status) ?? undefined,
      procuringEntity: bureauRef,
      // an open bounty (不限定榜额) has no amount: it is agreed with the team
      value: p.bountyFen === null ? undefined : cnyValue(p.bountyFen),
      procurementMethod: 'open',
      mainProcurementCategory: 'services',
      tenderPeriod: {
        startDate: p.publishedAt.toISOString(),
        endDate: (p.closedEarlyAt ?? applicationsCloseAt(p.applicationDeadline)).toISOString(),
      },
      items: p.targets.map((t, i) => ({
        id: String(i + 1),
        description: t.text,
        description_en: t.textEn ?? undefined,
      })),
    },
    awards: p.contracts.map((c) => ({
      id: `${c.code}-award`,
      status: 'active',
      date: iso(c.awardedAt),
      value: cnyValue(c.rewardFen),
      suppliers: [ref(c.team)],
    })),
    contracts: p.contracts.map((c) => ({
      id: c.code,
      awardID: `${c.code}-award`,
      status: contractStatus(c.status) ?? undefined,
      dateSigned: c.signedAt.toISOString(),
      value: cnyValue(c.rewardFen),
      period: { startDate: c.signedAt.toISOString(), endDate: iso(c.acceptedAt ?? c.terminatedAt) },
      implementation: {
        milestones: c.milestones.map((m) => ({
          id: String(m.seq),
          title: m.title,
          type: 'delivery',
          dueDate: m.dueDate.toISOString(),
          status: milestoneStatus(m.status),
          dateMet: m.status === 'ACCEPTED' ? iso(m.acceptedAt) : undefined,
        })),
        transactions: c.milestones.flatMap((m) =>
          m.payment
            ? [
                {
                  id: `${c.code}-${m.seq}`,
                  date: iso(m.payment.paidAt),
                  value: cnyValue(m.payment.amountFen),
                  payer: bureauRef,
                  payee: ref(c.team),
                  relatedImplementationMilestone: { id: String(m.seq), title: m.title },
                },
              ]
            : [],
        ),
      },
    })),
  };
}

export type Release = ReturnType<typeof buildRelease>;

export type PackageMeta = {
  /** where this package is published (an absolute URL) */
  uri: string;
  /** the public origin, e.g. https://jiebang.example.gov.cn */
  origin: string;
  publisher: string;
};

/** The members of a release package that come before its releases. */
export function packageHead(meta: PackageMeta) {
  return {
    uri: meta.uri,
    version: '1.1',
    extensions: [MILESTONE_LINK_EXTENSION],
    publisher: { name: meta.publisher, uri: meta.origin },
    publicationPolicy: `${meta.origin}/open-data`,
  };
}
