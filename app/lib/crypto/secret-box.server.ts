// Secrets the platform must read back (the staff's TOTP seeds) are kept encrypted with a key
// that does not live in the database: a stolen dump or backup does not give away second factors
// (docs/decisions/007-sessions-and-access-control.md).
//
// AES-256-GCM, a random 96-bit nonce per value; the user's id is bound as associated data, so a
// sealed value copied onto another user's row does not open. Stored as
// `v1:<base64url(nonce | tag | ciphertext)>`. The key is SECRETS_KEY (32 bytes, base64 or hex),
// or else a key file (SECRETS_KEY_FILE, default ./data/secrets.key) created on first use.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PREFIX = 'v1:';
const NONCE = 12;
const TAG = 16;

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/** A 32-byte key from its base64 or hex text; anything else is a configuration error. */
export function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new SecretBoxError('SECRETS_KEY must be 32 bytes (base64 or hex)');
  return key;
}

let cached: { source: string; key: Buffer } | undefined;

/** The key in force: SECRETS_KEY, or the key file (made with a fresh key when missing). */
export function secretsKey(env: Record<string, string | undefined> = process.env): Buffer {
  const file = path.resolve(env.SECRETS_KEY_FILE ?? './data/secrets.key');
  const source = env.SECRETS_KEY ? `env:${env.SECRETS_KEY}` : `file:${file}`;
  if (cached?.source === source) return cached.key;
  let key: Buffer;
  if (env.SECRETS_KEY) key = parseKey(env.SECRETS_KEY);
  else {
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      // written whole under another name, then linked: a process starting at the same moment
      // finds either no file or the complete key, and the first link wins
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      writeFileSync(tmp, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
      try {
        linkSync(tmp, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        unlinkSync(tmp);
      }
    }
    key = parseKey(readFileSync(file, 'utf8'));
  }
  cached = { source, key };
  return key;
}

export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** Encrypts `plain` for the record `context` (e.g. the user's id). */
export function seal(plain: string, context: string, key: Buffer = secretsKey()): string {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url');
}

/**
 * The plain text of a sealed value. A value stored before encryption came in (no prefix) is
 * returned as it is; the caller re-seals it. A value that does not open (another key, another
 * record, altered) throws: it is never taken as plain text.
 */
export function open(stored: string, context: string, key: Buffer = secretsKey()): string {
  if (!isSealed(stored)) return stored;
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  if (raw.length < NONCE + TAG) throw new SecretBoxError('sealed value too short');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(raw.subarray(NONCE, NONCE + TAG));
  try {
    return Buffer.concat([decipher.update(raw.subarray(NONCE + TAG)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new SecretBoxError('sealed value does not open with this key');
  }
}
