// The forms of the contracts desk: registering a contract (review.contracts.new.$awardId), the
// open-bounty negotiation (negotiation.$awardId) and the milestone actions of a contract
// (workspace.contracts.$code). Messages are translation keys.
import { z } from 'zod';
import { MAX_MILESTONES, checkDueDates, parseSharePercent } from '~/domain/contract-rules';
import { FULL_SHARE_BP } from '~/domain/contract';
import { parseWanToFen, type ParseMoneyResult } from '~/domain/money';
import { MAX_OFFER_FEN } from '~/domain/negotiation';
import { parseShanghaiDate, startOfShanghaiDay } from '~/domain/shanghai-date';
import { listOf, optionalText, required, text } from './common';

/** A contract's R&D investment may be large, but not beyond 500 亿元: a typing slip. */
export const MAX_RD_INVESTMENT_FEN = 5_000_000 * 1_000_000;
export const EVIDENCE_MAX_LENGTH = 4000;
export const REASON_MAX_LENGTH = 2000;

/** The message for an amount in 万元 that cannot be read as one (shared with other money forms). */
export const wanError = (error: Exclude<ParseMoneyResult, { ok: true }>['error']) =>
  error === 'negative'
    ? 'contractsDesk.errors.amountNegative'
    : error === 'too_precise'
      ? 'contractsDesk.errors.amountPrecision'
      : error === 'too_large'
        ? 'contractsDesk.errors.amountTooLarge'
        : 'contractsDesk.errors.amountInvalid';

// ---------------------------------------------------------------------------------------------
// Registering a contract

/**
 * An amount in 万元: exact fen, above zero, at most `max`, at least `min` (with its message).
 * Checked on the field itself, so that its error shows as the field is left, not later when
 * some other field is.
 */
function wanAmount(opts: { max: number; min?: { fen: number; error: string } | null }) {
  return z
    .string(required)
    .trim()
    .superRefine((value, ctx) => {
      const parsed = parseWanToFen(value);
      const error = !parsed.ok
        ? wanError(parsed.error)
        : parsed.fen <= 0
          ? 'contractsDesk.errors.amountPositive'
          : parsed.fen > opts.max
            ? 'contractsDesk.errors.amountTooLarge'
            : opts.min && parsed.fen < opts.min.fen
              ? opts.min.error
              : null;
      if (error) ctx.addIssue({ code: 'custom', message: error });
    });
}

const shanghaiDay = z
  .string(required)
  .trim()
  .refine((value) => parseShanghaiDate(value) !== null, { error: 'validation.invalid' });

const sharePercent = z
  .string(required)
  .trim()
  .superRefine((value, ctx) => {
    const share = parseSharePercent(value);
    if (!share.ok)
      ctx.addIssue({ code: 'custom', message: `contractsDesk.errors.share_${share.error}` });
  });

export const milestoneFields = z.object({
  title: text(100),
  dueDate: z.string(required).trim(),
  deliverables: text(2000),
  sharePct: z.string(required).trim(),
});

const milestoneList = <T extends z.ZodType>(item: T) =>
  listOf(
    item,
    MAX_MILESTONES,
    'contractsDesk.errors.milestonesRequired',
    'contractsDesk.errors.milestonesTooMany',
  );

/** The fields as typed, without their rules; Conform reads the constraints from it. */
export const contractFields = z.object({
  rdInvestmentWan: z.string(required).trim(),
  signedAt: z.string(required).trim(),
  milestones: milestoneList(milestoneFields),
});

/**
 * The contract form. `now` decides what "a signing date in the future" means; `rewardFen` is
 * the contract's reward (null while an open bounty has no agreed amount: the service refuses
 * the registration then), which the R&D investment may not fall below. Each field checks
 * itself; the rules that span fields (shares summing to 100 %, due dates after signing and in
 * order) come after.
 */
export function contractSchema(opts: { now?: Date; rewardFen: number | null }) {
  const now = opts.now ?? new Date();
  return z
    .object({
      rdInvestmentWan: wanAmount({
        max: MAX_RD_INVESTMENT_FEN,
        min:
          opts.rewardFen === null
            ? null
            : { fen: opts.rewardFen, error: 'contractsDesk.errors.rdBelowReward' },
      }),
      signedAt: shanghaiDay.refine(
        (value) => {
          const day = parseShanghaiDate(value);
          return !day || day.getTime() <= startOfShanghaiDay(now).getTime();
        },
        { error: 'contractsDesk.errors.signedInFuture' },
      ),
      milestones: milestoneList(
        z.object({
          title: text(100),
          dueDate: shanghaiDay,
          deliverables: text(2000),
          sharePct: sharePercent,
        }),
      ),
    })
    .superRefine((v, ctx) => {
      // (zod runs this even when some fields failed: each rule looks at valid values only)
      const milestones = Array.isArray(v.milestones) ? v.milestones : [];
      if (milestones.length < 1 || milestones.length > MAX_MILESTONES) return;
      const shares = milestones.map((m) => parseSharePercent(m.sharePct ?? ''));
      if (shares.every((share) => share.ok)) {
        const sum = shares.reduce((total, share) => total + (share.ok ? share.bp : 0), 0);
        if (sum !== FULL_SHARE_BP)
          ctx.addIssue({
            code: 'custom',
            path: ['milestones'],
            message: 'contractsDesk.errors.sharesSum',
          });
      }
      const signedAt = parseShanghaiDate(v.signedAt ?? '');
      const dueDates = milestones.map((m) => parseShanghaiDate(m.dueDate ?? ''));
      if (signedAt && dueDates.every((d): d is Date => d !== null)) {
        const wrong = checkDueDates(signedAt, dueDates);
        if (wrong)
          ctx.addIssue({
            code: 'custom',
            path: ['milestones', wrong.index, 'dueDate'],
            message: `contractsDesk.errors.due_${wrong.error}`,
          });
      }
    })
    .transform((v) => ({
      rdInvestmentFen: (parseWanToFen(v.rdInvestmentWan) as { ok: true; fen: number }).fen,
      signedAt: parseShanghaiDate(v.signedAt)!,
      milestones: v.milestones.map((m) => ({
        title: m.title,
        dueDate: parseShanghaiDate(m.dueDate)!,
        deliverables: m.deliverables,
        shareBp: (parseSharePercent(m.sharePct) as { ok: true; bp: number }).bp,
      })),
    }));
}

export type ContractInput = z.output<ReturnType<typeof contractSchema>>;

// ---------------------------------------------------------------------------------------------
// Negotiation of an open bounty

export const offerFields = z.object({
  intent: z.literal('offer'),
  amountWan: z.string(required).trim(),
  note: optionalText(500),
});

export const offerSchema = offerFields
  .extend({ amountWan: wanAmount({ max: MAX_OFFER_FEN }) })
  .transform((v) => ({
    intent: v.intent,
    amountFen: (parseWanToFen(v.amountWan) as { ok: true; fen: number }).fen,
    note: v.note || null,
  }));

export const acceptOfferSchema = z.object({ intent: z.literal('accept'), offerId: text(64) });

// ---------------------------------------------------------------------------------------------
// Milestones of a contract

const milestoneId = text(64);

export const deliverSchema = z.object({
  intent: z.enum(['deliver', 'redeliver'], { error: 'validation.invalid' }),
  milestoneId,
  evidence: text(EVIDENCE_MAX_LENGTH),
});

export const acceptMilestoneSchema = z.object({ intent: z.literal('accept'), milestoneId });

export const rejectMilestoneSchema = z.object({
  intent: z.literal('reject'),
  milestoneId,
  reason: text(REASON_MAX_LENGTH),
});

/** The enterprise's (or the bureau's) answer to a delivery: one form, two buttons. */
export const reviewMilestoneSchema = z.discriminatedUnion(
  'intent',
  [acceptMilestoneSchema, rejectMilestoneSchema],
  { error: 'validation.invalid' },
);

export const confirmMilestoneSchema = z.object({ intent: z.literal('confirm'), milestoneId });

export const startContractSchema = z.object({ intent: z.literal('start') });

export const terminateContractSchema = z.object({
  intent: z.literal('terminate'),
  reason: text(REASON_MAX_LENGTH),
});

/** Every form of the contract page, told apart by `intent`. */
export const contractActionSchema = z.discriminatedUnion(
  'intent',
  [
    deliverSchema,
    acceptMilestoneSchema,
    rejectMilestoneSchema,
    confirmMilestoneSchema,
    startContractSchema,
    terminateContractSchema,
  ],
  { error: 'validation.invalid' },
);

export type ContractActionInput = z.infer<typeof contractActionSchema>;
