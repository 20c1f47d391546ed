// Where a written mail stands, as the outbox page tells an operator: a failure that the
// sender will try again is not the same as one it has given up on (only the latter needs them).

export type MailFacts = {
  sentAt: Date | string | null;
  error: string | null;
  attempts: number;
  nextAttemptAt: Date | string | null;
};

export type MailState =
  | { kind: 'sent' }
  /** not tried yet, or tried and due again with no error kept (a lease that ran out) */
  | { kind: 'pending' }
  | { kind: 'retrying'; attempts: number; maxAttempts: number }
  | { kind: 'givenUp'; attempts: number };

/** The state of a mail (app/lib/mail.server.ts writes these columns). */
export function mailState(m: MailFacts, maxAttempts: number): MailState {
  if (m.sentAt !== null) return { kind: 'sent' };
  if (m.error === null) return { kind: 'pending' };
  // a failed mail keeps a next attempt until its last one failed, then none
  if (m.nextAttemptAt !== null) return { kind: 'retrying', attempts: m.attempts, maxAttempts };
  return { kind: 'givenUp', attempts: m.attempts };
}
