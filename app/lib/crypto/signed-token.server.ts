// Signed tokens: a value that travels in a link and comes back unaltered, without a database
// row of its own (an alert's unsubscribe link, docs/decisions/027-team-alerts.md). The token is
// `<value>.<HMAC-SHA256 of purpose and value, base64url>`; the HMAC key is derived from the
// secrets key (secret-box.server.ts), per purpose, so a token of one purpose never passes for
// another and a database dump alone cannot forge one.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { secretsKey } from './secret-box.server';

/** Longer than any token this app signs: anything longer is refused unread. */
export const SIGNED_TOKEN_MAX_LENGTH = 200;
// the values signed here are ids (cuid): letters, digits, '-' and '_'
const VALUE = /^[A-Za-z0-9_-]{1,120}$/;

function mac(purpose: string, value: string, key: Buffer): Buffer {
  const purposeKey = createHmac('sha256', key).update(`jiebang signed token: ${purpose}`).digest();
  return createHmac('sha256', purposeKey).update(value).digest();
}

/** A token for `value` (an id) under `purpose`. */
export function signToken(purpose: string, value: string, key: Buffer = secretsKey()): string {
  if (!VALUE.test(value)) throw new RangeError('a signed token carries an id');
  return `${value}.${mac(purpose, value, key).toString('base64url')}`;
}

/** The value of a token of `purpose` that is exactly as signed; null for anything else. */
export function verifyToken(
  purpose: string,
  token: unknown,
  key: Buffer = secretsKey(),
): string | null {
  if (typeof token !== 'string' || token.length > SIGNED_TOKEN_MAX_LENGTH) return null;
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  const value = token.slice(0, dot);
  const signature = token.slice(dot + 1);
  if (!VALUE.test(value) || !/^[A-Za-z0-9_-]{43}$/.test(signature)) return null;
  // compared as text, not as decoded bytes: the last of 43 base64url characters carries two
  // bits that decoding drops, so four spellings of one signature would otherwise all pass
  const expected = Buffer.from(mac(purpose, value, key).toString('base64url'));
  return timingSafeEqual(Buffer.from(signature), expected) ? value : null;
}
