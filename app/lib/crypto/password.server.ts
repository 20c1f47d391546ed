import { hash, verify, type Algorithm } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane (stack brief, "Sessions").
const OPTIONS = {
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
  algorithm: 2 as Algorithm /* Argon2id */,
};

// How many argon2 verifications ran against real accounts and against the stand-in hash:
// read by the tests that prove a lock stops password checks, and that every refusal costs one
// verification whatever its reason (ADR 015).
const counts = { account: 0, standIn: 0 };
export const verificationCounts = () => ({ ...counts });

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  counts.account++;
  return verify(passwordHash, password).catch(() => false);
}

// A fixed hash of a random secret: refusing an unknown account or a locked one costs the same
// verification as a wrong password, so the answer's timing tells nothing.
let standInHash: Promise<string> | null = null;

/** One verification that cannot succeed; always false. */
export async function verifyStandIn(password: string): Promise<false> {
  standInHash ??= hash(crypto.randomUUID(), OPTIONS);
  const h = await standInHash;
  counts.standIn++;
  await verify(h, password).catch(() => false);
  return false;
}
