// Forms of vacancies and the next-ranked team (docs/decisions/033): the team's declining of its
// award, and the staff's vacancy desk (no contract signed in time, the promotion's proposal and
// an admin's decision). Messages are translation keys (validation.* or vacancies.errors.*).
import { z } from 'zod';
import { optionalText, recordId, text } from './common';

/** The team declines its award: why, and a ticked confirmation (the step cannot be undone). */
export const declineAwardSchema = z.object({
  reason: text(1000),
  confirm: z.literal('yes', { error: 'vacancies.errors.confirmRequired' }),
});

export const vacancyDeskSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('unsigned'), awardId: recordId, comment: optionalText(1000) }),
    z.object({ intent: z.literal('propose'), awardId: recordId, candidateId: recordId }),
    z.object({ intent: z.literal('approve'), promotionId: recordId, reason: optionalText(1000) }),
    z.object({ intent: z.literal('reject'), promotionId: recordId, reason: text(1000) }),
  ],
  { error: 'validation.invalid' },
);

export type VacancyDeskInput = z.output<typeof vacancyDeskSchema>;
