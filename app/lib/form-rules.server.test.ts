import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { enterpriseSignUpSchema, signInSchema, teamSignUpSchema } from '~/forms/auth';
import { browserRules } from './form-rules.server';

describe('browserRules', () => {
  it('puts the schema’s own lengths and messages on a new password and an address', () => {
    const { constraint, messages } = browserRules(teamSignUpSchema);
    expect(constraint.password).toEqual({ required: true, minLength: 8, maxLength: 128 });
    expect(messages.password).toEqual({
      valueMissing: 'validation.required',
      tooShort: 'validation.passwordTooShort',
      tooLong: 'validation.passwordTooLong',
    });
    expect(constraint.email).toEqual({ required: true, maxLength: 254 });
    expect(messages.email).toMatchObject({
      valueMissing: 'validation.required',
      typeMismatch: 'validation.email',
      tooLong: 'validation.tooLong',
    });
  });

  it('leaves an optional field optional, and says nothing of what only the server checks', () => {
    const { constraint, messages } = browserRules(enterpriseSignUpSchema);
    // the credit code's check character and the common-password list stay on the server
    expect(constraint.creditCode).toEqual({ required: true });
    expect(messages.creditCode).toEqual({ valueMissing: 'validation.required' });
    expect(browserRules(teamSignUpSchema).constraint.members).toEqual({
      required: false,
      maxLength: 2000,
    });
  });

  it('gives sign-in no hint of a password’s length beyond the cap', () => {
    expect(browserRules(signInSchema).constraint.password).toEqual({
      required: true,
      maxLength: 1000,
    });
  });

  it('keeps the tightest limit when a field states two, and reads through a pipe', () => {
    const schema = z.object({
      code: z.string().max(40).max(12).pipe(z.string().min(3).max(20)),
    });
    expect(browserRules(schema).constraint.code).toEqual({
      required: true,
      minLength: 3,
      maxLength: 12,
    });
  });
});
