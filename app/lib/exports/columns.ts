// The columns of each exported list, headed in the reader's language. Every amount is given
// twice: in 万元 for reading, and exactly in fen. Status values are written as the pages show
// them (translated). The services in app/services/exports/ read the rows.
import type { TFunction } from 'i18next';
import { pick, tKey } from '~/i18n/i18n';
import type { Cell, CellKind, Column } from './table';

type T = TFunction;

/** A header of the exports namespace. */
const col = (t: T, key: string) => tKey(t, `exports.col.${key}`);

/** The fields of a row that hold a V, so that a column can read the field its key names. */
type FieldOf<R, V> = { [K in keyof R]-?: R[K] extends V ? K : never }[keyof R] & string;

type ColumnMaker<R, V extends Cell> = {
  (key: FieldOf<R, V>): Column<R>;
  (key: string, value: (row: R) => V): Column<R>;
};

type LabelMaker<R> = {
  (key: FieldOf<R, string | null>, prefix: string): Column<R>;
  (key: string, prefix: string, value: (row: R) => string | null): Column<R>;
};

/**
 * The column makers of one list, bound to the reader's language and the list's row. A column
 * headed by the name of one of the row's fields reads that field unless given its own value.
 */
function columnsOf<R>(t: T) {
  const field = (key: string) => (row: R) => row[key as keyof R] as Cell;
  const maker =
    <V extends Cell>(kind: CellKind): ColumnMaker<R, V> =>
    (key: string, value?: (row: R) => V): Column<R> => ({
      header: col(t, key),
      kind,
      value: value ?? field(key),
    });
  return {
    text: maker<Cell>('text'),
    number: maker<number | null>('number'),
    day: maker<Date | string | null>('date'),
    moment: maker<Date | null>('datetime'),
    /** A status as the pages name it, from the translation of `prefix`.<status>. */
    label: ((key: string, prefix: string, value: (row: R) => Cell = field(key)): Column<R> => ({
      header: col(t, key),
      kind: 'text',
      value: (row: R) => {
        const v = value(row);
        return v === null ? null : tKey(t, `${prefix}.${String(v)}`);
      },
    })) as LabelMaker<R>,
    /** An amount: in 万元 for reading, then exactly in fen. */
    money(key: string, fen: (row: R) => number | null): Column<R>[] {
      const name = col(t, key);
      return [
        { header: tKey(t, 'exports.inWan', { label: name }), kind: 'wan', value: fen },
        { header: tKey(t, 'exports.inFen', { label: name }), kind: 'fen', value: fen },
      ];
    },
  };
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
  const c = columnsOf<CatalogueExportRow>(t);
  return [
    c.text('code'),
    c.text('title'),
    c.text('titleEn'),
    c.text('enterprise'),
    c.text('enterpriseEn'),
    c.label('field', 'fields'),
    c.label('bountyType', 'contractsDesk.bountyType'),
    ...c.money('bounty', (r) => r.bountyFen),
    c.day('deadline'),
    c.day('publishedAt'),
    c.label('status', 'status'),
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
  const c = columnsOf<ContractExportRow>(t);
  return [
    c.text('contractCode', (r) => r.code),
    c.text('code', (r) => r.challengeCode),
    c.text('title'),
    c.text('enterprise'),
    c.text('team'),
    ...c.money('reward', (r) => r.rewardFen),
    ...c.money('rdInvestment', (r) => r.rdInvestmentFen),
    ...c.money('paid', (r) => r.paidFen),
    c.day('signedAt'),
    c.number('milestones'),
    c.number('accepted'),
    c.label('status', 'status'),
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
  const c = columnsOf<ApplicationExportRow>(t);
  return [
    c.number('rank'),
    c.text('team'),
    c.text('teamEn'),
    c.text('institution'),
    c.label('status', 'applications.status'),
    c.day('submittedAt'),
    ...criteria.map((criterion, i): Column<ApplicationExportRow> => ({
      header: tKey(t, 'exports.criterion', {
        name: pick(locale, criterion.name, criterion.nameEn),
        weight: criterion.weight,
      }),
      kind: 'number',
      value: (r) => r.averages[i] ?? null,
    })),
    c.number('weighted'),
    c.number('reviewers'),
    c.number('recused'),
    c.text('assigned', (r) =>
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
  const c = columnsOf<InstalmentExportRow>(t);
  return [
    c.text('contractCode'),
    c.text('code', (r) => r.challengeCode),
    c.text('team'),
    c.number('seq'),
    c.text('milestone', (r) => r.title),
    c.day('dueDate'),
    c.number('share', (r) => r.shareBp / 100),
    ...c.money('amount', (r) => r.amountFen),
    c.label('milestoneStatus', 'status'),
    c.day('acceptedAt'),
    c.day('confirmedAt'),
    c.label('state', 'payments.status'),
    c.day('paidAt'),
    c.text('reference'),
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
  const c = columnsOf<PaymentExportRow>(t);
  return [
    c.text('contractCode'),
    c.number('seq'),
    c.text('milestone'),
    c.text('team'),
    ...c.money('amount', (r) => r.amountFen),
    c.label('state', 'payments.status', (r) => r.status),
    c.label('rail', 'payments.rail'),
    c.number('attempt'),
    c.text('requestedBy'),
    c.moment('requestedAt'),
    c.text('approvedBy'),
    c.moment('approvedAt'),
    c.day('paidAt'),
    c.text('reference'),
    c.text('failureReason'),
    c.moment('reversedAt'),
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
  const c = columnsOf<TechRegistrationExportRow>(t);
  return [
    c.text('registrationNo'),
    c.day('registeredOn'),
    c.label('techCategory', 'techRegistration.category', (r) => r.category),
    c.text('contractCode'),
    c.text('code', (r) => r.challengeCode),
    c.text('title'),
    c.text('enterprise'),
    c.text('team'),
    ...c.money('dealAmount', (r) => r.dealFen),
    ...c.money('transactionAmount', (r) => r.transactionFen),
    c.day('signedAt'),
  ];
}
