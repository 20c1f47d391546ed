import { describe, expect, it } from 'vitest';
import {
  allowedDisbursementActions,
  assertWithinReward,
  availableFen,
  DISBURSEMENT_ACTIONS,
  DISBURSEMENT_REQUESTER_ROLES,
  DISBURSEMENT_STATUSES,
  DISBURSEMENT_TRANSITIONS,
  idempotencyKeyFor,
  IN_FLIGHT_STATUSES,
  instalmentState,
  isDisbursementStatus,
  isInFlight,
  OverpaymentError,
  PAID_STATUSES,
  paymentActionsFor,
  transitionDisbursement,
} from './disbursement';
import { describeTransitionTable } from './lifecycle.testkit';

describeTransitionTable({
  name: 'disbursement',
  table: DISBURSEMENT_TRANSITIONS,
  states: DISBURSEMENT_STATUSES,
  actions: DISBURSEMENT_ACTIONS,
  expected: [
    ['REQUESTED', 'approve', 'APPROVED', ['ADMIN']],
    ['APPROVED', 'pay', 'PAID', ['SYSTEM', 'ADMIN']],
    ['APPROVED', 'fail', 'FAILED', ['SYSTEM', 'ADMIN']],
    ['APPROVED', 'reverse', 'REVERSED', ['SYSTEM']],
    ['FAILED', 'retry', 'REQUESTED', ['REVIEWER']],
    ['PAID', 'reverse', 'REVERSED', ['SYSTEM', 'ADMIN']],
    ['PAID', 'fail', 'FAILED', ['SYSTEM']],
    ['REVERSED', 'fail', 'FAILED', ['SYSTEM']],
  ],
  move: transitionDisbursement,
  allowed: allowedDisbursementActions,
  journeys: {
    'walks request → approve → fail → retry → approve → pay → reverse':
      'REQUESTED --approve/ADMIN--> APPROVED --fail/SYSTEM--> FAILED ' +
      '--retry/REVIEWER--> REQUESTED --approve/ADMIN--> APPROVED --pay/SYSTEM--> PAID ' +
      '--reverse/ADMIN--> REVERSED',
  },
});

describe('disbursement lifecycle helpers', () => {
  it('groups statuses for the reward check', () => {
    expect([...IN_FLIGHT_STATUSES]).toEqual(['REQUESTED', 'APPROVED']);
    expect([...PAID_STATUSES]).toEqual(['PAID']);
    expect(DISBURSEMENT_STATUSES.filter(isInFlight)).toEqual(['REQUESTED', 'APPROVED']);
    expect([...DISBURSEMENT_REQUESTER_ROLES]).toEqual(['REVIEWER']);
    expect(isDisbursementStatus('FAILED')).toBe(true);
    expect(isDisbursementStatus('DELETED')).toBe(false);
  });
});

describe('assertWithinReward', () => {
  const catchError = (fn: () => void): unknown => {
    try {
      fn();
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('allows up to exactly the reward', () => {
    expect(() =>
      assertWithinReward({ rewardFen: 1000, paidFen: 0, inFlightFen: 0, amountFen: 1000 }),
    ).not.toThrow();
    expect(() =>
      assertWithinReward({ rewardFen: 1000, paidFen: 400, inFlightFen: 300, amountFen: 300 }),
    ).not.toThrow();
  });

  it('throws OverpaymentError one fen over, counting money in flight', () => {
    const error = catchError(() =>
      assertWithinReward({ rewardFen: 1000, paidFen: 400, inFlightFen: 300, amountFen: 301 }),
    );
    expect(error).toBeInstanceOf(OverpaymentError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      code: 'OVERPAYMENT',
      rewardFen: 1000,
      paidFen: 400,
      inFlightFen: 300,
      amountFen: 301,
      availableFen: 300,
    });
    expect(
      catchError(() =>
        assertWithinReward({ rewardFen: 1000, paidFen: 0, inFlightFen: 1000, amountFen: 1 }),
      ),
    ).toBeInstanceOf(OverpaymentError);
  });

  it('reports zero available when already over-committed', () => {
    const error = catchError(() =>
      assertWithinReward({ rewardFen: 100, paidFen: 150, inFlightFen: 0, amountFen: 1 }),
    );
    expect(error).toMatchObject({ availableFen: 0 });
  });

  it('compares exactly near the safe integer limit', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(() =>
      assertWithinReward({ rewardFen: max, paidFen: max - 1, inFlightFen: 0, amountFen: 1 }),
    ).not.toThrow();
    expect(
      catchError(() =>
        assertWithinReward({ rewardFen: max, paidFen: max - 1, inFlightFen: 1, amountFen: 1 }),
      ),
    ).toBeInstanceOf(OverpaymentError);
    // In doubles max + max + 1 rounds, but the check must still see it as over.
    expect(
      catchError(() =>
        assertWithinReward({ rewardFen: max, paidFen: max, inFlightFen: max, amountFen: 1 }),
      ),
    ).toBeInstanceOf(OverpaymentError);
  });

  it('refuses zero, negative and non-integer amounts', () => {
    expect(() =>
      assertWithinReward({ rewardFen: 100, paidFen: 0, inFlightFen: 0, amountFen: 0 }),
    ).toThrow(RangeError);
    expect(() =>
      assertWithinReward({ rewardFen: 100, paidFen: 0, inFlightFen: 0, amountFen: -1 }),
    ).toThrow(RangeError);
    expect(() =>
      assertWithinReward({ rewardFen: 100, paidFen: 0, inFlightFen: 0, amountFen: 1.5 }),
    ).toThrow(RangeError);
    expect(() =>
      assertWithinReward({ rewardFen: 100, paidFen: -1, inFlightFen: 0, amountFen: 1 }),
    ).toThrow(RangeError);
    expect(() =>
      assertWithinReward({ rewardFen: 100.5, paidFen: 0, inFlightFen: 0, amountFen: 1 }),
    ).toThrow(RangeError);
  });

  it('availableFen is what is left, never negative', () => {
    expect(availableFen({ rewardFen: 1000, paidFen: 400, inFlightFen: 300 })).toBe(300);
    expect(availableFen({ rewardFen: 1000, paidFen: 1000, inFlightFen: 0 })).toBe(0);
    expect(availableFen({ rewardFen: 1000, paidFen: 900, inFlightFen: 900 })).toBe(0);
  });
});

describe('idempotencyKeyFor', () => {
  it('is stable for the same disbursement and attempt', () => {
    expect(idempotencyKeyFor('clx123abc', 1)).toBe(idempotencyKeyFor('clx123abc', 1));
    expect(idempotencyKeyFor('clx123abc', 1)).toBe('jiebang-disbursement:clx123abc:1');
  });

  it('differs between attempts and between disbursements', () => {
    const keys = new Set([
      idempotencyKeyFor('a', 1),
      idempotencyKeyFor('a', 2),
      idempotencyKeyFor('b', 1),
      idempotencyKeyFor('a1', 1),
      idempotencyKeyFor('a', 11),
    ]);
    expect(keys.size).toBe(5);
  });

  it('fits Stripe and refuses ambiguous input', () => {
    expect(idempotencyKeyFor('x'.repeat(200), 1).length).toBeLessThanOrEqual(255);
    expect(() => idempotencyKeyFor('x'.repeat(300), 1)).toThrow(RangeError);
    expect(() => idempotencyKeyFor('', 1)).toThrow(RangeError);
    expect(() => idempotencyKeyFor('a:1', 1)).toThrow(RangeError);
    expect(() => idempotencyKeyFor('a', 0)).toThrow(RangeError);
    expect(() => idempotencyKeyFor('a', 1.5)).toThrow(RangeError);
  });
});

describe('instalmentState', () => {
  const accepted = { status: 'ACCEPTED', confirmedAt: new Date('2021-10-08T00:00:00Z') };
  it('follows the milestone until a disbursement exists', () => {
    expect(instalmentState('IN_PROGRESS', { status: 'DELIVERED', confirmedAt: null }, null)).toBe(
      'NOT_DUE',
    );
    expect(instalmentState('IN_PROGRESS', { ...accepted, confirmedAt: null }, null)).toBe(
      'AWAITING_CONFIRMATION',
    );
    expect(instalmentState('IN_PROGRESS', accepted, null)).toBe('PAYABLE');
  });
  it("takes the disbursement's status, even on a terminated contract", () => {
    expect(instalmentState('IN_PROGRESS', accepted, { status: 'APPROVED' })).toBe('APPROVED');
    expect(instalmentState('TERMINATED', accepted, { status: 'PAID' })).toBe('PAID');
  });
  it('closes an unpaid instalment of a terminated contract', () => {
    expect(instalmentState('TERMINATED', accepted, null)).toBe('CLOSED');
  });
});

describe('paymentActionsFor', () => {
  it('shows the parties no payment forms at all', () => {
    for (const role of ['ENTERPRISE', 'TEAM'] as const)
      for (const state of ['PAYABLE', ...DISBURSEMENT_STATUSES] as const)
        expect(paymentActionsFor(role, 'IN_PROGRESS', state, 'BANK')).toEqual([]);
  });
  it('lets only a reviewer request a payable instalment', () => {
    expect(paymentActionsFor('REVIEWER', 'IN_PROGRESS', 'PAYABLE', null)).toEqual(['request']);
    expect(paymentActionsFor('ADMIN', 'IN_PROGRESS', 'PAYABLE', null)).toEqual([]);
  });
  it('offers nothing before the instalment is payable', () => {
    for (const state of ['NOT_DUE', 'AWAITING_CONFIRMATION', 'CLOSED'] as const)
      for (const role of ['REVIEWER', 'ADMIN'] as const)
        expect(paymentActionsFor(role, 'IN_PROGRESS', state, 'BANK')).toEqual([]);
  });
  it('gives the admin approval, then recording or failing a bank transfer', () => {
    expect(paymentActionsFor('ADMIN', 'IN_PROGRESS', 'REQUESTED', 'BANK')).toEqual(['approve']);
    expect(paymentActionsFor('REVIEWER', 'IN_PROGRESS', 'REQUESTED', 'BANK')).toEqual([]);
    expect(paymentActionsFor('ADMIN', 'IN_PROGRESS', 'APPROVED', 'BANK')).toEqual([
      'record',
      'fail',
    ]);
    expect(paymentActionsFor('ADMIN', 'IN_PROGRESS', 'PAID', 'BANK')).toEqual(['reverse']);
  });
  it('never offers to record a Stripe transfer by hand', () => {
    expect(paymentActionsFor('ADMIN', 'IN_PROGRESS', 'APPROVED', 'STRIPE')).toEqual(['fail']);
    expect(paymentActionsFor('ADMIN', 'IN_PROGRESS', 'APPROVED', null)).toEqual(['fail']);
  });
  it('lets a reviewer retry a failed payment, unless the contract is terminated', () => {
    expect(paymentActionsFor('REVIEWER', 'IN_PROGRESS', 'FAILED', 'BANK')).toEqual(['retry']);
    expect(paymentActionsFor('REVIEWER', 'TERMINATED', 'FAILED', 'BANK')).toEqual([]);
  });
  it('stops approvals on a terminated contract but lets money in flight be settled', () => {
    expect(paymentActionsFor('ADMIN', 'TERMINATED', 'REQUESTED', 'BANK')).toEqual([]);
    expect(paymentActionsFor('ADMIN', 'TERMINATED', 'APPROVED', 'BANK')).toEqual([
      'record',
      'fail',
    ]);
    expect(paymentActionsFor('ADMIN', 'TERMINATED', 'PAID', 'BANK')).toEqual(['reverse']);
  });
});
