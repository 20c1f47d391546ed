import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contractProgress, type ProgressMilestone } from './contract-progress';
import { formatSharePercent } from './contract-rules';
import { withDefaults } from './fixture.testkit';

const milestone = withDefaults<ProgressMilestone>({
  status: 'PENDING',
  acceptedAt: null,
  paid: false,
  paidAt: null,
});

describe('contractProgress', () => {
  it('counts the milestones met and the share of the reward paid, with the latest dates', () => {
    const p = contractProgress({
      rewardFen: 300_000_000,
      paidFen: 210_000_000,
      milestones: [
        milestone({
          status: 'ACCEPTED',
          acceptedAt: '2021-10-08T00:00:00.000Z',
          paid: true,
          paidAt: '2021-10-27T00:00:00.000Z',
        }),
        milestone({
          status: 'ACCEPTED',
          acceptedAt: '2021-12-14T00:00:00.000Z',
          paid: true,
          paidAt: '2021-12-24T00:00:00.000Z',
        }),
        milestone({ status: 'DELIVERED' }),
      ],
    });
    expect(p).toEqual({
      met: 2,
      total: 3,
      paidFen: 210_000_000,
      rewardFen: 300_000_000,
      paidBp: 7000,
      lastMetAt: '2021-12-14T00:00:00.000Z',
      lastPaidAt: '2021-12-24T00:00:00.000Z',
    });
    expect(formatSharePercent(p.paidBp!)).toBe('70');
  });

  it('rounds the share down, so one fen short of the whole is not 100 %', () => {
    const p = contractProgress({ rewardFen: 300_000_000, paidFen: 299_999_999, milestones: [] });
    expect(p.paidBp).toBe(9999);
    expect(formatSharePercent(p.paidBp!)).toBe('99.99');
    expect(contractProgress({ rewardFen: 3, paidFen: 1, milestones: [] }).paidBp).toBe(3333);
  });

  it('has no share of a reward of nothing, and nothing met or paid at the start', () => {
    const p = contractProgress({ rewardFen: 0, paidFen: 0, milestones: [milestone()] });
    expect(p).toMatchObject({ met: 0, total: 1, paidBp: null, lastMetAt: null, lastPaidAt: null });
  });

  it('is exact for amounts past what a double multiplies exactly', () => {
    const reward = Number.MAX_SAFE_INTEGER;
    const p = contractProgress({ rewardFen: reward, paidFen: reward - 1, milestones: [] });
    expect(p.paidBp).toBe(9999);
    expect(contractProgress({ rewardFen: reward, paidFen: reward, milestones: [] }).paidBp).toBe(
      10_000,
    );
  });

  it('never shows more paid than was paid', () => {
    // never more paid than the reward: the ledger refuses an overpayment (assertWithinReward)
    const rewardAndPaid = fc
      .integer({ min: 1, max: Number.MAX_SAFE_INTEGER })
      .chain((reward) => fc.tuple(fc.constant(reward), fc.integer({ min: 0, max: reward })));
    fc.assert(
      fc.property(rewardAndPaid, ([reward, paid]) => {
        const bp = contractProgress({ rewardFen: reward, paidFen: paid, milestones: [] }).paidBp!;
        expect(BigInt(bp) * BigInt(reward)).toBeLessThanOrEqual(BigInt(paid) * 10_000n);
        expect(BigInt(bp + 1) * BigInt(reward)).toBeGreaterThan(BigInt(paid) * 10_000n);
      }),
    );
  });

  it('refuses amounts that are not fen', () => {
    expect(() => contractProgress({ rewardFen: -1, paidFen: 0, milestones: [] })).toThrow();
    expect(() => contractProgress({ rewardFen: 1, paidFen: 0.5, milestones: [] })).toThrow();
  });
});
