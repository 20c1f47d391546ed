/**
 * The reward ledger: double-entry bookkeeping of the money the bureau promises and pays, in
 * integer fen. Pure: this module builds journals and rebuilds balances; the service
 * (app/services/payments/ledger.server.ts) stores them append-only.
 *
 * Sign convention: an entry's amount is signed, debit positive, credit negative; the entries
 * of one journal sum to zero. "A → B" moves money out of A (credit, −) into B (debit, +).
 *
 * Accounts:
 * - `fund`                     the bureau's reward fund. Its balance is minus what contracts
 *                              have drawn from it (a budget allocation would be a journal from
 *                              an outside account; the programme does not record one).
 * - `commitment:<contractId>`  rewards a contract promises and the bureau has not yet approved
 *                              for payment.
 * - `payable:<teamId>`         owed to a team: an accepted instalment whose payment has been
 *                              approved and not yet made.
 * - `paid`                     money that left the bureau.
 *
 * Events and their journals:
 * - contract signed            fund → commitment (the whole reward)
 * - disbursement approved      commitment → payable (the instalment)
 * - disbursement paid          payable → paid
 * - disbursement failed        payable → commitment (the approval undone; a retry approves again)
 * - disbursement reversed      two new journals, the exact negation of "paid" and of "approved"
 *                              (paid → payable, payable → commitment). Entries are never edited.
 *                              Reversed before it was paid (Stripe told the reversal first):
 *                              the negation of "approved" alone.
 * - paid, then failed          (Stripe: the transfer was made, the payout to the team's bank
 *                              failed) the same two negations as a reversal, under their own
 *                              journal ids; failed after a reversal posts nothing (already netted).
 *
 * Hence, for every contract in the ledger, rebuilt from its records:
 *   fund = −reward, commitment = reward − approved − paid, payable = approved, paid = paid
 * where "approved" and "paid" are the sums of its disbursements in status APPROVED and PAID.
 *
 * 榜额到位 (docs/decisions/032-funding-secured.md): the funds payers have committed to a
 * fixed bounty before it was published, kept apart from the contracts' accounts:
 * - `sponsors`                 the outside world: what payers (the enterprise, the bureau)
 *                              have put up. Its balance is minus the funds held.
 * - `secured:<challengeId>`    a challenge's bounty funds, confirmed and held.
 * - funding confirmed          sponsors → secured (the payer's share)
 * - funding released           its exact negation (the challenge was withdrawn, rejected or
 *                              ended unawarded)
 * Hence, rebuilt from the FundingConfirmation records: secured:<challenge> = Σ HELD shares of
 * the challenge, sponsors = −Σ HELD shares overall.
 */

export const FUND_ACCOUNT = 'fund';
export const PAID_ACCOUNT = 'paid';
export const SPONSORS_ACCOUNT = 'sponsors';
const COMMITMENT_PREFIX = 'commitment:';
const PAYABLE_PREFIX = 'payable:';
export const SECURED_PREFIX = 'secured:';
export const FUNDING_JOURNAL_PREFIX = 'funding:';

export type AccountKind = 'fund' | 'commitment' | 'payable' | 'paid' | 'sponsors' | 'secured';

const ID = /^[A-Za-z0-9_-]+$/;

function assertId(id: string, what: string) {
  if (typeof id !== 'string' || !ID.test(id)) {
    throw new RangeError(`${what} must be a non-empty string of letters, digits, "_" or "-"`);
  }
}

export function commitmentAccount(contractId: string): string {
  assertId(contractId, 'contractId');
  return `${COMMITMENT_PREFIX}${contractId}`;
}

export function payableAccount(teamId: string): string {
  assertId(teamId, 'teamId');
  return `${PAYABLE_PREFIX}${teamId}`;
}

export function securedAccount(challengeId: string): string {
  assertId(challengeId, 'challengeId');
  return `${SECURED_PREFIX}${challengeId}`;
}

/** What an account name denotes, or null when it is none of the ledger's accounts. */
export function parseAccount(account: string): { kind: AccountKind; id?: string } | null {
  if (account === FUND_ACCOUNT) return { kind: 'fund' };
  if (account === PAID_ACCOUNT) return { kind: 'paid' };
  if (account === SPONSORS_ACCOUNT) return { kind: 'sponsors' };
  for (const [prefix, kind] of [
    [COMMITMENT_PREFIX, 'commitment'],
    [PAYABLE_PREFIX, 'payable'],
    [SECURED_PREFIX, 'secured'],
  ] as const) {
    if (account.startsWith(prefix)) {
      const id = account.slice(prefix.length);
      return ID.test(id) ? { kind, id } : null;
    }
  }
  return null;
}

export type Posting = { readonly account: string; readonly amountFen: number };

export class UnbalancedJournalError extends Error {
  readonly code = 'UNBALANCED_JOURNAL' as const;
  constructor(message: string) {
    super(message);
    this.name = 'UnbalancedJournalError';
  }
}

/**
 * A journal: at least two postings to distinct, known accounts, each a non-zero safe integer
 * of fen, summing to exactly zero. Throws UnbalancedJournalError otherwise. One posting per
 * account keeps a journal readable and lets a double posting of the same journal show up as
 * a repeated (journal, account) pair.
 */
export function journal(postings: readonly Posting[]): readonly Posting[] {
  if (!Array.isArray(postings) || postings.length < 2)
    throw new UnbalancedJournalError('a journal needs at least two postings');
  const seen = new Set<string>();
  let sum = 0n;
  for (const p of postings) {
    if (parseAccount(p.account) === null)
      throw new UnbalancedJournalError(`unknown account ${String(p.account)}`);
    if (seen.has(p.account))
      throw new UnbalancedJournalError(`account ${p.account} appears twice in one journal`);
    seen.add(p.account);
    if (!Number.isSafeInteger(p.amountFen) || p.amountFen === 0)
      throw new UnbalancedJournalError(
        `posting to ${p.account} must be a non-zero safe integer of fen, got ${String(p.amountFen)}`,
      );
    sum += BigInt(p.amountFen);
  }
  if (sum !== 0n) throw new UnbalancedJournalError(`journal does not balance: off by ${sum} fen`);
  return postings.map((p) => ({ account: p.account, amountFen: p.amountFen }));
}

/** Moves `amountFen` (> 0) from one account to another. */
export function transfer(from: string, to: string, amountFen: number): readonly Posting[] {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0)
    throw new UnbalancedJournalError(`a transfer needs a positive amount, got ${amountFen}`);
  return journal([
    { account: from, amountFen: -amountFen },
    { account: to, amountFen },
  ]);
}

/** The exact negation of a journal: how a posted journal is corrected (never by editing it). */
export function reversalOf(postings: readonly Posting[]): readonly Posting[] {
  return journal(postings.map((p) => ({ account: p.account, amountFen: -p.amountFen })));
}

export type ContractFacts = { contractId: string; rewardFen: number };
export type DisbursementFacts = {
  contractId: string;
  teamId: string;
  amountFen: number;
};

export const contractSignedJournal = (c: ContractFacts) =>
  transfer(FUND_ACCOUNT, commitmentAccount(c.contractId), c.rewardFen);

export const disbursementApprovedJournal = (d: DisbursementFacts) =>
  transfer(commitmentAccount(d.contractId), payableAccount(d.teamId), d.amountFen);

export const disbursementPaidJournal = (d: DisbursementFacts) =>
  transfer(payableAccount(d.teamId), PAID_ACCOUNT, d.amountFen);

export const disbursementFailedJournal = (d: DisbursementFacts) =>
  transfer(payableAccount(d.teamId), commitmentAccount(d.contractId), d.amountFen);

/** Reversal of a payment: first the payment, then the approval, each negated. */
export const disbursementReversedJournals = (d: DisbursementFacts) =>
  [reversalOf(disbursementPaidJournal(d)), reversalOf(disbursementApprovedJournal(d))] as const;

/** Reversal of an approved payment that was never recorded as paid: the approval negated. */
export const disbursementReversedUnpaidJournal = (d: DisbursementFacts) =>
  reversalOf(disbursementApprovedJournal(d));

export type FundingFacts = { challengeId: string; amountFen: number };

/** A payer's share of a fixed bounty confirmed: sponsors → secured:<challenge>. */
export const fundingHeldJournal = (f: FundingFacts) =>
  transfer(SPONSORS_ACCOUNT, securedAccount(f.challengeId), f.amountFen);

/** The share released (withdrawn, rejected, unawarded): the exact negation of its hold. */
export const fundingReleasedJournal = (f: FundingFacts) => reversalOf(fundingHeldJournal(f));

/** One journal id per funding confirmation and event. */
export function fundingJournalId(confirmationId: string, event: 'held' | 'released'): string {
  assertId(confirmationId, 'confirmationId');
  return `${FUNDING_JOURNAL_PREFIX}${confirmationId}:${event}`;
}

export type FundingRecord = { challengeId: string; amountFen: number; status: string };

/**
 * The balances the funding confirmations call for: secured:<challenge> = Σ its HELD shares
 * (zero for a challenge whose shares were all released), sponsors = −Σ HELD shares.
 */
export function expectedFundingBalances(records: readonly FundingRecord[]): Map<string, number> {
  const secured = new Map<string, bigint>();
  let total = 0n;
  for (const r of records) {
    const account = securedAccount(r.challengeId);
    const held = r.status === 'HELD' ? BigInt(r.amountFen) : 0n;
    secured.set(account, (secured.get(account) ?? 0n) + held);
    total += held;
  }
  const expected = new Map<string, number>();
  for (const [account, sum] of secured) expected.set(account, toSafe(sum, account));
  expected.set(SPONSORS_ACCOUNT, toSafe(-total, SPONSORS_ACCOUNT));
  return expected;
}

export type LedgerEvent =
  | 'signed'
  | 'approved'
  | 'paid'
  | 'failed'
  | 'reversed-paid'
  | 'reversed-approved'
  /** a paid attempt failed afterwards (a Stripe payout): negation of paid, then of approved */
  | 'failed-paid'
  | 'failed-approved';

/**
 * Deterministic journal ids: one per event of a contract or of one attempt at a disbursement,
 * so a journal posted twice shows up as a repeated (journal, account) pair.
 */
export function contractJournalId(contractId: string): string {
  assertId(contractId, 'contractId');
  return `contract:${contractId}:signed`;
}

export function disbursementJournalId(
  disbursementId: string,
  attempt: number,
  event: Exclude<LedgerEvent, 'signed'>,
): string {
  assertId(disbursementId, 'disbursementId');
  if (!Number.isSafeInteger(attempt) || attempt < 1)
    throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  return `disbursement:${disbursementId}:${attempt}:${event}`;
}

export type EntryLike = { journalId: string; account: string; amountFen: number };

/** Balance of every account that has entries, rebuilt from the entries alone. */
export function balances(entries: readonly Pick<EntryLike, 'account' | 'amountFen'>[]) {
  const sums = new Map<string, bigint>();
  for (const e of entries) sums.set(e.account, (sums.get(e.account) ?? 0n) + BigInt(e.amountFen));
  return new Map([...sums].map(([account, sum]) => [account, toSafe(sum, account)]));
}

/** Journals whose entries do not sum to zero, with their sums. */
export function unbalancedJournals(entries: readonly Pick<EntryLike, 'journalId' | 'amountFen'>[]) {
  const sums = new Map<string, bigint>();
  for (const e of entries)
    sums.set(e.journalId, (sums.get(e.journalId) ?? 0n) + BigInt(e.amountFen));
  return [...sums]
    .filter(([, sum]) => sum !== 0n)
    .map(([journalId, sum]) => ({ journalId, sumFen: toSafe(sum, journalId) }));
}

function toSafe(sum: bigint, what: string): number {
  const n = Number(sum);
  if (!Number.isSafeInteger(n)) throw new RangeError(`balance of ${what} exceeds safe integers`);
  return n;
}

export type ContractRecord = {
  contractId: string;
  teamId: string;
  rewardFen: number;
  disbursements: readonly { status: string; amountFen: number }[];
};

/**
 * The balances a contract's records call for (see the header): what its own entries must sum
 * to per account. Amounts of REQUESTED, FAILED and REVERSED disbursements rest in commitment.
 */
export function expectedContractBalances(c: ContractRecord): Map<string, number> {
  let approved = 0n;
  let paid = 0n;
  for (const d of c.disbursements) {
    if (d.status === 'APPROVED') approved += BigInt(d.amountFen);
    else if (d.status === 'PAID') paid += BigInt(d.amountFen);
  }
  const reward = BigInt(c.rewardFen);
  const expected = new Map<string, number>([
    [FUND_ACCOUNT, toSafe(-reward, FUND_ACCOUNT)],
    [commitmentAccount(c.contractId), toSafe(reward - approved - paid, 'commitment')],
    [payableAccount(c.teamId), toSafe(approved, 'payable')],
    [PAID_ACCOUNT, toSafe(paid, PAID_ACCOUNT)],
  ]);
  return expected;
}

/**
 * Differences between actual balances and expected ones (accounts missing from either side
 * count as zero), as a list of { account, actualFen, expectedFen }.
 */
export function balanceDrift(
  actual: ReadonlyMap<string, number>,
  expected: ReadonlyMap<string, number>,
) {
  const accounts = new Set([...actual.keys(), ...expected.keys()]);
  const drift: { account: string; actualFen: number; expectedFen: number }[] = [];
  for (const account of [...accounts].sort()) {
    const a = actual.get(account) ?? 0;
    const e = expected.get(account) ?? 0;
    if (a !== e) drift.push({ account, actualFen: a, expectedFen: e });
  }
  return drift;
}
