// Forms of the expert review and the award: the challenge's evaluation desk, a reviewer's
// scores, the admins' award decisions and appeal resolutions, and the team's appeal. Messages
// are translation keys (validation.* or evaluation.errors.*).
import { z } from 'zod';
import { MAX_AWARD_SLOTS, MIN_AWARD_SLOTS } from '~/domain/award';
import { MAX_CRITERIA, normalizeName, STAGE_GATE_OUTCOMES } from '~/domain/evaluation';
import { parseShanghaiDate } from '~/domain/shanghai-date';
import { cleanString, listOf, optionalText, recordId, required, text } from './common';
import { dueDateField } from './review-due';

const integerIn = (min: number, max: number, error: string) =>
  z
    .string(required)
    .trim()
    .refine((v) => /^\d{1,3}$/.test(v) && Number(v) >= min && Number(v) <= max, { error });

export const criterionRow = z.object({
  name: text(30),
  nameEn: optionalText(60),
  weight: integerIn(1, 100, 'evaluation.errors.weight'),
});

/** The fields of the challenge's evaluation desk, one form per intent. */
export const challengeDeskFields = z.discriminatedUnion(
  'intent',
  [
    z.object({
      intent: z.literal('criteria'),
      criteria: listOf(criterionRow, MAX_CRITERIA, 'evaluation.errors.criteriaCount'),
    }),
    z.object({ intent: z.literal('defaults') }),
    z.object({
      intent: z.literal('slots'),
      awardSlots: integerIn(MIN_AWARD_SLOTS, MAX_AWARD_SLOTS, 'evaluation.errors.slots'),
      stageGateDate: cleanString(40).optional(),
    }),
    z.object({
      intent: z.literal('assign'),
      reviewerIds: listOf(
        recordId,
        50,
        'evaluation.errors.reviewersRequired',
        'validation.invalid',
      ),
      /** YYYY-MM-DD; without it, two weeks from today */
      dueDate: dueDateField.optional(),
    }),
    z.object({ intent: z.literal('unassign'), assignmentId: recordId }),
    z.object({ intent: z.literal('shortlist'), applicationId: recordId }),
    z.object({ intent: z.literal('decline'), applicationId: recordId }),
    z.object({ intent: z.literal('propose'), applicationId: recordId }),
    z.object({ intent: z.literal('finalize') }),
    z.object({ intent: z.literal('unaward') }),
    z.object({
      intent: z.literal('stageGate'),
      awardId: recordId,
      outcome: z.enum(STAGE_GATE_OUTCOMES, { error: 'validation.required' }),
      comment: text(500),
    }),
  ],
  { error: 'validation.invalid' },
);

/** The desk's schema with the rules that span fields (weights sum, stage-gate date). */
export const challengeDeskSchema = challengeDeskFields.superRefine((v, ctx) => {
  if (v.intent === 'criteria') {
    const sum = v.criteria.reduce((s, c) => s + Number(c.weight), 0);
    if (sum !== 100)
      ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'evaluation.errors.weightSum' });
    const names = v.criteria.map((c) => normalizeName(c.name));
    names.forEach((name, i) => {
      if (name && names.indexOf(name) !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['criteria', i, 'name'],
          message: 'evaluation.errors.duplicateName',
        });
    });
  }
  if (v.intent === 'slots') {
    const date = v.stageGateDate ? parseShanghaiDate(v.stageGateDate) : null;
    if (v.stageGateDate && !date)
      ctx.addIssue({ code: 'custom', path: ['stageGateDate'], message: 'validation.invalid' });
    else if (Number(v.awardSlots) > 1 && !date)
      ctx.addIssue({
        code: 'custom',
        path: ['stageGateDate'],
        message: 'evaluation.errors.stageGateRequired',
      });
  }
});

export type ChallengeDeskInput = z.output<typeof challengeDeskSchema>;

/** A reviewer's scores (one row per criterion, by key) or a declared conflict. */
export const assignmentSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({
      intent: z.literal('score'),
      scores: listOf(
        z.object({
          key: text(40),
          score: integerIn(0, 100, 'evaluation.errors.score'),
          comment: text(1000),
        }),
        MAX_CRITERIA,
        'validation.required',
        'validation.invalid',
      ),
    }),
    z.object({ intent: z.literal('recuse'), reason: text(500) }),
  ],
  { error: 'validation.invalid' },
);

/** An admin's decision on an award proposal: the reason is required to reject. */
export const awardDecisionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('approve'), awardId: recordId, reason: optionalText(1000) }),
    z.object({ intent: z.literal('reject'), awardId: recordId, reason: text(1000) }),
  ],
  { error: 'validation.invalid' },
);

export const appealSchema = z.object({ reason: text(2000) });

export const appealResolutionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('uphold'), appealId: recordId, resolution: text(2000) }),
    z.object({ intent: z.literal('dismiss'), appealId: recordId, resolution: text(2000) }),
  ],
  { error: 'validation.invalid' },
);
