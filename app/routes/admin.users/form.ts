// The users page's forms, one schema told apart by the submit button's `intent`; the browser
// validates with it too.
import { z } from 'zod';
import { MANAGED_ROLES } from '~/domain/roles';
import { staffInviteSchema } from '~/forms/auth';
import { text } from '~/forms/common';

const userId = text(64);

export const schema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('disable'), userId }),
    z.object({ intent: z.literal('enable'), userId }),
    z.object({ intent: z.literal('reset-2fa'), userId }),
    z.object({
      intent: z.literal('role'),
      userId,
      role: z.enum(MANAGED_ROLES, { error: 'validation.required' }),
    }),
    staffInviteSchema.extend({ intent: z.literal('invite-staff') }),
  ],
  { error: 'validation.invalid' },
);
