/**
 * A contract's progress as the public sees it: how many of its milestones are met, how much of
 * the reward has been paid, and when each last happened. The share paid is worked out in
 * integer fen (BigInt), rounded down, so a page never shows more paid than was paid.
 */
import { assertFen, sumFen } from './money';

export type ProgressMilestone = {
  /** PENDING | DELIVERED | ACCEPTED | REJECTED */
  status: string;
  /** ISO instant the milestone was accepted (met) */
  acceptedAt: string | null;
  /** its instalment has been paid */
  paid: boolean;
  /** ISO instant of that payment */
  paidAt: string | null;
};

export type ContractProgress = {
  met: number;
  total: number;
  paidFen: number;
  rewardFen: number;
  /** the share of the reward paid in basis points (1/100 of a percent), rounded down */
  paidBp: number | null;
  lastMetAt: string | null;
  lastPaidAt: string | null;
};

function latest(dates: (string | null)[]): string | null {
  let best: string | null = null;
  for (const d of dates) {
    if (d !== null && (best === null || Date.parse(d) > Date.parse(best))) best = d;
  }
  return best;
}

/** `paidFen`: the instalments paid (Disbursement status PAID), in fen. */
export function contractProgress(input: {
  rewardFen: number;
  paidFen: number;
  milestones: readonly ProgressMilestone[];
}): ContractProgress {
  assertFen(input.rewardFen, 'rewardFen');
  const paidFen = sumFen([input.paidFen]);
  const met = input.milestones.filter((m) => m.status === 'ACCEPTED');
  return {
    met: met.length,
    total: input.milestones.length,
    paidFen,
    rewardFen: input.rewardFen,
    paidBp:
      input.rewardFen === 0 ? null : Number((BigInt(paidFen) * 10_000n) / BigInt(input.rewardFen)),
    lastMetAt: latest(met.map((m) => m.acceptedAt)),
    lastPaidAt: latest(input.milestones.filter((m) => m.paid).map((m) => m.paidAt)),
  };
}
