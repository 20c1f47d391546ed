import { z } from 'zod';
import { optionalText, text } from './common';

/**
 * The form's `intent` on the need's vetting page, whose action tells it from the decisions
 * (routes/review.needs.$id.server.ts); not in the schema, which reads only the fields below.
 */
export const DUPLICATE_INTENT = 'markDuplicate';

/**
 * A reviewer marks a need as a duplicate of an earlier one: that need's reference (N-… or its
 * public code ZB-…) and, optionally, a remark added to the return comment.
 */
export const markDuplicateSchema = z.object({
  duplicateOf: text(40),
  note: optionalText(1000),
});
