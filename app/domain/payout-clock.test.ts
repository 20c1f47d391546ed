import { describe, expect, it } from 'vitest';
import { calendarDays, payoutClock } from './payout-clock';

const confirmed = new Date('2021-10-08T00:00:00+08:00');
const now = new Date('2021-11-07T12:00:00+08:00');
const open = (status: string) => ({ status, paidAt: null, reversedAt: null });

describe('calendarDays', () => {
  it('counts Shanghai calendar days, not 24-hour spans', () => {
    // 23:30 Shanghai on the 1st to 00:30 Shanghai on the 2nd is one calendar day
    expect(calendarDays(new Date('2021-10-01T15:30:00Z'), new Date('2021-10-01T16:30:00Z'))).toBe(
      1,
    );
    // 00:30 to 23:30 on the same Shanghai day is none
    expect(calendarDays(new Date('2021-10-01T16:30:00Z'), new Date('2021-10-02T15:30:00Z'))).toBe(
      0,
    );
  });

  it('never goes negative when the end lies before the start', () => {
    expect(calendarDays(now, confirmed)).toBe(0);
  });
});

describe('payoutClock', () => {
  it('has no clock before the bureau confirms the milestone', () => {
    expect(payoutClock(null, null, now)).toBeNull();
    expect(payoutClock(null, open('REQUESTED'), now)).toBeNull();
  });

  it('runs from confirmation while the instalment is unpaid or in flight', () => {
    expect(payoutClock(confirmed, null, now)).toEqual({ days: 30, state: 'running' });
    for (const status of ['REQUESTED', 'APPROVED', 'FAILED'])
      expect(payoutClock(confirmed, open(status), now)).toEqual({ days: 30, state: 'running' });
  });

  it('stops at the payment day and no longer moves with time', () => {
    const paid = {
      status: 'PAID',
      paidAt: new Date('2021-10-27T00:00:00+08:00'),
      reversedAt: null,
    };
    expect(payoutClock(confirmed, paid, now)).toEqual({ days: 19, state: 'stopped' });
    expect(payoutClock(confirmed, paid, new Date('2022-06-01T00:00:00+08:00'))).toEqual({
      days: 19,
      state: 'stopped',
    });
  });

  it('keeps running for a PAID row without a payment date rather than inventing one', () => {
    expect(payoutClock(confirmed, open('PAID'), now)).toEqual({ days: 30, state: 'running' });
  });

  it('stops a reversed instalment at its reversal day', () => {
    const reversed = {
      status: 'REVERSED',
      paidAt: new Date('2021-10-20T00:00:00+08:00'),
      reversedAt: new Date('2021-10-28T09:00:00+08:00'),
    };
    expect(payoutClock(confirmed, reversed, now)).toEqual({ days: 20, state: 'reversed' });
    expect(payoutClock(confirmed, { ...reversed, reversedAt: null }, now)).toEqual({
      days: 30,
      state: 'reversed',
    });
  });
});
