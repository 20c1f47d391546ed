import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  isSealed,
  open,
  parseKey,
  seal,
  SecretBoxError,
  secretsKey,
} from '~/lib/crypto/secret-box.server';

const key = randomBytes(32);
const dir = mkdtempSync(path.join(os.tmpdir(), 'jiebang-secret-box-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('secret box', () => {
  it('seals a secret so that the stored text does not contain it, and opens it again', () => {
    const sealed = seal('JBSWY3DPEHPK3PXP', 'user-1', key);
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(open(sealed, 'user-1', key)).toBe('JBSWY3DPEHPK3PXP');
    // a fresh nonce each time: the same secret sealed twice looks different
    expect(seal('JBSWY3DPEHPK3PXP', 'user-1', key)).not.toBe(sealed);
  });

  it('refuses another key, another record, or an altered value', () => {
    const sealed = seal('JBSWY3DPEHPK3PXP', 'user-1', key);
    expect(() => open(sealed, 'user-1', randomBytes(32))).toThrow(SecretBoxError);
    expect(() => open(sealed, 'user-2', key)).toThrow(SecretBoxError);
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw[raw.length - 1]! ^= 1;
    expect(() => open(`v1:${raw.toString('base64url')}`, 'user-1', key)).toThrow(SecretBoxError);
    expect(() => open('v1:abc', 'user-1', key)).toThrow(SecretBoxError);
  });

  it('reads a value stored before encryption as it is', () => {
    expect(open('JBSWY3DPEHPK3PXP', 'user-1', key)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('takes the key from SECRETS_KEY in base64 or hex, and refuses a wrong length', () => {
    expect(parseKey(key.toString('base64')).equals(key)).toBe(true);
    expect(parseKey(key.toString('hex')).equals(key)).toBe(true);
    expect(() => parseKey(randomBytes(16).toString('base64'))).toThrow(SecretBoxError);
    expect(secretsKey({ SECRETS_KEY: key.toString('hex') }).equals(key)).toBe(true);
  });

  it('otherwise makes a key file readable by its owner only, and keeps using it', () => {
    const file = path.join(dir, 'nested', 'secrets.key');
    const first = secretsKey({ SECRETS_KEY_FILE: file });
    expect(first).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parseKey(readFileSync(file, 'utf8')).equals(first)).toBe(true);
    expect(secretsKey({ SECRETS_KEY_FILE: file }).equals(first)).toBe(true);
  });
});
