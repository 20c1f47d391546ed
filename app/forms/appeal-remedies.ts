// The re-evaluation desk of an upheld appeal (app/routes/review.appeals.$id): staff assign
// round-2 experts and propose a remedy; an admin who did not propose it approves or rejects.
// Messages are translation keys (validation.* or appealRemedies.errors.*).
import { z } from 'zod';
import { REMEDY_KINDS } from '~/domain/appeal-remedy';
import { listOf, optionalText, recordId, text } from './common';
import { dueDateField } from './review-due';

export const appealRemedySchema = z
  .discriminatedUnion(
    'intent',
    [
      z.object({
        intent: z.literal('assign'),
        reviewerIds: listOf(
          recordId,
          20,
          'appealRemedies.errors.reviewersRequired',
          'validation.invalid',
        ),
        dueDate: dueDateField.optional(),
      }),
      z.object({
        intent: z.literal('propose'),
        kind: z.enum(REMEDY_KINDS, { error: 'appealRemedies.errors.kindRequired' }),
        replacesAwardId: recordId.optional(),
        reason: text(1000),
      }),
      z.object({ intent: z.literal('approve'), awardId: recordId, reason: optionalText(1000) }),
      z.object({ intent: z.literal('reject'), awardId: recordId, reason: text(1000) }),
    ],
    { error: 'validation.invalid' },
  )
  .superRefine((v, ctx) => {
    if (v.intent === 'propose' && v.kind === 'APPEAL_REPLACE' && !v.replacesAwardId)
      ctx.addIssue({
        code: 'custom',
        path: ['replacesAwardId'],
        message: 'appealRemedies.errors.replaceTarget',
      });
  });

export type AppealRemedyInput = z.output<typeof appealRemedySchema>;
