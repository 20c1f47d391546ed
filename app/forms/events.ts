// The bureau's forms for matching events (揭榜活动): create an event on the list page; on an
// event's page edit its details, attach and detach challenges, record and remove matches.
// Messages are translation keys ("validation", "eventsAdmin.errors").
import { z } from 'zod';
import {
  INDUSTRIES,
  isPlausibleEventDate,
  isValidSlug,
  normalizeSlug,
} from '~/domain/matching-event';
import { parseShanghaiDate } from '~/domain/shanghai-date';
import { cleanString, optionalText, required, text } from './common';

/** A calendar day typed as YYYY-MM-DD (a date input), stored as 00:00 Asia/Shanghai. */
export const eventDay = z
  .string(required)
  .trim()
  .min(1, { error: 'validation.required' })
  .refine(
    (v) => {
      const date = parseShanghaiDate(v);
      return date !== null && isPlausibleEventDate(date);
    },
    { error: 'eventsAdmin.errors.date' },
  )
  .transform((v) => parseShanghaiDate(v)!);

const id = text(64);

export const eventDetails = {
  name: text(100),
  nameEn: optionalText(200),
  industry: z.enum(INDUSTRIES, { error: 'eventsAdmin.errors.industry' }),
  date: eventDay,
  place: text(100),
  description: text(4000),
};

/** Left empty, the slug is generated from the date; typed, it must be a valid one. */
const slug = z
  .string()
  .transform(normalizeSlug)
  .refine((v) => v === '' || isValidSlug(v), { error: 'eventsAdmin.errors.slug' })
  .optional();

export const createEventSchema = z.object({ ...eventDetails, slug });

export type EventDetailsInput = Omit<z.output<typeof createEventSchema>, 'slug'>;
export type CreateEventInput = z.output<typeof createEventSchema>;

/** Every form of an event's page, told apart by the submit button's `intent`. */
export const eventPageSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('update'), ...eventDetails }),
    // from the candidate list (challengeId) or typed (code): one of the two
    z
      .object({
        intent: z.literal('attach'),
        challengeId: optionalText(64),
        code: cleanString(30, 'eventsAdmin.errors.unknownChallenge').optional(),
      })
      .refine((v) => Boolean(v.challengeId || v.code), {
        path: ['code'],
        error: 'validation.required',
      }),
    z.object({ intent: z.literal('detach'), challengeId: id }),
    z.object({
      intent: z.literal('match'),
      challengeId: id,
      teamId: z.string({ error: 'eventsAdmin.errors.teamRequired' }).pipe(
        cleanString(64, 'eventsAdmin.errors.notATeam').min(1, {
          error: 'eventsAdmin.errors.teamRequired',
        }),
      ),
      matchedAt: eventDay,
      note: optionalText(500),
    }),
    z.object({ intent: z.literal('unmatch'), matchId: id }),
    z.object({
      intent: z.literal('delete'),
      confirm: z.literal('yes', { error: 'eventsAdmin.errors.confirmDelete' }),
    }),
  ],
  { error: 'validation.invalid' },
);

export type EventPageInput = z.output<typeof eventPageSchema>;
