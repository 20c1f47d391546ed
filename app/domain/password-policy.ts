// NIST SP 800-63B: a minimum length, a generous maximum, no composition rules, and a check
// against passwords known from breaches (the common list is passed in, so this stays pure).
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_email';

export function checkPassword(
  password: string,
  opts: { email?: string; isCommon: (candidate: string) => boolean },
): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'too_short';
  if (length > PASSWORD_MAX) return 'too_long';
  const lower = password.toLowerCase();
  if (opts.isCommon(lower)) return 'common';
  const local = opts.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'contains_email';
  return null;
}
