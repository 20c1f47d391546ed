import { describe, expect, it } from 'vitest';
import {
  acceptedOffer,
  agreedAmountFen,
  allowedOfferActions,
  canAcceptOffer,
  canMakeOffer,
  checkOfferAmount,
  isOfferSide,
  isOfferStatus,
  latestOffer,
  MAX_OFFER_FEN,
  negotiationState,
  OFFER_ACTIONS,
  OFFER_SIDES,
  OFFER_STATUSES,
  OFFER_TRANSITIONS,
  otherSide,
  sideOf,
  transitionOffer,
  type NegotiationContext,
  type OfferFacts,
  type OfferSide,
  type OfferStatus,
} from './negotiation';
import { describeTransitionTable } from './lifecycle.testkit';

describeTransitionTable({
  name: 'offer',
  table: OFFER_TRANSITIONS,
  states: OFFER_STATUSES,
  actions: OFFER_ACTIONS,
  roles: OFFER_SIDES,
  expected: [
    ['OPEN', 'accept', 'ACCEPTED', ['ENTERPRISE', 'TEAM']],
    ['OPEN', 'supersede', 'SUPERSEDED', ['ENTERPRISE', 'TEAM']],
  ],
  move: transitionOffer,
  allowed: allowedOfferActions,
  journeys: {
    'accepts an open offer': 'OPEN --accept/TEAM--> ACCEPTED',
    'supersedes an open offer': 'OPEN --supersede/ENTERPRISE--> SUPERSEDED',
  },
});

let n = 0;
const offer = (side: OfferSide, amountFen: number, status: OfferStatus = 'OPEN'): OfferFacts => ({
  id: `o${++n}`,
  side,
  amountFen,
  status,
});
const open = (offers: OfferFacts[]): NegotiationContext => ({
  bountyType: 'OPEN',
  offers,
  open: true,
});

describe('negotiation state and agreed amount', () => {
  it('needs no negotiation for a fixed bounty', () => {
    expect(negotiationState('FIXED', [])).toBe('NOT_NEEDED');
    expect(agreedAmountFen('FIXED', 300_000_000, [])).toBe(300_000_000);
    expect(canMakeOffer({ bountyType: 'FIXED', offers: [], open: true }, 'TEAM')).toEqual({
      ok: false,
      reason: 'fixedBounty',
    });
  });

  it('follows an open bounty from no offer to an agreed amount', () => {
    expect(negotiationState('OPEN', [])).toBe('NOT_STARTED');
    expect(agreedAmountFen('OPEN', null, [])).toBeNull();
    const trail = [offer('TEAM', 420, 'SUPERSEDED'), offer('ENTERPRISE', 300)];
    expect(negotiationState('OPEN', trail)).toBe('OPEN');
    expect(agreedAmountFen('OPEN', null, trail)).toBeNull();
    const agreed = [offer('TEAM', 420, 'SUPERSEDED'), offer('ENTERPRISE', 340, 'ACCEPTED')];
    expect(negotiationState('OPEN', agreed)).toBe('AGREED');
    expect(agreedAmountFen('OPEN', null, agreed)).toBe(340);
    expect(acceptedOffer(agreed)?.amountFen).toBe(340);
    expect(latestOffer([])).toBeNull();
  });
});

describe('offers alternate', () => {
  it('lets either side open the negotiation', () => {
    expect(canMakeOffer(open([]), 'TEAM')).toEqual({ ok: true });
    expect(canMakeOffer(open([]), 'ENTERPRISE')).toEqual({ ok: true });
  });

  it('makes the side that offered last wait for an answer', () => {
    const trail = [offer('TEAM', 420)];
    expect(canMakeOffer(open(trail), 'TEAM')).toEqual({ ok: false, reason: 'notYourTurn' });
    expect(canMakeOffer(open(trail), 'ENTERPRISE')).toEqual({ ok: true });
  });

  it('closes the trail once an offer is accepted or the contract exists', () => {
    const agreed = [offer('TEAM', 420, 'ACCEPTED')];
    expect(canMakeOffer(open(agreed), 'ENTERPRISE')).toEqual({ ok: false, reason: 'agreed' });
    expect(canAcceptOffer(open(agreed), 'ENTERPRISE')).toEqual({ ok: false, reason: 'agreed' });
    const ctx = { ...open([offer('TEAM', 1)]), open: false };
    expect(canMakeOffer(ctx, 'ENTERPRISE')).toEqual({ ok: false, reason: 'closed' });
    expect(canAcceptOffer(ctx, 'ENTERPRISE')).toEqual({ ok: false, reason: 'closed' });
  });
});

describe('accepting', () => {
  it("accepts the other side's latest open offer only", () => {
    const first = offer('TEAM', 420, 'SUPERSEDED');
    const latest = offer('ENTERPRISE', 300);
    const ctx = open([first, latest]);
    expect(canAcceptOffer(ctx, 'TEAM', latest.id)).toEqual({ ok: true, offer: latest });
    expect(canAcceptOffer(ctx, 'TEAM')).toEqual({ ok: true, offer: latest });
    // one's own offer
    expect(canAcceptOffer(ctx, 'ENTERPRISE', latest.id)).toEqual({
      ok: false,
      reason: 'nothingToAccept',
    });
    // an older offer
    expect(canAcceptOffer(ctx, 'TEAM', first.id)).toEqual({ ok: false, reason: 'stale' });
    expect(canAcceptOffer(open([]), 'TEAM')).toEqual({ ok: false, reason: 'nothingToAccept' });
  });
});

describe('helpers', () => {
  it('checks amounts', () => {
    expect(checkOfferAmount(1)).toBe('ok');
    expect(checkOfferAmount(MAX_OFFER_FEN)).toBe('ok');
    expect(checkOfferAmount(MAX_OFFER_FEN + 1)).toBe('tooLarge');
    expect(checkOfferAmount(0)).toBe('notPositive');
    expect(checkOfferAmount(-5)).toBe('notPositive');
    expect(checkOfferAmount(1.5)).toBe('notPositive');
  });

  it('tells the sides apart', () => {
    const parties = { enterpriseId: 'e', teamId: 't' };
    expect(sideOf('e', parties)).toBe('ENTERPRISE');
    expect(sideOf('t', parties)).toBe('TEAM');
    expect(sideOf('x', parties)).toBeNull();
    expect(otherSide('TEAM')).toBe('ENTERPRISE');
    expect(otherSide('ENTERPRISE')).toBe('TEAM');
    expect(isOfferSide('TEAM')).toBe(true);
    expect(isOfferSide('ADMIN')).toBe(false);
    expect(isOfferStatus('SUPERSEDED')).toBe(true);
    expect(isOfferStatus('constructor')).toBe(false);
  });
});
