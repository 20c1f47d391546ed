/**
 * 榜额到位: the funding a fixed bounty needs before it is published. Pure rules, no I/O.
 *
 * The programme's rule says who pays a fixed bounty: the enterprise alone (the default, as in
 * the seeded programme), the bureau alone, or both with the enterprise's share in basis points
 * (the bureau pays the rest, so the shares always sum to the bounty in integer fen). A reviewer
 * confirms each payer's share (a bank receipt, or a funds hold on the Stripe rail); once every
 * share the rule asks for is confirmed and held, the bounty is "secured" and the need may be
 * published. An open bounty (不限定榜额) needs no confirmation. See
 * docs/decisions/032-funding-secured.md.
 */
import { oneOf } from './one-of';

export const FUNDING_PAYERS = ['ENTERPRISE', 'BUREAU'] as const;
export type FundingPayer = (typeof FUNDING_PAYERS)[number];
export const isFundingPayer = oneOf(FUNDING_PAYERS);

export const FUNDING_METHODS = ['BANK_RECEIPT', 'STRIPE_HOLD'] as const;
export type FundingMethod = (typeof FUNDING_METHODS)[number];
export const isFundingMethod = oneOf(FUNDING_METHODS);

export const FUNDING_STATUSES = ['HELD', 'RELEASED'] as const;
export type FundingStatus = (typeof FUNDING_STATUSES)[number];

const FULL_BP = 10_000;

export type FundingRule =
  | { kind: 'ENTERPRISE' }
  | { kind: 'BUREAU' }
  /** the enterprise pays `enterpriseShareBp` / 10 000 of the bounty, the bureau the rest */
  | { kind: 'BOTH'; enterpriseShareBp: number };

export const DEFAULT_FUNDING_RULE: FundingRule = { kind: 'ENTERPRISE' };

/**
 * The rule from the environment: FUNDING_RULE = ENTERPRISE (default) | BUREAU | BOTH, and for
 * BOTH FUNDING_ENTERPRISE_SHARE_BP, the enterprise's share in basis points (1–9 999, default
 * 5 000). Throws a RangeError naming the variable on anything else.
 */
export function parseFundingRule(env: {
  FUNDING_RULE?: string;
  FUNDING_ENTERPRISE_SHARE_BP?: string;
}): FundingRule {
  const kind = (env.FUNDING_RULE ?? '').trim().toUpperCase() || 'ENTERPRISE';
  if (kind === 'ENTERPRISE' || kind === 'BUREAU') return { kind };
  if (kind !== 'BOTH')
    throw new RangeError(`FUNDING_RULE must be ENTERPRISE, BUREAU or BOTH, got ${kind}`);
  const raw = (env.FUNDING_ENTERPRISE_SHARE_BP ?? '').trim() || '5000';
  const bp = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(bp) || bp <= 0 || bp >= FULL_BP)
    throw new RangeError(
      `FUNDING_ENTERPRISE_SHARE_BP must be an integer from 1 to 9999, got ${raw}`,
    );
  return { kind: 'BOTH', enterpriseShareBp: bp };
}

export type BountyFacts = { bountyType: string; bountyFen: number | null };

export type Share = { payer: FundingPayer; amountFen: number };

/** Whether the bounty must be funded before publication: a fixed one with a positive amount. */
export function needsFunding(b: BountyFacts): boolean {
  return b.bountyType === 'FIXED' && b.bountyFen !== null && b.bountyFen > 0;
}

/**
 * The shares the rule asks for, in payer order (enterprise first), each a positive integer of
 * fen, summing to exactly the bounty. Empty for an open bounty.
 */
export function requiredShares(rule: FundingRule, b: BountyFacts): Share[] {
  if (!needsFunding(b)) return [];
  const bounty = b.bountyFen!;
  if (!Number.isSafeInteger(bounty)) throw new RangeError(`bounty must be a safe integer of fen`);
  if (rule.kind === 'ENTERPRISE') return [{ payer: 'ENTERPRISE', amountFen: bounty }];
  if (rule.kind === 'BUREAU') return [{ payer: 'BUREAU', amountFen: bounty }];
  // exact integer split: the enterprise's share rounded down, the bureau the remainder
  const enterprise = Number((BigInt(bounty) * BigInt(rule.enterpriseShareBp)) / BigInt(FULL_BP));
  const bureau = bounty - enterprise;
  return [
    { payer: 'ENTERPRISE' as const, amountFen: enterprise },
    { payer: 'BUREAU' as const, amountFen: bureau },
  ].filter((s) => s.amountFen > 0);
}

export type ConfirmationFacts = { payer: string; amountFen: number; status: string };

export type FundingState = {
  /** the bounty must be funded before publication */
  needed: boolean;
  /** every required share is confirmed and held */
  secured: boolean;
  /** Σ amount of the HELD confirmations */
  heldFen: number;
  shares: (Share & { confirmed: boolean })[];
};

/** Where a need's funding stands, from its confirmations. */
export function fundingState(
  rule: FundingRule,
  b: BountyFacts,
  confirmations: readonly ConfirmationFacts[],
): FundingState {
  const held = confirmations.filter((c) => c.status === 'HELD');
  const shares = requiredShares(rule, b).map((s) => ({
    ...s,
    confirmed: held.some((c) => c.payer === s.payer && c.amountFen === s.amountFen),
  }));
  return {
    needed: shares.length > 0,
    secured: shares.length > 0 && shares.every((s) => s.confirmed),
    heldFen: held.reduce((sum, c) => sum + c.amountFen, 0),
    shares,
  };
}

/**
 * May a need be published as far as its funding goes? An open bounty always; a fixed one
 * only when its funding has been secured (fundingSecuredAt is set).
 */
export function fundingAllowsPublication(b: BountyFacts, fundingSecuredAt: Date | null): boolean {
  return !needsFunding(b) || fundingSecuredAt !== null;
}

/** Statuses in which a reviewer may record a confirmation: before the need's life has ended. */
export const CONFIRMABLE_STATUSES = ['SUBMITTED', 'RETURNED', 'PUBLISHED', 'CLOSED'] as const;

export function isConfirmable(status: string): boolean {
  return (CONFIRMABLE_STATUSES as readonly string[]).includes(status);
}

/** Statuses that release held funding: the bounty will never be paid. */
export const RELEASING_STATUSES = ['WITHDRAWN', 'REJECTED', 'UNAWARDED'] as const;

export function releasesFunding(status: string): boolean {
  return (RELEASING_STATUSES as readonly string[]).includes(status);
}

export type ConfirmRefusal =
  'notRequired' | 'notConfirmable' | 'payerNotInRule' | 'alreadyConfirmed';

/**
 * Whether `payer`'s share may be confirmed now; returns the amount to commit (the rule's
 * share, never an amount typed by hand) or the refusal.
 */
export function checkConfirmation(
  rule: FundingRule,
  need: BountyFacts & { status: string },
  payer: FundingPayer,
  confirmations: readonly ConfirmationFacts[],
): { ok: true; amountFen: number } | { ok: false; reason: ConfirmRefusal } {
  if (!needsFunding(need)) return { ok: false, reason: 'notRequired' };
  if (!isConfirmable(need.status)) return { ok: false, reason: 'notConfirmable' };
  const share = requiredShares(rule, need).find((s) => s.payer === payer);
  if (!share) return { ok: false, reason: 'payerNotInRule' };
  if (confirmations.some((c) => c.payer === payer))
    return { ok: false, reason: 'alreadyConfirmed' };
  return { ok: true, amountFen: share.amountFen };
}

/**
 * A contract's reward on a fixed-bounty challenge may not exceed the funds held for it (so no
 * payout from it can either). Open bounties are funded by the contract itself.
 */
export function rewardWithinCommitment(
  b: BountyFacts,
  rewardFen: number,
  heldFen: number,
): boolean {
  return !needsFunding(b) || rewardFen <= heldFen;
}

/** What the bureau reads of a Stripe PaymentIntent offered as a funds hold. */
export type HoldFacts = { status: string; currency: string; amount_capturable: number };

export type HoldRefusal = 'holdNotHeld' | 'holdCurrency' | 'holdAmount';

/**
 * Whether a PaymentIntent holds `amountFen` (the payer's share) for the bureau: authorised and
 * not captured (`requires_capture`), in CNY (Stripe counts CNY in fen), for exactly the share.
 * Null when it does; else why not.
 */
export function checkHold(pi: HoldFacts, amountFen: number): HoldRefusal | null {
  if (pi.status !== 'requires_capture') return 'holdNotHeld';
  if (pi.currency.toLowerCase() !== 'cny') return 'holdCurrency';
  if (pi.amount_capturable !== amountFen) return 'holdAmount';
  return null;
}
