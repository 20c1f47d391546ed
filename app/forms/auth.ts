import { z } from 'zod';
import { validateCreditCode } from '~/domain/credit-code';
import { STAFF_ROLES } from '~/domain/roles';
import { email, newPassword, optionalText, required, text } from './common';
import { COUNTRIES } from './countries';

export const signInSchema = z.object({
  email,
  password: z.string(required).max(1000, { error: 'validation.tooLong' }),
  redirectTo: optionalText(2000),
});

/** The unlock link's form (login/unlock): the password alone, as at sign-in. */
export const unlockSchema = signInSchema.pick({ password: true });

export const secondFactorSchema = z.object({
  code: z.string(required).trim().max(20, { error: 'validation.invalid' }),
  redirectTo: optionalText(2000),
});

const person = { name: text(50), email, password: newPassword };

export const enterpriseSignUpSchema = z.object({
  kind: z.literal('ENTERPRISE'),
  orgName: text(100),
  creditCode: z
    .string(required)
    .trim()
    .toUpperCase()
    .refine((v) => validateCreditCode(v).ok, { error: 'validation.creditCode' }),
  contactPhone: text(30),
  ...person,
});

export { COUNTRIES };

export const teamSignUpSchema = z.object({
  kind: z.literal('TEAM'),
  orgName: text(100),
  institution: text(100),
  country: z.enum(COUNTRIES, { error: 'validation.required' }),
  leader: text(50),
  members: optionalText(2000),
  ...person,
});

export const signUpSchema = z.discriminatedUnion('kind', [
  enterpriseSignUpSchema,
  teamSignUpSchema,
]);

export const passwordChangeSchema = z.object({
  currentPassword: z.string(required).max(1000, { error: 'validation.tooLong' }),
  newPassword,
});

export const resetRequestSchema = z.object({ email });
export const resetSchema = z.object({ password: newPassword });

export const inviteSchema = z.object({ name: text(50), email });
export const acceptInviteSchema = z.object({ password: newPassword });

export { STAFF_ROLES };
export const staffInviteSchema = z.object({
  name: text(50),
  email,
  role: z.enum(STAFF_ROLES, { error: 'validation.required' }),
});
