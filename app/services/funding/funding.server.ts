// 榜额到位 (docs/decisions/032-funding-secured.md): a reviewer confirms a payer's share of a fixed
// bounty (a bank receipt with its reference, or a funds hold on the Stripe rail); the share is
// committed in the ledger (sponsors → secured:<challenge>) in the same transaction, with its
// audit record, and once every share the programme's rule asks for is held the challenge is
// "funding secured" and may be published. When the challenge is withdrawn, rejected or ends
// unawarded, the held shares are released (the exact negation of their journals), inside the
// command that makes that transition. The rules are app/domain/funding.ts.
import {
  type BountyFacts,
  checkConfirmation,
  DEFAULT_FUNDING_RULE,
  fundingState,
  isConfirmable,
  parseFundingRule,
  requiredShares,
  type FundingMethod,
  type FundingPayer,
  type FundingRule,
} from '~/domain/funding';
import { fundingHeldJournal, fundingJournalId, fundingReleasedJournal } from '~/domain/ledger';
import { isUniqueViolation, type Db, type Tx } from '~/lib/db.server';
import { toFen, toFenOrNull } from '~/lib/fen';
import { normaliseBankReference } from '~/lib/payment-rail.server';
import { isStripeConfigured } from '~/lib/stripe/client.server';
import { discardStoredBytes, saveAttachment } from '~/services/attachments/attachments.server';
import type { Actor } from '~/services/kernel/actor';
import { command, type Context } from '~/services/kernel/command.server';
import { lockChallenge } from '~/services/kernel/locks.server';
import { Refused, refusal, type Refusal } from '~/services/kernel/refusal';
import { postJournal } from '~/services/payments/ledger.server';
import { enqueueHoldCancel, verifyHold } from './stripe-hold.server';

export const FUNDING_ERRORS = 'funding.errors';

/** The programme's funding rule, from FUNDING_RULE / FUNDING_ENTERPRISE_SHARE_BP. */
export function fundingRule(env: Record<string, string | undefined> = process.env): FundingRule {
  try {
    return parseFundingRule(env);
  } catch {
    return DEFAULT_FUNDING_RULE;
  }
}

/** What the funding rules read of a need (its confirmations are selected beside it). */
const needFundingSelect = {
  status: true,
  bountyType: true,
  bountyFen: true,
  fundingSecuredAt: true,
} as const;

const bountyFacts = (need: { bountyType: string; bountyFen: bigint | null }): BountyFacts => ({
  bountyType: need.bountyType,
  bountyFen: toFenOrNull(need.bountyFen),
});

export type HoldInput = {
  challengeId: string;
  payer: FundingPayer;
  amountFen: number;
  method: FundingMethod;
  attachmentId?: string | null;
  bankReference?: string | null;
  stripePaymentIntentId?: string | null;
  confirmedById: string;
  at: Date;
};

/**
 * Records one confirmation and its ledger journal in `tx` (the caller holds the challenge's
 * lock and has checked the rule). Also used by the seed and the test factories.
 */
export async function recordHold(tx: Tx, h: HoldInput) {
  const row = await tx.fundingConfirmation.create({
    data: {
      challengeId: h.challengeId,
      payer: h.payer,
      amountFen: BigInt(h.amountFen),
      method: h.method,
      attachmentId: h.attachmentId ?? null,
      bankReference: h.bankReference ?? null,
      stripePaymentIntentId: h.stripePaymentIntentId ?? null,
      status: 'HELD',
      confirmedById: h.confirmedById,
      confirmedAt: h.at,
    },
    select: { id: true },
  });
  await postJournal(tx, {
    journalId: fundingJournalId(row.id, 'held'),
    contractId: null,
    postings: fundingHeldJournal({ challengeId: h.challengeId, amountFen: h.amountFen }),
    memo: `funding confirmed: ${h.payer} share held`,
    at: h.at,
  });
  return row;
}

/**
 * Secures a fixed bounty in one go, in `tx`: every share the rule asks for confirmed by bank
 * receipt `reference` (no file), with its journals, and fundingSecuredAt set. For the seed's
 * records of the past and for test fixtures; reviewers use confirmFunding.
 */
export async function secureBounty(
  tx: Tx,
  c: { challengeId: string; bountyFen: number; confirmedById: string; at: Date; reference: string },
  rule: FundingRule = DEFAULT_FUNDING_RULE,
) {
  const rows = [];
  for (const share of requiredShares(rule, { bountyType: 'FIXED', bountyFen: c.bountyFen })) {
    const row = await recordHold(tx, {
      challengeId: c.challengeId,
      payer: share.payer,
      amountFen: share.amountFen,
      method: 'BANK_RECEIPT',
      bankReference: normaliseBankReference(`${c.reference}-${share.payer.slice(0, 3)}`),
      confirmedById: c.confirmedById,
      at: c.at,
    });
    rows.push({ id: row.id, challengeId: c.challengeId, amountFen: share.amountFen });
  }
  await tx.challenge.update({ where: { id: c.challengeId }, data: { fundingSecuredAt: c.at } });
  return rows;
}

/**
 * Releases one HELD confirmation in `tx`: its status, and the negation of its journal. False
 * when it was not HELD any more. Also used by the seed.
 */
export async function recordRelease(
  tx: Tx,
  h: { id: string; challengeId: string; amountFen: number },
  opts: { actorId: string | null; reason: string; now: Date },
): Promise<boolean> {
  const done = await tx.fundingConfirmation.updateMany({
    where: { id: h.id, status: 'HELD' },
    data: {
      status: 'RELEASED',
      releasedAt: opts.now,
      releasedById: opts.actorId,
      releaseReason: opts.reason,
    },
  });
  if (done.count !== 1) return false;
  await postJournal(tx, {
    journalId: fundingJournalId(h.id, 'released'),
    contractId: null,
    postings: fundingReleasedJournal({ challengeId: h.challengeId, amountFen: h.amountFen }),
    memo: `funding released: ${opts.reason}`,
    at: opts.now,
  });
  return true;
}

/**
 * Releases every HELD share of a challenge inside the caller's command (withdrawn, rejected,
 * unawarded): each with the negation of its journal and an audit record; clears
 * fundingSecuredAt. Returns how many shares were released.
 */
export async function releaseFunding(
  ctx: Pick<Context, 'tx' | 'audit'>,
  challengeId: string,
  opts: { actorId: string | null; reason: string; now: Date },
): Promise<number> {
  const held = await ctx.tx.fundingConfirmation.findMany({
    where: { challengeId, status: 'HELD' },
    select: { id: true, payer: true, amountFen: true, method: true, stripePaymentIntentId: true },
    orderBy: { payer: 'asc' },
  });
  for (const h of held) {
    const amountFen = toFen(h.amountFen);
    if (!(await recordRelease(ctx.tx, { id: h.id, challengeId, amountFen }, opts))) continue;
    // the hold at Stripe is cancelled after commit, by the outbox (stripe-hold.server.ts)
    if (h.method === 'STRIPE_HOLD' && h.stripePaymentIntentId)
      await enqueueHoldCancel(ctx.tx, {
        confirmationId: h.id,
        challengeId,
        paymentIntentId: h.stripePaymentIntentId,
      });
    await ctx.audit({
      action: 'funding.released',
      entityType: 'Challenge',
      entityId: challengeId,
      data: { confirmationId: h.id, payer: h.payer, amountFen, reason: opts.reason },
      at: opts.now,
    });
  }
  if (held.length > 0)
    await ctx.tx.challenge.update({ where: { id: challengeId }, data: { fundingSecuredAt: null } });
  return held.length;
}

/** Σ of the HELD shares of a challenge, in fen. */
export async function heldFundingFen(tx: Tx | Db, challengeId: string): Promise<number> {
  const sum = await tx.fundingConfirmation.aggregate({
    where: { challengeId, status: 'HELD' },
    _sum: { amountFen: true },
  });
  return toFen(sum._sum.amountFen ?? 0n);
}

export type ConfirmFundingInput = {
  payer: FundingPayer;
  method: FundingMethod;
  bankReference?: string;
  stripePaymentIntentId?: string;
  /** the bank receipt, as the form sent it (`formData.get('receipt')`) */
  receipt?: FormDataEntryValue | null;
};

export type ConfirmFundingRefusal =
  | 'notFound'
  | 'notRequired'
  | 'notConfirmable'
  | 'payerNotInRule'
  | 'alreadyConfirmed'
  | 'reference'
  | 'holdTaken'
  | 'paymentIntent'
  | 'stripeOff'
  | 'holdNotFound'
  | 'holdNotHeld'
  | 'holdCurrency'
  | 'holdAmount'
  | 'stripeUnavailable'
  | 'upload_empty'
  | 'upload_too_large'
  | 'upload_type';

/**
 * A Stripe hold is checked with Stripe before the command, outside any transaction: the share
 * it must hold is read in a short transaction of its own, then the PaymentIntent is retrieved.
 * Returns the refusal, or the amount the hold was verified for (the command refuses if the
 * share differs by then). When the confirmation would be refused anyway (not a reviewer, no
 * such share, confirmed already, hold used already), Stripe is not asked and the command says
 * why.
 */
async function preCheckHold(
  db: Db,
  actor: Actor,
  challengeId: string,
  input: ConfirmFundingInput,
  rule: FundingRule,
): Promise<Refusal<ConfirmFundingRefusal> | { ok: true; amountFen: number } | null> {
  if (actor.role !== 'REVIEWER' && actor.role !== 'ADMIN') return null;
  const pi = input.stripePaymentIntentId ?? '';
  const facts = await db.$transaction(async (tx) => {
    const need = await tx.challenge.findUnique({
      where: { id: challengeId },
      select: {
        ...needFundingSelect,
        fundings: { select: { payer: true, amountFen: true, status: true } },
      },
    });
    const taken = pi
      ? await tx.fundingConfirmation.findUnique({
          where: { stripePaymentIntentId: pi },
          select: { id: true },
        })
      : null;
    return { need, taken };
  });
  if (!facts.need || facts.need.status === 'DRAFT' || facts.taken || !pi) return null;
  const check = checkConfirmation(
    rule,
    { ...bountyFacts(facts.need), status: facts.need.status },
    input.payer,
    facts.need.fundings.map((f) => ({ ...f, amountFen: toFen(f.amountFen) })),
  );
  if (!check.ok) return null;
  if (!isStripeConfigured()) return refusal(FUNDING_ERRORS, 'stripeOff', { field: 'method' });
  const hold = await verifyHold(pi, check.amountFen);
  if (!hold.ok)
    return refusal(FUNDING_ERRORS, hold.reason, {
      field: hold.reason === 'stripeUnavailable' ? undefined : 'stripePaymentIntentId',
    });
  return { ok: true as const, amountFen: check.amountFen };
}

/**
 * A reviewer confirms one payer's share. Under the challenge's lock: of two reviewers
 * confirming the same share at once, the first commits and the second is told it is confirmed
 * already (the unique (challenge, payer) index stands behind the lock). The amount is the
 * rule's share. Writes the confirmation, its receipt, its journal, the audit record, and sets
 * fundingSecuredAt when the last share lands.
 */
export async function confirmFunding(
  db: Db,
  actor: Actor,
  challengeId: string,
  input: ConfirmFundingInput,
  opts: { now?: Date; rule?: FundingRule } = {},
) {
  const now = opts.now ?? new Date();
  const rule = opts.rule ?? fundingRule();
  let verifiedFen: number | null = null;
  if (input.method === 'STRIPE_HOLD') {
    const hold = await preCheckHold(db, actor, challengeId, input, rule);
    if (hold && !hold.ok) return hold;
    verifiedFen = hold?.amountFen ?? null;
  }
  const saved: string[] = [];
  const discard = () => Promise.all(saved.map((s) => discardStoredBytes(s).catch(() => undefined)));
  try {
    const result = await command<{ secured: boolean }, ConfirmFundingRefusal>(
      db,
      { errors: FUNDING_ERRORS, actor, lock: (tx) => lockChallenge(tx, challengeId) },
      async ({ tx, audit }) => {
        if (actor.role !== 'REVIEWER' && actor.role !== 'ADMIN') throw new Refused('notFound');
        const need = await tx.challenge.findUnique({
          where: { id: challengeId },
          select: {
            ...needFundingSelect,
            fundings: { select: { payer: true, amountFen: true, status: true } },
          },
        });
        if (!need || need.status === 'DRAFT') throw new Refused('notFound');
        const facts = bountyFacts(need);
        const confirmations = need.fundings.map((f) => ({ ...f, amountFen: toFen(f.amountFen) }));
        const check = checkConfirmation(
          rule,
          { ...facts, status: need.status },
          input.payer,
          confirmations,
        );
        if (!check.ok)
          throw new Refused(check.reason, {
            field: check.reason === 'alreadyConfirmed' ? 'payer' : undefined,
          });
        let bankReference: string | null = null;
        let attachmentId: string | null = null;
        if (input.method === 'BANK_RECEIPT') {
          bankReference = normaliseBankReference(input.bankReference ?? '');
          if (!bankReference) throw new Refused('reference', { field: 'bankReference' });
          const stored = await saveAttachment(tx, {
            ownerType: 'FundingReceipt',
            ownerId: challengeId,
            file: input.receipt,
            uploadedById: actor.id,
            field: 'receipt',
          });
          saved.push(stored.attachment.storedName);
          attachmentId = stored.attachment.id;
        }
        const stripePaymentIntentId =
          input.method === 'STRIPE_HOLD' ? (input.stripePaymentIntentId ?? null) : null;
        if (input.method === 'STRIPE_HOLD' && !stripePaymentIntentId)
          throw new Refused('paymentIntent', { field: 'stripePaymentIntentId' });
        if (stripePaymentIntentId) {
          const taken = await tx.fundingConfirmation.findUnique({
            where: { stripePaymentIntentId },
            select: { id: true },
          });
          if (taken) throw new Refused('holdTaken', { field: 'stripePaymentIntentId' });
          // verified with Stripe before the command, for the share as it was then
          if (!isStripeConfigured()) throw new Refused('stripeOff', { field: 'method' });
          if (verifiedFen !== check.amountFen)
            throw new Refused('holdAmount', { field: 'stripePaymentIntentId' });
        }
        const row = await recordHold(tx, {
          challengeId,
          payer: input.payer,
          amountFen: check.amountFen,
          method: input.method,
          attachmentId,
          bankReference,
          stripePaymentIntentId,
          confirmedById: actor.id,
          at: now,
        });
        const state = fundingState(rule, facts, [
          ...confirmations,
          { payer: input.payer, amountFen: check.amountFen, status: 'HELD' },
        ]);
        if (state.secured && !need.fundingSecuredAt)
          await tx.challenge.update({
            where: { id: challengeId },
            data: { fundingSecuredAt: now },
          });
        await audit({
          action: 'funding.confirmed',
          entityType: 'Challenge',
          entityId: challengeId,
          data: {
            confirmationId: row.id,
            payer: input.payer,
            amountFen: check.amountFen,
            method: input.method,
            bankReference,
            stripePaymentIntentId,
            attachmentId,
            secured: state.secured,
          },
          at: now,
        });
        return { secured: state.secured };
      },
    );
    if (!result.ok) await discard();
    return result;
  } catch (error) {
    await discard();
    if (isUniqueViolation(error))
      // the same share confirmed meanwhile (behind the lock, the unique index)
      return {
        ok: false as const,
        error: 'alreadyConfirmed' as const,
        key: `${FUNDING_ERRORS}.alreadyConfirmed`,
        field: 'payer',
      };
    throw error;
  }
}

/** A need's funding as the vetting page shows it. */
export async function fundingForReview(db: Db, challengeId: string, rule = fundingRule()) {
  const need = await db.challenge.findUnique({
    where: { id: challengeId },
    select: {
      ...needFundingSelect,
      fundings: {
        orderBy: { confirmedAt: 'asc' },
        select: {
          id: true,
          payer: true,
          amountFen: true,
          method: true,
          attachmentId: true,
          bankReference: true,
          stripePaymentIntentId: true,
          status: true,
          confirmedAt: true,
          releasedAt: true,
          releaseReason: true,
        },
      },
    },
  });
  if (!need) return null;
  const facts = bountyFacts(need);
  const confirmations = need.fundings.map((f) => ({
    ...f,
    amountFen: toFen(f.amountFen),
    confirmedAt: f.confirmedAt.toISOString(),
    releasedAt: f.releasedAt?.toISOString() ?? null,
  }));
  const state = fundingState(rule, facts, confirmations);
  const receipts = await db.attachment.findMany({
    where: {
      id: { in: confirmations.flatMap((c) => (c.attachmentId ? [c.attachmentId] : [])) },
    },
    select: { id: true, originalName: true, sizeBytes: true },
  });
  return {
    ...state,
    securedAt: need.fundingSecuredAt?.toISOString() ?? null,
    confirmable: isConfirmable(need.status),
    /** whether a share may be confirmed by a Stripe funds hold: the Stripe rail is on */
    stripeHold: isStripeConfigured(),
    confirmations,
    receipts,
  };
}

export type FundingView = NonNullable<Awaited<ReturnType<typeof fundingForReview>>>;
