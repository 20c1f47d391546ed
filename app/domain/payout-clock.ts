/**
 * The payout clock of a reward instalment (人才奖励资金兑付): how long the team has waited for
 * money the bureau already owes it, in Asia/Shanghai calendar days, as the payment pages show it.
 */
import { startOfShanghaiDay } from './shanghai-date';

const DAY_MS = 86_400_000;

/** Whole calendar days (Asia/Shanghai) from one instant's day to another's; never negative. */
export function calendarDays(from: Date, to: Date): number {
  const days = Math.round(
    (startOfShanghaiDay(to).getTime() - startOfShanghaiDay(from).getTime()) / DAY_MS,
  );
  return Math.max(0, days);
}

export type PayoutClock = { days: number; state: 'running' | 'stopped' | 'reversed' };

/**
 * The clock starts when the bureau confirms the accepted milestone (the instalment becomes
 * payable) and runs until the instalment is paid; a paid one keeps the days it took, a reversed
 * one the days until its reversal. No clock before confirmation.
 */
export function payoutClock(
  confirmedAt: Date | null,
  d: { status: string; paidAt: Date | null; reversedAt: Date | null } | null,
  now: Date,
): PayoutClock | null {
  if (!confirmedAt) return null;
  if (d?.status === 'PAID' && d.paidAt)
    return { days: calendarDays(confirmedAt, d.paidAt), state: 'stopped' };
  if (d?.status === 'REVERSED')
    return { days: calendarDays(confirmedAt, d.reversedAt ?? now), state: 'reversed' };
  return { days: calendarDays(confirmedAt, now), state: 'running' };
}
