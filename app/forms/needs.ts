import { z } from 'zod';
import { INDUSTRIES } from '~/domain/industry';
import { parseWanToFen } from '~/domain/money';
import { parseShanghaiDate, startOfShanghaiDay } from '~/domain/shanghai-date';
import { cleanString, listOf, optionalText, required, text } from './common';

export const FIELDS = INDUSTRIES;
export const MAX_TARGETS = 10;
/** The statuses the bureau's vetting queue can show. */
export const QUEUE_STATUSES = ['SUBMITTED', 'RETURNED', 'REJECTED', 'WITHDRAWN'] as const;
/** 5 亿元: far above any bounty the bureau has set; anything larger is a typing slip. */
export const MAX_BOUNTY_FEN = 50_000 * 1_000_000;

/** The fields as typed, before the rules that span fields; Conform reads constraints from it. */
export const needFields = z.object({
  title: text(100),
  titleEn: optionalText(200),
  field: z.enum(FIELDS, { error: 'validation.required' }),
  background: text(4000),
  targets: listOf(
    text(300),
    MAX_TARGETS,
    'needs.errors.targetsRequired',
    'needs.errors.targetsTooMany',
  ),
  bountyType: z.enum(['FIXED', 'OPEN'], { error: 'validation.required' }),
  bountyWan: cleanString(40).optional(),
  applicationDeadline: cleanString(40),
  implementationMonths: z
    .string(required)
    .trim()
    .refine((m) => /^\d{1,3}$/.test(m) && Number(m) >= 1 && Number(m) <= 120, {
      error: 'needs.errors.months',
    }),
  contactName: text(50),
  contactPhone: text(30),
});

/**
 * The need form. `now` decides what "a deadline in the past" means; the server passes its own
 * clock, the browser its own (the server's word is final).
 */
export function needSchema(now = new Date()) {
  return needFields
    .superRefine((v, ctx) => {
      if (v.bountyType === 'FIXED') {
        const parsed = v.bountyWan ? parseWanToFen(v.bountyWan) : null;
        if (!v.bountyWan)
          ctx.addIssue({
            code: 'custom',
            path: ['bountyWan'],
            message: 'needs.errors.bountyRequired',
          });
        else if (!parsed!.ok) {
          const key =
            parsed!.error === 'negative'
              ? 'needs.errors.bountyNegative'
              : parsed!.error === 'too_precise'
                ? 'needs.errors.bountyPrecision'
                : 'needs.errors.bountyInvalid';
          ctx.addIssue({ code: 'custom', path: ['bountyWan'], message: key });
        } else if (parsed!.fen <= 0)
          ctx.addIssue({
            code: 'custom',
            path: ['bountyWan'],
            message: 'needs.errors.bountyPositive',
          });
        else if (parsed!.fen > MAX_BOUNTY_FEN)
          ctx.addIssue({
            code: 'custom',
            path: ['bountyWan'],
            message: 'needs.errors.bountyTooLarge',
          });
      }
      const deadline = parseShanghaiDate(v.applicationDeadline);
      if (!deadline)
        ctx.addIssue({
          code: 'custom',
          path: ['applicationDeadline'],
          message: 'validation.invalid',
        });
      else if (deadline.getTime() < startOfShanghaiDay(now).getTime()) {
        ctx.addIssue({
          code: 'custom',
          path: ['applicationDeadline'],
          message: 'needs.errors.deadlinePast',
        });
      }
    })
    .transform((v) => ({
      ...v,
      titleEn: v.titleEn || null,
      implementationMonths: Number(v.implementationMonths),
      bountyFen:
        v.bountyType === 'FIXED'
          ? (parseWanToFen(v.bountyWan!) as { ok: true; fen: number }).fen
          : null,
      deadline: parseShanghaiDate(v.applicationDeadline)!,
    }));
}

export type NeedInput = z.output<ReturnType<typeof needSchema>>;

export const needDecisionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('publish'),
    comment: optionalText(2000),
  }),
  z.object({ intent: z.literal('return'), comment: text(2000) }),
  z.object({ intent: z.literal('reject'), comment: text(2000) }),
]);
