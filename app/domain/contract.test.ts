import { describe, expect, it } from 'vitest';
import {
  allowedContractActions,
  allowedMilestoneActions,
  CONTRACT_ACTIONS,
  CONTRACT_STATUSES,
  CONTRACT_TRANSITIONS,
  formatContractCode,
  FULL_SHARE_BP,
  isContractStatus,
  isMilestoneStatus,
  MILESTONE_ACTIONS,
  MILESTONE_STATUSES,
  MILESTONE_TRANSITIONS,
  milestoneAmounts,
  parseContractCode,
  transitionContract,
  transitionMilestone,
  validateMilestoneShares,
} from './contract';
import { describeTransitionTable } from './lifecycle.testkit';

describeTransitionTable({
  name: 'contract',
  table: CONTRACT_TRANSITIONS,
  states: CONTRACT_STATUSES,
  actions: CONTRACT_ACTIONS,
  expected: [
    ['SIGNED', 'start', 'IN_PROGRESS', ['SYSTEM', 'REVIEWER', 'ADMIN']],
    ['SIGNED', 'terminate', 'TERMINATED', ['ADMIN']],
    ['IN_PROGRESS', 'accept', 'ACCEPTED', ['REVIEWER', 'ADMIN']],
    ['IN_PROGRESS', 'terminate', 'TERMINATED', ['ADMIN']],
  ],
  move: transitionContract,
  allowed: allowedContractActions,
  journeys: {
    'walks a contract to acceptance':
      'SIGNED --start/REVIEWER--> IN_PROGRESS --accept/ADMIN--> ACCEPTED',
  },
});

describeTransitionTable({
  name: 'milestone',
  table: MILESTONE_TRANSITIONS,
  states: MILESTONE_STATUSES,
  actions: MILESTONE_ACTIONS,
  expected: [
    ['PENDING', 'deliver', 'DELIVERED', ['TEAM']],
    ['DELIVERED', 'accept', 'ACCEPTED', ['ENTERPRISE', 'REVIEWER', 'ADMIN']],
    ['DELIVERED', 'reject', 'REJECTED', ['ENTERPRISE', 'REVIEWER', 'ADMIN']],
    ['REJECTED', 'redeliver', 'DELIVERED', ['TEAM']],
  ],
  move: transitionMilestone,
  allowed: allowedMilestoneActions,
  journeys: {
    'walks a milestone through a rejection':
      'PENDING --deliver/TEAM--> DELIVERED --reject/ENTERPRISE--> REJECTED ' +
      '--redeliver/TEAM--> DELIVERED --accept/ENTERPRISE--> ACCEPTED',
  },
});

describe('contract and milestone helpers', () => {
  it('recognises statuses from untrusted input', () => {
    expect(isContractStatus('IN_PROGRESS')).toBe(true);
    expect(isContractStatus('PENDING')).toBe(false);
    expect(isMilestoneStatus('PENDING')).toBe(true);
    expect(isMilestoneStatus('SIGNED')).toBe(false);
  });
});

describe('validateMilestoneShares', () => {
  it('accepts positive integer shares summing to 10000 bp', () => {
    expect(FULL_SHARE_BP).toBe(10_000);
    expect(validateMilestoneShares([10_000])).toEqual({ ok: true, shares: [10_000] });
    expect(validateMilestoneShares([3000, 3000, 4000])).toEqual({
      ok: true,
      shares: [3000, 3000, 4000],
    });
    expect(validateMilestoneShares([3333, 3333, 3334])).toMatchObject({ ok: true });
    expect(validateMilestoneShares(Array.from({ length: 10_000 }, () => 1))).toMatchObject({
      ok: true,
    });
  });

  it('explains what is wrong', () => {
    expect(validateMilestoneShares([])).toEqual({ ok: false, error: 'empty' });
    expect(validateMilestoneShares([5000, 4999])).toEqual({ ok: false, error: 'sum' });
    expect(validateMilestoneShares([5000, 5001])).toEqual({ ok: false, error: 'sum' });
    expect(validateMilestoneShares([5000, 5000, 0])).toEqual({
      ok: false,
      error: 'not_positive',
      index: 2,
    });
    expect(validateMilestoneShares([12_000, -2000])).toEqual({ ok: false, error: 'sum' });
    expect(validateMilestoneShares([-2000, 12_000])).toEqual({
      ok: false,
      error: 'not_positive',
      index: 0,
    });
    expect(validateMilestoneShares([3333.5, 6666.5])).toEqual({
      ok: false,
      error: 'not_integer',
      index: 0,
    });
    expect(validateMilestoneShares([Number.NaN])).toEqual({
      ok: false,
      error: 'not_integer',
      index: 0,
    });
    expect(validateMilestoneShares([1e300, 1])).toEqual({ ok: false, error: 'sum' });
  });
});

describe('milestoneAmounts', () => {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

  it.each([
    [0, [10_000], [0]],
    [1, [10_000], [1]],
    [1, [3333, 3333, 3334], [0, 0, 1]],
    [1, [5000, 5000], [1, 0]],
    [2, [5000, 5000], [1, 1]],
    [7, [3333, 3333, 3334], [2, 2, 3]],
    [7, [3334, 3333, 3333], [3, 2, 2]],
    [10, [3333, 3333, 3334], [3, 3, 4]],
    [100, [3333, 3333, 3334], [33, 33, 34]],
    [100_000_000, [3000, 3000, 4000], [30_000_000, 30_000_000, 40_000_000]],
    [1_000_001, [5000, 5000], [500_001, 500_000]],
    [99, [1, 9999], [0, 99]],
    [3, [1, 1, 9998], [0, 0, 3]],
    [5, [2000, 2000, 2000, 2000, 2000], [1, 1, 1, 1, 1]],
    [4, [2000, 2000, 2000, 2000, 2000], [1, 1, 1, 1, 0]],
  ] as const)('%i fen over %j → %j', (reward, shares, amounts) => {
    const result = milestoneAmounts(reward, shares);
    expect(result).toEqual(amounts);
    expect(sum(result)).toBe(reward);
  });

  it('gives the leftover fen to the largest remainders, not to the last milestone', () => {
    // exact shares 1.8, 1.8, 3.4 → floors 1, 1, 3 (sum 5), two fen go to remainders .8 and .8
    expect(milestoneAmounts(7, [2571, 2571, 4858])).toEqual([2, 2, 3]);
  });

  it('sums exactly and stays within one fen of each exact share, for many awkward rewards', () => {
    const shareSets = [
      [10_000],
      [3333, 3333, 3334],
      [1, 9999],
      [1, 1, 1, 9997],
      [1234, 2345, 3456, 2965],
      Array.from({ length: 7 }, (_, i) => (i < 6 ? 1428 : 10_000 - 6 * 1428)),
    ];
    const rewards = [
      0,
      1,
      2,
      3,
      7,
      11,
      99,
      101,
      9_999,
      10_001,
      123_456_789,
      3_785_000_000,
      Number.MAX_SAFE_INTEGER,
    ];
    for (const shares of shareSets) {
      for (const reward of rewards) {
        const amounts = milestoneAmounts(reward, shares);
        expect(amounts).toHaveLength(shares.length);
        expect(BigInt(reward)).toBe(amounts.reduce((a, b) => a + BigInt(b), 0n));
        for (const [i, amount] of amounts.entries()) {
          expect(Number.isSafeInteger(amount) && amount >= 0).toBe(true);
          const exactTimes10000 = BigInt(reward) * BigInt(shares[i] as number);
          const diff = BigInt(amount) * 10_000n - exactTimes10000;
          expect(diff > -10_000n && diff < 10_000n, `${reward} ${shares.join(',')} #${i}`).toBe(
            true,
          );
        }
      }
    }
  });

  it('splits the largest safe reward without losing a fen', () => {
    const amounts = milestoneAmounts(Number.MAX_SAFE_INTEGER, [5000, 5000]);
    expect(amounts).toEqual([4_503_599_627_370_496, 4_503_599_627_370_495]);
  });

  it('refuses invalid rewards and shares', () => {
    expect(() => milestoneAmounts(-1, [10_000])).toThrow(RangeError);
    expect(() => milestoneAmounts(1.5, [10_000])).toThrow(RangeError);
    expect(() => milestoneAmounts(100, [5000, 4000])).toThrow(/sum/);
    expect(() => milestoneAmounts(100, [])).toThrow(/empty/);
  });
});

describe('contract codes', () => {
  it('formats the year and a zero-padded sequence that grows past three digits', () => {
    expect(formatContractCode(2026, 1)).toBe('HT-2026-001');
    expect(formatContractCode(2021, 11)).toBe('HT-2021-011');
    expect(formatContractCode(2026, 1234)).toBe('HT-2026-1234');
  });

  it('refuses a sequence or year it cannot spell', () => {
    for (const seq of [0, -1, 1.5, Number.NaN])
      expect(() => formatContractCode(2026, seq)).toThrow(RangeError);
    for (const year of [26, 20260, 2026.5])
      expect(() => formatContractCode(year, 1)).toThrow(RangeError);
  });

  it('parses what it formats, tolerating case and surrounding spaces', () => {
    expect(parseContractCode('HT-2026-001')).toEqual({ year: 2026, seq: 1 });
    expect(parseContractCode(' ht-2021-011 ')).toEqual({ year: 2021, seq: 11 });
    expect(parseContractCode(formatContractCode(2026, 1234))).toEqual({ year: 2026, seq: 1234 });
  });

  it('rejects other series, zero and non-canonical spellings', () => {
    for (const code of [
      'ZB-2026-001',
      'HT-2026-01',
      'HT-2026-000',
      'HT-2026-0001',
      'HT-26-001',
      'HT-2026-001x',
      '',
    ])
      expect(parseContractCode(code)).toBeNull();
  });
});
