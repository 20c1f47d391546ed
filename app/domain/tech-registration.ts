/**
 * 技术合同认定登记: the registration of a 揭榜 contract as a technology contract with the
 * technology market's registration office, which the bureau records on the contract. What the
 * office registers: the contract's category (技术开发 / 技术转让 / 技术许可 / 技术咨询 /
 * 技术服务), its amount (成交额) and the part of it that is technology (技术交易额); what it
 * gives back: a registration number and the day it registered.
 *
 * - The bureau submits the registration (category and amounts); the office registers it (the
 *   bureau records the number and date) or refuses it (不予登记, with the reason); a refused one
 *   is corrected and submitted again. A registered one can be corrected by an admin only: it is
 *   the record the period's registration sheet reports.
 * - Amounts are positive integer fen, at most MAX_TECH_AMOUNT_FEN; the technology transaction
 *   amount is at most the deal amount.
 * - The registration number (1–40 letters, digits or dashes) and date belong to a registered
 *   contract and to no other: required once REGISTERED, refused before. The date is not after
 *   today and not before the contract was signed (both Shanghai days).
 */
import { lifecycle, type TransitionTable } from './lifecycle';
import { oneOf } from './one-of';
import { STAFF_ROLES, type Role } from './roles';
import { startOfShanghaiDay } from './shanghai-date';

export const TECH_CATEGORIES = [
  'DEVELOPMENT',
  'TRANSFER',
  'LICENSING',
  'CONSULTING',
  'SERVICE',
] as const;
export type TechCategory = (typeof TECH_CATEGORIES)[number];
export const isTechCategory = oneOf(TECH_CATEGORIES);

export const TECH_REGISTRATION_STATUSES = [
  'UNREGISTERED',
  'SUBMITTED',
  'REGISTERED',
  'REJECTED',
] as const;
export type TechRegistrationStatus = (typeof TECH_REGISTRATION_STATUSES)[number];
export const isTechRegistrationStatus = oneOf(TECH_REGISTRATION_STATUSES);

export const TECH_REGISTRATION_ACTIONS = [
  'submit',
  'register',
  'reject',
  'resubmit',
  'amend',
] as const;
export type TechRegistrationAction = (typeof TECH_REGISTRATION_ACTIONS)[number];
export const isTechRegistrationAction = oneOf(TECH_REGISTRATION_ACTIONS);

export const TECH_REGISTRATION_TRANSITIONS: TransitionTable<
  TechRegistrationStatus,
  TechRegistrationAction,
  Role
> = {
  UNREGISTERED: {
    submit: { to: 'SUBMITTED', by: STAFF_ROLES },
  },
  SUBMITTED: {
    register: { to: 'REGISTERED', by: STAFF_ROLES },
    reject: { to: 'REJECTED', by: STAFF_ROLES },
  },
  REJECTED: {
    // its own name, so that the trail tells a second submission from the first
    resubmit: { to: 'SUBMITTED', by: STAFF_ROLES },
  },
  REGISTERED: {
    // the registered figures are what the sheet reports: correcting them takes an admin
    amend: { to: 'REGISTERED', by: ['ADMIN'] },
  },
};

export const { transition: transitionTechRegistration, allowed: allowedTechRegistrationActions } =
  lifecycle(TECH_REGISTRATION_TRANSITIONS);

/** 500 亿元: beyond any contract of the programme, so a larger figure is a typing slip. */
export const MAX_TECH_AMOUNT_FEN = 5_000_000 * 1_000_000;

export const REGISTRATION_NO_MAX_LENGTH = 40;
const REGISTRATION_NO = /^[0-9A-Za-z-]{1,40}$/;

/** The form's fields, which are also where a refusal points. */
export type TechRegistrationField =
  'category' | 'dealAmount' | 'transactionAmount' | 'registrationNo' | 'registeredOn';

export type TechRegistrationError =
  | 'category'
  | 'amountRequired'
  | 'amountInvalid'
  | 'amountPositive'
  | 'amountTooLarge'
  | 'aboveDeal'
  | 'numberRequired'
  | 'numberFormat'
  | 'numberNotYet'
  | 'dateRequired'
  | 'dateInFuture'
  | 'dateBeforeSigning'
  | 'dateNotYet';

export type TechRegistrationProblem = {
  field: TechRegistrationField;
  error: TechRegistrationError;
};

/** What is recorded; null where the form left it empty. */
export type TechRegistrationFacts = {
  category: string | null;
  dealFen: number | null;
  transactionFen: number | null;
  registrationNo: string | null;
  registeredOn: Date | null;
};

function amountError(fen: number | null): TechRegistrationError | null {
  if (fen === null) return 'amountRequired';
  if (typeof fen !== 'number' || !Number.isInteger(fen)) return 'amountInvalid';
  if (fen <= 0) return 'amountPositive';
  if (fen > MAX_TECH_AMOUNT_FEN) return 'amountTooLarge';
  return null;
}

/**
 * Everything wrong with `facts` for a registration in status `status` (the status the action
 * reaches), one problem per field at most, in the form's order; [] when it may be recorded.
 * `signedAt` is the contract's signing day (null: not known here, the check is left to whoever
 * knows it); `now` decides what "in the future" means.
 */
export function checkTechRegistration(
  facts: TechRegistrationFacts,
  opts: { status: TechRegistrationStatus; signedAt: Date | null; now: Date },
): TechRegistrationProblem[] {
  const problems: TechRegistrationProblem[] = [];
  const add = (field: TechRegistrationField, error: TechRegistrationError | null) => {
    if (error) problems.push({ field, error });
  };
  add('category', isTechCategory(facts.category) ? null : 'category');
  const deal = amountError(facts.dealFen);
  add('dealAmount', deal);
  add(
    'transactionAmount',
    amountError(facts.transactionFen) ??
      (!deal && (facts.transactionFen as number) > (facts.dealFen as number) ? 'aboveDeal' : null),
  );

  const registered = opts.status === 'REGISTERED';
  const no = facts.registrationNo;
  add(
    'registrationNo',
    !registered
      ? no === null
        ? null
        : 'numberNotYet'
      : no === null || no === ''
        ? 'numberRequired'
        : typeof no !== 'string' || !REGISTRATION_NO.test(no)
          ? 'numberFormat'
          : null,
  );
  add(
    'registeredOn',
    registered
      ? dateError(facts.registeredOn, opts)
      : facts.registeredOn === null
        ? null
        : 'dateNotYet',
  );
  return problems;
}

function dateError(
  day: Date | null,
  opts: { signedAt: Date | null; now: Date },
): TechRegistrationError | null {
  if (!(day instanceof Date) || Number.isNaN(day.getTime())) return 'dateRequired';
  if (day.getTime() > startOfShanghaiDay(opts.now).getTime()) return 'dateInFuture';
  if (opts.signedAt && day.getTime() < startOfShanghaiDay(opts.signedAt).getTime())
    return 'dateBeforeSigning';
  return null;
}
