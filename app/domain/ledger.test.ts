import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  balanceDrift,
  balances,
  commitmentAccount,
  contractJournalId,
  contractSignedJournal,
  disbursementApprovedJournal,
  disbursementFailedJournal,
  disbursementJournalId,
  disbursementPaidJournal,
  disbursementReversedJournals,
  disbursementReversedUnpaidJournal,
  expectedContractBalances,
  FUND_ACCOUNT,
  journal,
  PAID_ACCOUNT,
  parseAccount,
  payableAccount,
  reversalOf,
  transfer,
  UnbalancedJournalError,
  unbalancedJournals,
  type Posting,
} from './ledger';

const d = { contractId: 'c1', teamId: 't1', amountFen: 30_000 };
const commitment = commitmentAccount('c1');
const payable = payableAccount('t1');

/** journal() refuses the postings as not a balanced journal. */
const expectUnbalanced = (postings: Posting[]) =>
  expect(() => journal(postings)).toThrow(UnbalancedJournalError);
const sum = (postings: readonly Posting[]) => postings.reduce((s, p) => s + p.amountFen, 0);
const entriesOf = (journals: (readonly Posting[])[]) =>
  journals.flatMap((j, i) => j.map((p) => ({ ...p, journalId: `j${i}` })));

describe('accounts', () => {
  it('names the four kinds of account and parses them back', () => {
    expect(commitmentAccount('c1')).toBe('commitment:c1');
    expect(payableAccount('t1')).toBe('payable:t1');
    expect(parseAccount('fund')).toEqual({ kind: 'fund' });
    expect(parseAccount('paid')).toEqual({ kind: 'paid' });
    expect(parseAccount('commitment:c1')).toEqual({ kind: 'commitment', id: 'c1' });
    expect(parseAccount('payable:t1')).toEqual({ kind: 'payable', id: 't1' });
  });

  it('refuses unknown accounts and ids that could be confused', () => {
    for (const name of ['cash', 'commitment:', 'payable:a:b', 'Fund', '']) {
      expect(parseAccount(name)).toBeNull();
    }
    expect(() => commitmentAccount('a:b')).toThrow(RangeError);
    expect(() => payableAccount('')).toThrow(RangeError);
  });
});

describe('journal', () => {
  it('accepts balanced postings and returns a copy', () => {
    const postings = [
      { account: FUND_ACCOUNT, amountFen: -100 },
      { account: commitment, amountFen: 60 },
      { account: payable, amountFen: 40 },
    ];
    const j = journal(postings);
    expect(j).toEqual(postings);
    expect(j).not.toBe(postings);
  });

  it('throws when unbalanced, by a single fen too', () => {
    expectUnbalanced([
      { account: FUND_ACCOUNT, amountFen: -100 },
      { account: commitment, amountFen: 99 },
    ]);
  });

  it('throws on fewer than two postings, zero, fractional or unsafe amounts', () => {
    expectUnbalanced([]);
    expectUnbalanced([{ account: FUND_ACCOUNT, amountFen: 0 }]);
    const bad = [0, 0.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1, Infinity];
    for (const amountFen of bad) {
      expectUnbalanced([
        { account: FUND_ACCOUNT, amountFen: -amountFen },
        { account: commitment, amountFen },
      ]);
    }
  });

  it('throws on an unknown account or the same account twice', () => {
    expectUnbalanced([
      { account: 'cash', amountFen: -1 },
      { account: commitment, amountFen: 1 },
    ]);
    expectUnbalanced([
      { account: payable, amountFen: -1 },
      { account: payable, amountFen: 1 },
    ]);
  });

  it('compares exactly beyond 2^53 in the sum', () => {
    const big = Number.MAX_SAFE_INTEGER;
    expect(() =>
      journal([
        { account: FUND_ACCOUNT, amountFen: -big },
        { account: commitment, amountFen: big - 1 },
        { account: payable, amountFen: 1 },
      ]),
    ).not.toThrow();
    expectUnbalanced([
      { account: FUND_ACCOUNT, amountFen: big },
      { account: commitment, amountFen: big },
      { account: payable, amountFen: -big },
      { account: PAID_ACCOUNT, amountFen: -big + 1 },
    ]);
  });

  it('transfer needs a positive amount', () => {
    expect(transfer(FUND_ACCOUNT, commitment, 5)).toEqual([
      { account: FUND_ACCOUNT, amountFen: -5 },
      { account: commitment, amountFen: 5 },
    ]);
    expect(() => transfer(FUND_ACCOUNT, commitment, 0)).toThrow(UnbalancedJournalError);
    expect(() => transfer(FUND_ACCOUNT, commitment, -5)).toThrow(UnbalancedJournalError);
  });

  it('every generated balanced journal passes, every perturbed one fails', () => {
    const accounts = [FUND_ACCOUNT, PAID_ACCOUNT, commitment, payable, commitmentAccount('c2')];
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...accounts), { minLength: 2, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 1e12 }), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 1, max: 1000 }),
        (names, amounts, delta) => {
          const postings = names.slice(1).map((account, i) => ({
            account,
            amountFen: amounts[i]! * (i % 2 === 0 ? 1 : -1),
          }));
          const rest = -sum(postings);
          if (rest === 0) return;
          const balanced = [...postings, { account: names[0]!, amountFen: rest }];
          expect(sum(journal(balanced))).toBe(0);
          const off = [...postings, { account: names[0]!, amountFen: rest + delta }];
          if (rest + delta !== 0) expect(() => journal(off)).toThrow(UnbalancedJournalError);
        },
      ),
    );
  });
});

describe('the journals of each event', () => {
  it('contract signed: fund → commitment', () => {
    expect(contractSignedJournal({ contractId: 'c1', rewardFen: 100_000 })).toEqual([
      { account: 'fund', amountFen: -100_000 },
      { account: 'commitment:c1', amountFen: 100_000 },
    ]);
  });

  it('approved: commitment → payable; paid: payable → paid; failed: payable → commitment', () => {
    expect(disbursementApprovedJournal(d)).toEqual([
      { account: commitment, amountFen: -30_000 },
      { account: payable, amountFen: 30_000 },
    ]);
    expect(disbursementPaidJournal(d)).toEqual([
      { account: payable, amountFen: -30_000 },
      { account: PAID_ACCOUNT, amountFen: 30_000 },
    ]);
    expect(disbursementFailedJournal(d)).toEqual([
      { account: payable, amountFen: -30_000 },
      { account: commitment, amountFen: 30_000 },
    ]);
  });

  it('reversed before it was paid: the negation of approved alone', () => {
    expect(disbursementReversedUnpaidJournal(d)).toEqual(
      reversalOf(disbursementApprovedJournal(d)),
    );
  });

  it('reversed: the negation of paid, then of approved, as new journals', () => {
    const [unpaid, unapproved] = disbursementReversedJournals(d);
    expect(unpaid).toEqual(reversalOf(disbursementPaidJournal(d)));
    expect(unapproved).toEqual(reversalOf(disbursementApprovedJournal(d)));
    expect(unpaid).toEqual([
      { account: payable, amountFen: 30_000 },
      { account: PAID_ACCOUNT, amountFen: -30_000 },
    ]);
  });

  it('rebuilds the balances a contract’s records call for, after any path', () => {
    const signed = contractSignedJournal({ contractId: 'c1', rewardFen: 100_000 });
    const approved = disbursementApprovedJournal(d);
    const paid = disbursementPaidJournal(d);
    const failed = disbursementFailedJournal(d);
    const record = (status: string) => ({
      contractId: 'c1',
      teamId: 't1',
      rewardFen: 100_000,
      disbursements: [{ status, amountFen: 30_000 }],
    });
    const cases: [string, (readonly Posting[])[]][] = [
      ['REQUESTED', [signed]],
      ['APPROVED', [signed, approved]],
      ['PAID', [signed, approved, paid]],
      ['FAILED', [signed, approved, failed]],
      ['APPROVED', [signed, approved, failed, approved]],
      ['REVERSED', [signed, approved, paid, ...disbursementReversedJournals(d)]],
      // Stripe's events in other orders: reversed before paid; failed after paid or reversed
      ['REVERSED', [signed, approved, disbursementReversedUnpaidJournal(d)]],
      ['FAILED', [signed, approved, paid, ...disbursementReversedJournals(d)]],
      ['FAILED', [signed, approved, disbursementReversedUnpaidJournal(d)]],
    ];
    for (const [status, journals] of cases) {
      const entries = entriesOf(journals);
      expect(unbalancedJournals(entries)).toEqual([]);
      expect(balanceDrift(balances(entries), expectedContractBalances(record(status)))).toEqual([]);
    }
    expect(balances(entriesOf([signed, approved, paid]))).toEqual(
      new Map([
        [FUND_ACCOUNT, -100_000],
        [commitment, 70_000],
        [payable, 0],
        [PAID_ACCOUNT, 30_000],
      ]),
    );
  });

  it('reports a journal off balance and the drift of a balance', () => {
    const entries = [
      { journalId: 'a', account: FUND_ACCOUNT, amountFen: -10 },
      { journalId: 'a', account: commitment, amountFen: 10 },
      { journalId: 'b', account: PAID_ACCOUNT, amountFen: 7 },
    ];
    expect(unbalancedJournals(entries)).toEqual([{ journalId: 'b', sumFen: 7 }]);
    expect(
      balanceDrift(
        balances(entries),
        new Map([
          [FUND_ACCOUNT, -10],
          [commitment, 10],
        ]),
      ),
    ).toEqual([{ account: PAID_ACCOUNT, actualFen: 7, expectedFen: 0 }]);
  });

  it('has deterministic, unambiguous journal ids', () => {
    expect(contractJournalId('c1')).toBe('contract:c1:signed');
    expect(disbursementJournalId('d1', 2, 'approved')).toBe('disbursement:d1:2:approved');
    expect(disbursementJournalId('d1', 1, 'failed-paid')).toBe('disbursement:d1:1:failed-paid');
    expect(disbursementJournalId('d1', 1, 'failed-approved')).not.toBe(
      disbursementJournalId('d1', 1, 'reversed-approved'),
    );
    expect(() => disbursementJournalId('d:1', 1, 'paid')).toThrow(RangeError);
    expect(() => disbursementJournalId('d1', 0, 'paid')).toThrow(RangeError);
  });
});
