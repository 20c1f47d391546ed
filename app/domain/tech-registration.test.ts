import { describe, expect, it } from 'vitest';
import { CONTRACT_INTENT_ROLES } from './contract-rules';
import { describeTransitionTable, type ExpectedEdge } from './lifecycle.testkit';
import { ROLES, type Role } from './roles';
import { parseShanghaiDate } from './shanghai-date';
import {
  allowedTechRegistrationActions,
  checkTechRegistration,
  isTechCategory,
  isTechRegistrationStatus,
  MAX_TECH_AMOUNT_FEN,
  TECH_CATEGORIES,
  TECH_REGISTRATION_ACTIONS,
  TECH_REGISTRATION_STATUSES,
  TECH_REGISTRATION_TRANSITIONS,
  transitionTechRegistration,
  type TechRegistrationAction,
  type TechRegistrationFacts,
  type TechRegistrationStatus,
} from './tech-registration';

const STAFF = ['REVIEWER', 'ADMIN'] as const;

const expected: ExpectedEdge<TechRegistrationStatus, TechRegistrationAction, Role>[] = [
  ['UNREGISTERED', 'submit', 'SUBMITTED', STAFF],
  ['SUBMITTED', 'register', 'REGISTERED', STAFF],
  ['SUBMITTED', 'reject', 'REJECTED', STAFF],
  ['REJECTED', 'resubmit', 'SUBMITTED', STAFF],
  ['REGISTERED', 'amend', 'REGISTERED', ['ADMIN']],
];

describeTransitionTable({
  name: 'technology contract registration',
  table: TECH_REGISTRATION_TRANSITIONS,
  states: TECH_REGISTRATION_STATUSES,
  actions: TECH_REGISTRATION_ACTIONS,
  expected,
  move: transitionTechRegistration,
  allowed: allowedTechRegistrationActions,
  journeys: {
    'is submitted, refused, submitted again, registered and corrected':
      'UNREGISTERED --submit/REVIEWER--> SUBMITTED --reject/REVIEWER--> REJECTED ' +
      '--resubmit/ADMIN--> SUBMITTED --register/REVIEWER--> REGISTERED ' +
      '--amend/ADMIN--> REGISTERED',
  },
});

describe('categories and statuses', () => {
  it('lets every role the table offers a step send the contract page’s form, and no other', () => {
    const offered = new Set(
      ROLES.filter((role) =>
        TECH_REGISTRATION_STATUSES.some((s) => allowedTechRegistrationActions(s, role).length > 0),
      ),
    );
    expect([...CONTRACT_INTENT_ROLES.techRegistration].sort()).toEqual([...offered].sort());
  });

  it('recognises categories and statuses from untrusted input', () => {
    expect(TECH_CATEGORIES).toEqual([
      'DEVELOPMENT',
      'TRANSFER',
      'LICENSING',
      'CONSULTING',
      'SERVICE',
    ]);
    expect(isTechCategory('LICENSING')).toBe(true);
    for (const bad of ['licensing', '技术开发', '', 'constructor', null, 3])
      expect(isTechCategory(bad)).toBe(false);
    expect(isTechRegistrationStatus('REJECTED')).toBe(true);
    expect(isTechRegistrationStatus('__proto__')).toBe(false);
  });
});

describe('checkTechRegistration', () => {
  const day = (s: string) => parseShanghaiDate(s)!;
  const now = new Date('2026-12-06T05:00:00Z'); // 13:00 in Shanghai on 6 December
  const signedAt = day('2026-03-01');
  const submitted: TechRegistrationFacts = {
    category: 'DEVELOPMENT',
    dealFen: 12_000_000_000,
    transactionFen: 9_000_000_000,
    registrationNo: null,
    registeredOn: null,
  };
  const registered = {
    ...submitted,
    registrationNo: '2026370303000123',
    registeredOn: day('2026-12-06'),
  };
  const check = (
    facts: Partial<TechRegistrationFacts>,
    status: TechRegistrationStatus = 'SUBMITTED',
  ) =>
    checkTechRegistration(
      { ...(status === 'REGISTERED' ? registered : submitted), ...facts },
      { status, signedAt, now },
    );

  it('accepts a complete submission and a complete registration', () => {
    expect(check({})).toEqual([]);
    expect(check({}, 'REGISTERED')).toEqual([]);
    // the whole amount may be technology; one fen is an amount; the limit is allowed
    expect(check({ transactionFen: 12_000_000_000 })).toEqual([]);
    expect(check({ dealFen: 1, transactionFen: 1 })).toEqual([]);
    expect(check({ dealFen: MAX_TECH_AMOUNT_FEN, transactionFen: MAX_TECH_AMOUNT_FEN })).toEqual(
      [],
    );
    // registered on the signing day, or today
    expect(check({ registeredOn: signedAt }, 'REGISTERED')).toEqual([]);
    expect(check({ registrationNo: 'A-1', registeredOn: day('2026-12-06') }, 'REGISTERED')).toEqual(
      [],
    );
  });

  it('refuses a category that is not one of the five', () => {
    for (const category of [null, '', 'OTHER', 'development', '技术开发'])
      expect(check({ category })).toEqual([{ field: 'category', error: 'category' }]);
  });

  it.each([
    [null, 'amountRequired'],
    [0, 'amountPositive'],
    [-1, 'amountPositive'],
    [1.5, 'amountInvalid'],
    [Number.NaN, 'amountInvalid'],
    [Number.POSITIVE_INFINITY, 'amountInvalid'],
    [MAX_TECH_AMOUNT_FEN + 1, 'amountTooLarge'],
    [1e30, 'amountTooLarge'],
  ] as const)('refuses the amount %s: %s', (fen, error) => {
    expect(check({ dealFen: fen, transactionFen: 1 })).toEqual([{ field: 'dealAmount', error }]);
    expect(check({ transactionFen: fen })).toEqual([{ field: 'transactionAmount', error }]);
  });

  it('keeps the technology transaction amount within the deal amount', () => {
    expect(check({ transactionFen: 12_000_000_001 })).toEqual([
      { field: 'transactionAmount', error: 'aboveDeal' },
    ]);
    // a wrong deal amount is reported on its own field, not as the other's excess
    expect(check({ dealFen: -5, transactionFen: 3 })).toEqual([
      { field: 'dealAmount', error: 'amountPositive' },
    ]);
  });

  it('wants the number and date once registered, in their format', () => {
    expect(check({ registrationNo: null, registeredOn: null }, 'REGISTERED')).toEqual([
      { field: 'registrationNo', error: 'numberRequired' },
      { field: 'registeredOn', error: 'dateRequired' },
    ]);
    for (const registrationNo of ['', 'a'.repeat(41), '2026 001', '2026/001', '登记号', 'x\u0000'])
      expect(check({ registrationNo }, 'REGISTERED')[0]?.field).toBe('registrationNo');
    expect(check({ registrationNo: 'a'.repeat(40) }, 'REGISTERED')).toEqual([]);
    expect(check({ registeredOn: new Date(Number.NaN) }, 'REGISTERED')).toEqual([
      { field: 'registeredOn', error: 'dateRequired' },
    ]);
  });

  it('dates a registration between the signing and today', () => {
    expect(check({ registeredOn: day('2026-12-07') }, 'REGISTERED')).toEqual([
      { field: 'registeredOn', error: 'dateInFuture' },
    ]);
    expect(check({ registeredOn: day('2026-02-28') }, 'REGISTERED')).toEqual([
      { field: 'registeredOn', error: 'dateBeforeSigning' },
    ]);
    // without the signing day only the future is checked
    expect(
      checkTechRegistration(
        { ...registered, registeredOn: day('2000-01-01') },
        { status: 'REGISTERED', signedAt: null, now },
      ),
    ).toEqual([]);
  });

  it('refuses a number or date before the office has registered the contract', () => {
    expect(check({ registrationNo: '2026001', registeredOn: day('2026-12-01') })).toEqual([
      { field: 'registrationNo', error: 'numberNotYet' },
      { field: 'registeredOn', error: 'dateNotYet' },
    ]);
    expect(check({ registrationNo: '2026001' }, 'REJECTED')).toEqual([
      { field: 'registrationNo', error: 'numberNotYet' },
    ]);
  });

  it('reports every field at fault, in the form’s order', () => {
    expect(
      check(
        { category: 'X', dealFen: 0, transactionFen: -1, registrationNo: '', registeredOn: null },
        'REGISTERED',
      ).map((p) => p.field),
    ).toEqual(['category', 'dealAmount', 'transactionAmount', 'registrationNo', 'registeredOn']);
  });
});
