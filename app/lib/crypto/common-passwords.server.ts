import { dictionary } from '@zxcvbn-ts/language-common';

let common: Set<string> | null = null;

/** 49,000 passwords from public breach corpora (zxcvbn-ts), loaded on first use. */
export function isCommonPassword(candidate: string): boolean {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return common.has(candidate.toLowerCase());
}
