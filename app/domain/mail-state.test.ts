import { describe, expect, it } from 'vitest';
import { mailState } from './mail-state';

const at = new Date('2026-12-06T08:00:00Z');

describe('mailState', () => {
  it.each([
    [
      'sent, an earlier failure forgotten',
      { sentAt: at, error: null, attempts: 2, nextAttemptAt: null },
      { kind: 'sent' },
    ],
    [
      'written, not tried',
      { sentAt: null, error: null, attempts: 0, nextAttemptAt: at },
      { kind: 'pending' },
    ],
    [
      'recorded only (no delivery)',
      { sentAt: null, error: null, attempts: 0, nextAttemptAt: null },
      { kind: 'pending' },
    ],
    [
      'failed, tried again later',
      { sentAt: null, error: 'ECONNREFUSED', attempts: 2, nextAttemptAt: at },
      { kind: 'retrying', attempts: 2, maxAttempts: 5 },
    ],
    [
      'failed for the last time',
      { sentAt: null, error: '550 no such user', attempts: 5, nextAttemptAt: null },
      { kind: 'givenUp', attempts: 5 },
    ],
  ] as const)('%s', (_, facts, state) => {
    expect(mailState(facts, 5)).toEqual(state);
  });
});
