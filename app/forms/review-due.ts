// Forms of review due dates (the bureau's experts desk, /review/experts): assigning one expert
// to many applications, moving assignments to another expert, changing due dates. The bounds
// of a due date (not past, not too far) need the clock and are the service's; the form checks
// the shape. Messages are translation keys.
import { z } from 'zod';
import { MAX_BULK_ITEMS } from '~/domain/review-due';
import { parseShanghaiDate } from '~/domain/shanghai-date';
import { cleanString, listOf, recordId } from './common';

/** A due date as a date input sends it: a real YYYY-MM-DD day. */
export const dueDateField = cleanString(10)
  .min(1, { error: 'validation.required' })
  .refine((v) => parseShanghaiDate(v) !== null, { error: 'evaluation.errors.dueInvalid' });

const idList = listOf(
  recordId,
  MAX_BULK_ITEMS,
  'evaluation.errors.bulkEmpty',
  'evaluation.errors.bulkTooMany',
);

export const expertDeskSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({
      intent: z.literal('assignMany'),
      expertId: recordId,
      applicationIds: idList,
      dueDate: dueDateField,
    }),
    z.object({
      intent: z.literal('reassign'),
      assignmentIds: idList,
      toExpertId: recordId,
      dueDate: dueDateField,
    }),
    z.object({ intent: z.literal('redate'), assignmentIds: idList, dueDate: dueDateField }),
  ],
  { error: 'validation.invalid' },
);

export type ExpertDeskInput = z.output<typeof expertDeskSchema>;
