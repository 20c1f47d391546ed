// The negotiation trail of an open bounty (不限定榜额): after the award is approved, the
// enterprise and the awarded team exchange offers until one side accepts the other's latest.
// The rules are in app/domain/negotiation.ts; here each offer and acceptance commits with its
// audit record, one at a time per award (the award's lock), and the other side is notified.
import { formatWan } from '~/domain/money';
import {
  agreedAmountFen,
  canAcceptOffer,
  canMakeOffer,
  isOfferSide,
  isOfferStatus,
  latestOffer,
  negotiationState,
  otherSide,
  sideOf,
  transitionOffer,
  type BountyType,
  type OfferFacts,
  type OfferRefusal,
  type OfferSide,
} from '~/domain/negotiation';
import { isStaffRole } from '~/domain/roles';
import type { Db, Tx } from '~/lib/db.server';
import { toFen, toFenOrNull } from '~/lib/fen';
import type { Actor } from '~/services/kernel/actor';
import { command, type Context } from '~/services/kernel/command.server';
import { lockAward } from '~/services/kernel/locks.server';
import type { Notice } from '~/services/kernel/notify.server';
import { Refused, type Result } from '~/services/kernel/refusal';
import { orgNamesSelect } from '~/services/needs/selects';
import { CONTRACT_ERRORS } from './errors';

const awardSelect = {
  id: true,
  status: true,
  decidedAt: true,
  applicationId: true,
  contract: { select: { code: true } },
  challenge: {
    select: {
      id: true,
      code: true,
      title: true,
      titleEn: true,
      bountyType: true,
      bountyFen: true,
      enterpriseId: true,
      enterprise: orgNamesSelect,
    },
  },
  application: {
    select: {
      id: true,
      teamId: true,
      requestedFen: true,
      team: { select: { name: true, nameEn: true, institution: true } },
    },
  },
} as const;

async function loadTrail(db: Db | Tx, awardId: string) {
  const award = await db.award.findUnique({ where: { id: awardId }, select: awardSelect });
  // only an approved award has a negotiation (and a contract to come)
  if (!award || award.status !== 'APPROVED') return null;
  const offers = await db.offer.findMany({
    where: { applicationId: award.applicationId, challengeId: award.challenge.id },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      side: true,
      status: true,
      amountFen: true,
      note: true,
      createdAt: true,
    },
  });
  const facts: (OfferFacts & { note: string | null; createdAt: Date })[] = offers
    .filter((o) => isOfferSide(o.side) && isOfferStatus(o.status))
    .map((o) => ({
      id: o.id,
      side: o.side as OfferSide,
      status: o.status as OfferFacts['status'],
      amountFen: toFen(o.amountFen),
      note: o.note,
      createdAt: o.createdAt,
    }));
  const bountyType: BountyType = award.challenge.bountyType === 'OPEN' ? 'OPEN' : 'FIXED';
  return {
    award,
    offers: facts,
    bountyType,
    parties: { enterpriseId: award.challenge.enterpriseId, teamId: award.application.teamId },
    ctx: { bountyType, offers: facts, open: award.contract === null },
  };
}

/**
 * The trail as a viewer sees it: the two parties and the bureau; anyone else gets null (the
 * route answers 404, so that the award's existence is not told).
 */
export async function negotiationFor(db: Db, viewer: Actor, awardId: string) {
  const trail = await loadTrail(db, awardId);
  if (!trail) return null;
  const side = sideOf(viewer.organizationId, trail.parties);
  const staff = isStaffRole(viewer.role);
  if (!side && !staff) return null;
  const { award, offers, bountyType, ctx } = trail;
  const latest = latestOffer(offers);
  const offerCheck = side ? canMakeOffer(ctx, side) : null;
  return {
    awardId: award.id,
    challenge: {
      code: award.challenge.code,
      title: award.challenge.title,
      titleEn: award.challenge.titleEn,
      bountyType,
      bountyFen: toFenOrNull(award.challenge.bountyFen),
    },
    enterprise: award.challenge.enterprise,
    team: award.application.team,
    requestedFen: toFenOrNull(award.application.requestedFen),
    contractCode: award.contract?.code ?? null,
    state: negotiationState(bountyType, offers),
    agreedFen: agreedAmountFen(bountyType, toFenOrNull(award.challenge.bountyFen), offers),
    offers: offers.map((o) => ({
      id: o.id,
      side: o.side,
      status: o.status,
      amountFen: o.amountFen,
      note: o.note,
      createdAt: o.createdAt.toISOString(),
    })),
    viewer: {
      side,
      staff,
      canOffer: offerCheck?.ok === true,
      // why this side cannot make an offer now (waiting for an answer, agreed, closed …)
      refusal: offerCheck && !offerCheck.ok ? offerCheck.reason : null,
      // the offer this side may accept: the other side's latest, still open
      acceptable: side !== null && canAcceptOffer(ctx, side).ok ? (latest?.id ?? null) : null,
    },
  };
}

/** Whether the viewer may see the trail at all (for the action's guard, before the form). */
export async function mayNegotiate(db: Db, viewer: Actor, awardId: string) {
  const trail = await loadTrail(db, awardId);
  if (!trail) return { visible: false, side: null };
  const side = sideOf(viewer.organizationId, trail.parties);
  return { visible: side !== null || isStaffRole(viewer.role), side };
}

export type NegotiationRefusal = 'notFound' | 'forbidden' | 'conflict' | OfferRefusal;
export type NegotiationResult = Result<object, NegotiationRefusal>;

type Trail = NonNullable<Awaited<ReturnType<typeof loadTrail>>>;

/**
 * One change of the trail by a party, after the award's lock (so that two offers, or an offer
 * and an acceptance, on one award happen one after the other and each reads the one before);
 * the other side is notified.
 */
function partyCommand(
  db: Db,
  actor: Actor,
  awardId: string,
  work: (ctx: Context, trail: Trail, side: OfferSide) => Promise<Notice>,
): Promise<NegotiationResult> {
  return command<object, NegotiationRefusal>(
    db,
    { errors: CONTRACT_ERRORS, actor, lock: (tx) => lockAward(tx, awardId) },
    async (ctx) => {
      const trail = await loadTrail(ctx.tx, awardId);
      if (!trail) throw new Refused('notFound');
      const side = sideOf(actor.organizationId, trail.parties);
      // the bureau reads the trail but makes no offers; anyone else does not see it
      if (!side) throw new Refused(isStaffRole(actor.role) ? 'forbidden' : 'notFound');
      const notice = await work(ctx, trail, side);
      const other =
        otherSide(side) === 'ENTERPRISE' ? trail.parties.enterpriseId : trail.parties.teamId;
      await ctx.notifyOrganization(other, notice);
      return {};
    },
  );
}

/** A party's offer (or counter-offer): supersedes the other side's open offer. */
export function makeOffer(
  db: Db,
  actor: Actor,
  awardId: string,
  input: { amountFen: number; note: string | null },
  opts: { origin?: string; now?: Date } = {},
): Promise<NegotiationResult> {
  const now = opts.now ?? new Date();
  return partyCommand(db, actor, awardId, async (ctx, trail, side) => {
    const allowed = canMakeOffer(trail.ctx, side);
    if (!allowed.ok) throw new Refused(allowed.reason);
    const previous = latestOffer(trail.offers);
    let superseded: string | null = null;
    if (previous && previous.status === 'OPEN') {
      const to = transitionOffer(previous.status, 'supersede', side);
      const updated = await ctx.tx.offer.updateMany({
        where: { id: previous.id, status: 'OPEN' },
        data: { status: to },
      });
      if (updated.count !== 1) throw new Refused('conflict');
      superseded = previous.id;
    }
    const offer = await ctx.tx.offer.create({
      data: {
        challengeId: trail.award.challenge.id,
        applicationId: trail.award.applicationId,
        organizationId: actor.organizationId,
        side,
        amountFen: BigInt(input.amountFen),
        note: input.note,
        status: 'OPEN',
        createdAt: now,
      },
      select: { id: true },
    });
    await ctx.audit({
      action: 'offer.made',
      entityType: 'Offer',
      entityId: offer.id,
      data: { awardId, side, amountFen: input.amountFen, superseded },
      at: now,
    });
    return {
      kind: 'offerMade',
      params: {
        code: trail.award.challenge.code ?? '',
        amount: formatWan(input.amountFen, 'zh'),
      },
      link: `/negotiation/${awardId}`,
      origin: opts.origin,
    };
  });
}

/** A party accepts the other side's latest offer: its amount becomes the contract's reward. */
export function acceptOffer(
  db: Db,
  actor: Actor,
  awardId: string,
  offerId: string,
  opts: { now?: Date; origin?: string } = {},
): Promise<NegotiationResult> {
  const now = opts.now ?? new Date();
  return partyCommand(db, actor, awardId, async (ctx, trail, side) => {
    const allowed = canAcceptOffer(trail.ctx, side, offerId);
    if (!allowed.ok) throw new Refused(allowed.reason);
    const to = transitionOffer(allowed.offer.status, 'accept', side);
    const updated = await ctx.tx.offer.updateMany({
      where: { id: allowed.offer.id, status: 'OPEN' },
      data: { status: to },
    });
    if (updated.count !== 1) throw new Refused('conflict');
    await ctx.audit({
      action: 'offer.accepted',
      entityType: 'Offer',
      entityId: allowed.offer.id,
      data: { awardId, side, amountFen: allowed.offer.amountFen },
      at: now,
    });
    // the side that made the offer learns that its amount is now the contract's reward
    return {
      kind: 'offerAccepted',
      params: {
        code: trail.award.challenge.code ?? '',
        amount: formatWan(allowed.offer.amountFen, 'zh'),
      },
      link: `/negotiation/${awardId}`,
      origin: opts.origin,
    };
  });
}

/** The accepted amount of an award's negotiation (inside the caller's transaction), or null. */
export async function acceptedOfferFen(tx: Db | Tx, applicationId: string, challengeId: string) {
  const accepted = await tx.offer.findFirst({
    where: { applicationId, challengeId, status: 'ACCEPTED' },
    orderBy: { createdAt: 'desc' },
    select: { amountFen: true },
  });
  return accepted ? toFen(accepted.amountFen) : null;
}
