import { describe, expect, it } from 'vitest';
import { checkPassword, PASSWORD_MAX } from './password-policy';

const isCommon = (p: string) => ['password', 'qwertyuiop', '12345678'].includes(p);

describe('password policy', () => {
  it('asks for 8 characters at least, counted as characters not bytes', () => {
    expect(checkPassword('short', { isCommon })).toBe('too_short');
    expect(checkPassword('七个汉字七个字', { isCommon })).toBe('too_short');
    expect(checkPassword('八个汉字八个汉字', { isCommon })).toBeNull();
  });

  it('accepts long passphrases up to 128 characters, without composition rules', () => {
    expect(checkPassword('correct horse battery staple', { isCommon })).toBeNull();
    expect(checkPassword('a'.repeat(64) + 'b', { isCommon })).toBeNull();
    expect(checkPassword('x'.repeat(PASSWORD_MAX + 1), { isCommon })).toBe('too_long');
  });

  it('refuses common passwords whatever their case', () => {
    expect(checkPassword('QwertyUIOP', { isCommon })).toBe('common');
  });

  it('refuses a password built on the e-mail name', () => {
    expect(checkPassword('zhangwei2021!', { isCommon, email: 'zhangwei@example.com' })).toBe(
      'contains_email',
    );
  });
});
