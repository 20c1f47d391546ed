// The "close applications early" form of the bureau's challenge desk
// (app/routes/review.challenges.$code/route.tsx). It has its own intent beside the desk's
// evaluation intents, because closing is a step of the challenge's lifecycle, not of its
// evaluation.
import { z } from 'zod';
import { CLOSE_REASON_MAX_LENGTH } from '~/domain/need';
import { text } from './common';

export const CLOSE_EARLY_INTENT = 'closeEarly';

export const closeEarlySchema = z.object({
  intent: z.literal(CLOSE_EARLY_INTENT),
  reason: text(CLOSE_REASON_MAX_LENGTH),
});
