import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from './signed-token.server';

const key = randomBytes(32);

describe('signed tokens', () => {
  it('give back the value they were signed for, under the same purpose and key only', () => {
    const token = signToken('alerts.unsubscribe', 'cm4abc123', key);
    expect(verifyToken('alerts.unsubscribe', token, key)).toBe('cm4abc123');
    expect(verifyToken('other.purpose', token, key)).toBeNull();
    expect(verifyToken('alerts.unsubscribe', token, randomBytes(32))).toBeNull();
  });

  it('refuse an altered value or signature, and anything malformed', () => {
    const token = signToken('p', 'cm4abc123', key);
    const [value, signature] = token.split('.');
    expect(verifyToken('p', `cm4abc124.${signature}`, key)).toBeNull();
    const flipped =
      signature!.slice(0, -2) + (signature!.at(-2) === 'A' ? 'B' : 'A') + signature!.at(-1);
    expect(verifyToken('p', `${value}.${flipped}`, key)).toBeNull();
    for (const bad of [
      '',
      '.',
      value!,
      `${value}.`,
      `.${signature}`,
      `${token}x`,
      'a'.repeat(500),
      42,
      null,
    ])
      expect(verifyToken('p', bad, key)).toBeNull();
  });

  it('refuse the other spellings of the same signature (the last character’s two spare bits)', () => {
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let n = 0; n < 20; n++) {
      const token = signToken('p', `cm4abc${n}`, key);
      const last = ALPHABET.indexOf(token.at(-1)!);
      const twins = [0, 1, 2, 3]
        .map((b) => ALPHABET[(last & ~3) | b]!)
        .filter((c) => c !== token.at(-1));
      expect(twins).toHaveLength(3);
      for (const c of twins)
        expect(verifyToken('p', token.slice(0, -1) + c, key), `${token} → …${c}`).toBeNull();
    }
  });

  it('sign ids only', () => {
    expect(() => signToken('p', 'a.b', key)).toThrow(RangeError);
  });
});
