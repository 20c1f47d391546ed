// The password rules the browser cannot check (length in characters, the common-password list,
// the e-mail inside the password), as the message keys the forms show.
import { checkPassword } from '~/domain/password-policy';
import { isCommonPassword } from '~/lib/crypto/common-passwords.server';
import { refusal, type Refusal } from '~/services/kernel/refusal';

const PROBLEM_KEYS = {
  too_short: 'validation.passwordTooShort',
  too_long: 'validation.passwordTooLong',
  common: 'validation.passwordCommon',
  contains_email: 'validation.passwordContainsEmail',
} as const;

/** The password rules the browser cannot check; a field error key or null. */
export function passwordProblem(password: string, email?: string): string | null {
  const problem = checkPassword(password, { email, isCommon: isCommonPassword });
  return problem ? PROBLEM_KEYS[problem] : null;
}

/** The refusal of a password that breaks a rule, on the form field that holds it; or null. */
export function passwordRefusal(
  password: string,
  email: string,
  field: string,
): Refusal<'weakPassword'> | null {
  const key = passwordProblem(password, email);
  return key ? refusal('auth', 'weakPassword', { key, field }) : null;
}
