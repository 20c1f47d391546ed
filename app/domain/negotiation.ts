/**
 * The negotiation of an open bounty (不限定榜额): after the award, the enterprise and the
 * awarded team exchange offers until one side accepts the other's latest offer; that amount
 * becomes the contract's reward. A fixed bounty needs no negotiation: the bounty is the reward.
 *
 * The trail is a list of offers, oldest first. Offers alternate: a side that has just made an
 * offer waits for the other side's answer (a counter-offer or an acceptance). A counter-offer
 * supersedes the offer it answers. Only the latest offer can be accepted, and only by the side
 * that did not make it; once accepted, the trail is closed.
 */
import { lifecycle, type TransitionTable } from './lifecycle';
import { FEN_PER_WAN } from './money';
import { oneOf } from './one-of';

export const OFFER_SIDES = ['ENTERPRISE', 'TEAM'] as const;
export type OfferSide = (typeof OFFER_SIDES)[number];

export const OFFER_STATUSES = ['OPEN', 'ACCEPTED', 'SUPERSEDED'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export const OFFER_ACTIONS = ['accept', 'supersede'] as const;
export type OfferAction = (typeof OFFER_ACTIONS)[number];

/**
 * Acceptance and supersession are both done by a party (which party is checked by
 * `canAcceptOffer` / `canMakeOffer`: always the side that did not make the offer).
 */
export const OFFER_TRANSITIONS: TransitionTable<OfferStatus, OfferAction, OfferSide> = {
  OPEN: {
    accept: { to: 'ACCEPTED', by: ['ENTERPRISE', 'TEAM'] },
    supersede: { to: 'SUPERSEDED', by: ['ENTERPRISE', 'TEAM'] },
  },
  ACCEPTED: {},
  SUPERSEDED: {},
};

export const { transition: transitionOffer, allowed: allowedOfferActions } =
  lifecycle(OFFER_TRANSITIONS);

export function isOfferSide(value: unknown): value is OfferSide {
  return value === 'ENTERPRISE' || value === 'TEAM';
}

export const isOfferStatus = oneOf(OFFER_STATUSES);

export function otherSide(side: OfferSide): OfferSide {
  return side === 'ENTERPRISE' ? 'TEAM' : 'ENTERPRISE';
}

/** 5 亿元, as for bounties: anything larger is a typing slip. */
export const MAX_OFFER_FEN = 50_000 * FEN_PER_WAN;

export type BountyType = 'FIXED' | 'OPEN';

export type OfferFacts = { id: string; side: OfferSide; status: OfferStatus; amountFen: number };

/** NOT_NEEDED: fixed bounty. NOT_STARTED: no offer yet. OPEN: offers, none accepted. */
export type NegotiationState = 'NOT_NEEDED' | 'NOT_STARTED' | 'OPEN' | 'AGREED';

export function negotiationNeeded(bountyType: BountyType): boolean {
  return bountyType === 'OPEN';
}

export function negotiationState(
  bountyType: BountyType,
  offers: readonly OfferFacts[],
): NegotiationState {
  if (!negotiationNeeded(bountyType)) return 'NOT_NEEDED';
  if (offers.some((o) => o.status === 'ACCEPTED')) return 'AGREED';
  return offers.length === 0 ? 'NOT_STARTED' : 'OPEN';
}

/** The latest offer of the trail (oldest first), or null. */
export function latestOffer<T extends OfferFacts>(offers: readonly T[]): T | null {
  return offers.length ? offers[offers.length - 1]! : null;
}

/** The accepted offer, if any (there is at most one). */
export function acceptedOffer<T extends OfferFacts>(offers: readonly T[]): T | null {
  return offers.find((o) => o.status === 'ACCEPTED') ?? null;
}

/**
 * The amount both sides agreed on: the fixed bounty, or the accepted offer of an open bounty;
 * null while an open bounty has no accepted offer.
 */
export function agreedAmountFen(
  bountyType: BountyType,
  bountyFen: number | null,
  offers: readonly OfferFacts[],
): number | null {
  if (!negotiationNeeded(bountyType)) return bountyFen;
  return acceptedOffer(offers)?.amountFen ?? null;
}

export type OfferRefusal =
  /** the bounty is fixed: nothing to negotiate */
  | 'fixedBounty'
  /** an offer was accepted already */
  | 'agreed'
  /** the contract is registered (or the award is no longer approved) */
  | 'closed'
  /** this side made the latest offer and waits for the other side's answer */
  | 'notYourTurn'
  /** no open offer of the other side to accept */
  | 'nothingToAccept'
  /** the offer named is not the latest one */
  | 'stale';

export type NegotiationContext = {
  bountyType: BountyType;
  /** oldest first */
  offers: readonly OfferFacts[];
  /** false once the award has a contract or is no longer approved */
  open: boolean;
};

function closedReason(ctx: NegotiationContext): OfferRefusal | null {
  if (!negotiationNeeded(ctx.bountyType)) return 'fixedBounty';
  if (acceptedOffer(ctx.offers)) return 'agreed';
  if (!ctx.open) return 'closed';
  return null;
}

export function canMakeOffer(
  ctx: NegotiationContext,
  side: OfferSide,
): { ok: true } | { ok: false; reason: OfferRefusal } {
  const closed = closedReason(ctx);
  if (closed) return { ok: false, reason: closed };
  const latest = latestOffer(ctx.offers);
  if (latest && latest.status === 'OPEN' && latest.side === side)
    return { ok: false, reason: 'notYourTurn' };
  return { ok: true };
}

/** Whether `side` may accept the offer `offerId`: the latest, still open, of the other side. */
export function canAcceptOffer(
  ctx: NegotiationContext,
  side: OfferSide,
  offerId?: string,
): { ok: true; offer: OfferFacts } | { ok: false; reason: OfferRefusal } {
  const closed = closedReason(ctx);
  if (closed) return { ok: false, reason: closed };
  const latest = latestOffer(ctx.offers);
  if (!latest || latest.status !== 'OPEN' || latest.side === side)
    return { ok: false, reason: 'nothingToAccept' };
  if (offerId !== undefined && latest.id !== offerId) return { ok: false, reason: 'stale' };
  return { ok: true, offer: latest };
}

export type OfferAmountCheck = 'ok' | 'notPositive' | 'tooLarge';

export function checkOfferAmount(fen: number): OfferAmountCheck {
  if (!Number.isSafeInteger(fen) || fen <= 0) return 'notPositive';
  if (fen > MAX_OFFER_FEN) return 'tooLarge';
  return 'ok';
}

/** Which side of the negotiation an organisation is on, or null when it is not a party. */
export function sideOf(
  organizationId: string,
  parties: { enterpriseId: string; teamId: string },
): OfferSide | null {
  if (organizationId === parties.enterpriseId) return 'ENTERPRISE';
  if (organizationId === parties.teamId) return 'TEAM';
  return null;
}
