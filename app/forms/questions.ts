// The forms of a challenge's clarifications section (app/routes/challenges.$code.tsx): one
// schema per form, told apart by the hidden `intent` field, and their union for the action.
import { z } from 'zod';
import { ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH } from '~/domain/question';
import { text } from './common';

const questionId = text(64);

export const askSchema = z.object({ intent: z.literal('ask'), body: text(QUESTION_MAX_LENGTH) });

export const answerSchema = z.object({
  intent: z.literal('answer'),
  questionId,
  answer: text(ANSWER_MAX_LENGTH),
});

export const hideSchema = z.object({ intent: z.literal('hide'), questionId });

export const unhideSchema = z.object({ intent: z.literal('unhide'), questionId });

/** The hide and unhide buttons share one form per question. */
export const moderateSchema = z.discriminatedUnion('intent', [hideSchema, unhideSchema], {
  error: 'validation.invalid',
});

export const questionActionSchema = z.discriminatedUnion(
  'intent',
  [askSchema, answerSchema, hideSchema, unhideSchema],
  { error: 'validation.invalid' },
);

export type QuestionIntent = z.infer<typeof questionActionSchema>['intent'];
