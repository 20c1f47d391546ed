// The columns of each exported list, headed in the reader's language. Every amount is given
// twice: in 万元 for reading, and exactly in fen. Status values are written as the pages show
// them (translated). The services in app/services/exports/ read the rows.
import type { TFunction } from 'i18next';
import { tKey } from '~/i18n/i18n';
import type { Cell, Column } from './table';

type T = TFunction;

/** A header of the exports namespace. */
const col = (t: T, key: string) => tKey(t, `exports.col.${key}`);

/** A column of text, the header named by its key in exports.col. */
function text<R>(t: T, key: string, value: (row: R) => Cell): Column<R> {
  return { header: col(t, key), kind: 'text', value };
}

function number<R>(t: T, key: string, value: (row: R) => number | null): Column<R> {
  return { header: col(t, key), kind: 'number', value };
}

function day<R>(t: T, key: string, value: (row: R) => Date | string | null): Column<R> {
  return { header: col(t, key), kind: 'date', value };
}

/** A status as the pages name it, from the translation of `prefix`.<status>. */
function label<R>(t: T, key: string, prefix: string, value: (row: R) => string | null) {
  return text<R>(t, key, (r) => {
    const v = value(r);
    return v === null ? null : tKey(t, `${prefix}.${v}`);
  });
}

/** An amount: in 万元 for reading, then exactly in fen. */
function money<R>(t: T, key: string, fen: (row: R) => number | null): Column<R>[] {
  const name = col(t, key);
  return [
    { header: tKey(t, 'exports.inWan', { label: name }), kind: 'wan', value: fen },
    { header: tKey(t, 'exports.inFen', { label: name }), kind: 'fen', value: fen },
  ];
}

// ---- the public catalogue -------------------------------------------------------------------

export type CatalogueExportRow = {
  code: string;
  title: string;
  titleEn: string | null;
  enterprise: string;
  enterpriseEn: string | null;
  field: string;
  bountyType: string;
  bountyFen: number | null;
  deadline: Date;
  publishedAt: Date | null;
  /** as the catalogue shows it (effectiveNeedStatus) */
  status: string;
};

export function catalogueColumns(t: T): Column<CatalogueExportRow>[] {
  return [
    text(t, 'code', (r) => r.code),
    text(t, 'title', (r) => r.title),
    text(t, 'titleEn', (r) => r.titleEn),
    text(t, 'enterprise', (r) => r.enterprise),
    text(t, 'enterpriseEn', (r) => r.enterpriseEn),
    label(t, 'field', 'fields', (r) => r.field),
    label(t, 'bountyType', 'contractsDesk.bountyType', (r) => r.bountyType),
    ...money(t, 'bounty', (r: CatalogueExportRow) => r.bountyFen),
    day(t, 'deadline', (r) => r.deadline),
    day(t, 'publishedAt', (r) => r.publishedAt),
    label(t, 'status', 'status', (r) => r.status),
  ];
}

// ---- the bureau's lists ---------------------------------------------------------------------

export type ContractExportRow = {
  code: string;
  challengeCode: string | null;
  title: string;
  enterprise: string;
  team: string;
  rewardFen: number;
  rdInvestmentFen: number;
  paidFen: number;
  signedAt: Date;
  milestones: number;
  accepted: number;
  status: string;
};

export function contractColumns(t: T): Column<ContractExportRow>[] {
  return [
    text(t, 'contractCode', (r) => r.code),
    text(t, 'code', (r) => r.challengeCode),
    text(t, 'title', (r) => r.title),
    text(t, 'enterprise', (r) => r.enterprise),
    text(t, 'team', (r) => r.team),
    ...money(t, 'reward', (r: ContractExportRow) => r.rewardFen),
    ...money(t, 'rdInvestment', (r: ContractExportRow) => r.rdInvestmentFen),
    ...money(t, 'paid', (r: ContractExportRow) => r.paidFen),
    day(t, 'signedAt', (r) => r.signedAt),
    number(t, 'milestones', (r) => r.milestones),
    number(t, 'accepted', (r) => r.accepted),
    label(t, 'status', 'status', (r) => r.status),
  ];
}

/** A ranked application of one challenge, as the evaluation desk lists it. */
export type ApplicationExportRow = {
  rank: number | null;
  team: string;
  teamEn: string | null;
  institution: string | null;
  status: string;
  submittedAt: string | null;
  /** one per criterion, in the criteria's order */
  averages: (number | null)[];
  weighted: number | null;
  reviewers: number;
  recused: number;
  assignments: { reviewer: string }[];
};

export function applicationColumns(
  t: T,
  criteria: readonly { name: string; nameEn: string | null; weight: number }[],
  locale: 'zh' | 'en',
): Column<ApplicationExportRow>[] {
  return [
    number(t, 'rank', (r) => r.rank),
    text(t, 'team', (r) => r.team),
    text(t, 'teamEn', (r) => r.teamEn),
    text(t, 'institution', (r) => r.institution),
    label(t, 'status', 'applications.status', (r) => r.status),
    day(t, 'submittedAt', (r) => r.submittedAt),
    ...criteria.map((c, i): Column<ApplicationExportRow> => ({
      header: tKey(t, 'exports.criterion', {
        name: locale === 'en' && c.nameEn ? c.nameEn : c.name,
        weight: c.weight,
      }),
      kind: 'number',
      value: (r) => r.averages[i] ?? null,
    })),
    number(t, 'weighted', (r) => r.weighted),
    number(t, 'reviewers', (r) => r.reviewers),
    number(t, 'recused', (r) => r.recused),
    text(t, 'assigned', (r) =>
      r.assignments.map((a) => a.reviewer).join(locale === 'zh' ? '、' : ', '),
    ),
  ];
}

/** A contract's instalment (one milestone's share of the reward) and how far its payment is. */
export type InstalmentExportRow = {
  contractCode: string;
  challengeCode: string | null;
  team: string;
  seq: number;
  title: string;
  dueDate: Date;
  shareBp: number;
  amountFen: number;
  milestoneStatus: string;
  acceptedAt: Date | null;
  confirmedAt: Date | null;
  /** instalmentState() */
  state: string;
  paidAt: Date | null;
  reference: string | null;
};

export function instalmentColumns(t: T): Column<InstalmentExportRow>[] {
  return [
    text(t, 'contractCode', (r) => r.contractCode),
    text(t, 'code', (r) => r.challengeCode),
    text(t, 'team', (r) => r.team),
    number(t, 'seq', (r) => r.seq),
    text(t, 'milestone', (r) => r.title),
    day(t, 'dueDate', (r) => r.dueDate),
    number(t, 'share', (r) => r.shareBp / 100),
    ...money(t, 'amount', (r: InstalmentExportRow) => r.amountFen),
    label(t, 'milestoneStatus', 'status', (r) => r.milestoneStatus),
    day(t, 'acceptedAt', (r) => r.acceptedAt),
    day(t, 'confirmedAt', (r) => r.confirmedAt),
    label(t, 'state', 'payments.status', (r) => r.state),
    day(t, 'paidAt', (r) => r.paidAt),
    text(t, 'reference', (r) => r.reference),
  ];
}

/** A payment of an instalment (a disbursement), with who requested and approved it. */
export type PaymentExportRow = {
  contractCode: string;
  seq: number;
  milestone: string;
  team: string;
  amountFen: number;
  status: string;
  rail: string;
  attempt: number;
  requestedBy: string | null;
  requestedAt: Date;
  approvedBy: string | null;
  approvedAt: Date | null;
  paidAt: Date | null;
  reference: string | null;
  failureReason: string | null;
  reversedAt: Date | null;
};

export function paymentColumns(t: T): Column<PaymentExportRow>[] {
  const moment = (key: string, value: (r: PaymentExportRow) => Date | null) =>
    ({ header: col(t, key), kind: 'datetime', value }) as Column<PaymentExportRow>;
  return [
    text(t, 'contractCode', (r) => r.contractCode),
    number(t, 'seq', (r) => r.seq),
    text(t, 'milestone', (r) => r.milestone),
    text(t, 'team', (r) => r.team),
    ...money(t, 'amount', (r: PaymentExportRow) => r.amountFen),
    label(t, 'state', 'payments.status', (r) => r.status),
    label(t, 'rail', 'payments.rail', (r) => r.rail),
    number(t, 'attempt', (r) => r.attempt),
    text(t, 'requestedBy', (r) => r.requestedBy),
    moment('requestedAt', (r) => r.requestedAt),
    text(t, 'approvedBy', (r) => r.approvedBy),
    moment('approvedAt', (r) => r.approvedAt),
    day(t, 'paidAt', (r) => r.paidAt),
    text(t, 'reference', (r) => r.reference),
    text(t, 'failureReason', (r) => r.failureReason),
    moment('reversedAt', (r) => r.reversedAt),
  ];
}

/** A contract registered as a technology contract (技术合同认定登记), as the period's sheet lists it. */
export type TechRegistrationExportRow = {
  registrationNo: string | null;
  registeredOn: Date | null;
  category: string;
  contractCode: string;
  challengeCode: string | null;
  title: string;
  enterprise: string;
  team: string;
  dealFen: number;
  transactionFen: number;
  signedAt: Date;
};

export function techRegistrationColumns(t: T): Column<TechRegistrationExportRow>[] {
  return [
    text(t, 'registrationNo', (r) => r.registrationNo),
    day(t, 'registeredOn', (r) => r.registeredOn),
    label(t, 'techCategory', 'techRegistration.category', (r) => r.category),
    text(t, 'contractCode', (r) => r.contractCode),
    text(t, 'code', (r) => r.challengeCode),
    text(t, 'title', (r) => r.title),
    text(t, 'enterprise', (r) => r.enterprise),
    text(t, 'team', (r) => r.team),
    ...money(t, 'dealAmount', (r: TechRegistrationExportRow) => r.dealFen),
    ...money(t, 'transactionAmount', (r: TechRegistrationExportRow) => r.transactionFen),
    day(t, 'signedAt', (r) => r.signedAt),
  ];
}
