// The forms of a team's alerts page (app/routes/account.alerts): a new subscription and the
// removal of one, told apart by the hidden `intent` field. The rules of what a subscription may
// be are the domain's (app/domain/alerts.ts); this reads the form into them.
import { z } from 'zod';
import {
  criteriaProblems,
  KEYWORDS_TEXT_MAX_LENGTH,
  MAIL_MODES,
  parseKeywords,
  pickFields,
  type AlertCriteria,
} from '~/domain/alerts';
import { INDUSTRIES, isIndustry } from '~/domain/industry';
import { parseWanToFen } from '~/domain/money';
import { cleanString, text } from './common';
import { MAX_BOUNTY_FEN } from './needs';

const checkbox = z.literal('on', { error: 'validation.invalid' }).optional();

/** A bound of the range in 万元, or nothing; refusals are the needs form's bounty messages. */
function bound(value: string | undefined): { fen: number | null; error?: string } {
  if (!value) return { fen: null };
  const parsed = parseWanToFen(value);
  if (!parsed.ok)
    return {
      fen: null,
      error: parsed.error === 'negative' ? 'needs.errors.bountyNegative' : 'alerts.errors.bound',
    };
  if (parsed.fen > MAX_BOUNTY_FEN) return { fen: null, error: 'needs.errors.bountyTooLarge' };
  return { fen: parsed.fen };
}

/** The fields as typed, before the rules across them; Conform reads constraints from it. */
export const alertFields = z.object({
  intent: z.literal('create'),
  // the message on the list, where the page shows it, not on one box
  fields: z
    .array(z.string().max(20, { error: 'validation.invalid' }))
    .max(INDUSTRIES.length, { error: 'validation.invalid' })
    .refine((v) => v.every(isIndustry), { error: 'validation.invalid' })
    .optional(),
  keywords: cleanString(KEYWORDS_TEXT_MAX_LENGTH).optional(),
  minWan: cleanString(40).optional(),
  maxWan: cleanString(40).optional(),
  includeOpen: checkbox,
  inApp: checkbox,
  mail: z.enum(MAIL_MODES, { error: 'validation.required' }),
});

export const createAlertSchema = alertFields.transform((v, ctx) => {
  const issue = (path: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: [path], message });
  const words = parseKeywords(v.keywords ?? '');
  if (!words.ok) issue('keywords', `alerts.errors.keywords.${words.error}`);
  const min = bound(v.minWan);
  const max = bound(v.maxWan);
  if (min.error) issue('minWan', min.error);
  if (max.error) issue('maxWan', max.error);
  const criteria: AlertCriteria = {
    fields: pickFields(v.fields ?? []),
    keywords: words.ok ? words.keywords : [],
    minBountyFen: min.fen,
    maxBountyFen: max.fen,
    includeOpen: v.includeOpen === 'on',
  };
  const channels = { inApp: v.inApp === 'on', mail: v.mail };
  // an empty range or nothing to look for is told once the parts themselves are valid
  if (words.ok && !min.error && !max.error)
    for (const p of criteriaProblems(criteria, channels)) issue(p.field, `alerts.errors.${p.code}`);
  return { intent: v.intent, criteria, channels };
});

export type NewAlert = z.output<typeof createAlertSchema>;

export const removeAlertSchema = z.object({ intent: z.literal('remove'), id: text(64) });

export const alertActionSchema = z.discriminatedUnion(
  'intent',
  [createAlertSchema, removeAlertSchema],
  { error: 'validation.invalid' },
);

/** The unsubscribe page's one button (app/routes/alerts.unsubscribe.$token.tsx). */
export const unsubscribeSchema = z.object({ intent: z.literal('unsubscribe') });
