import { describe, expect, it } from 'vitest';
import { transitionDisbursement, type DisbursementStatus } from './disbursement';
import {
  decideStripeOutcome,
  outcomeFromStripeEvent,
  parseAttempt,
  PAYOUT_FAILED_ON_STRIPE,
  REVERSED_ON_STRIPE,
  STRIPE_OUTCOME_KINDS,
  type StripeOutcomeKind,
} from './stripe-events';

const metadata = { disbursementId: 'd_1', attempt: '2' };
/** the disbursement and attempt that `metadata` names */
const ours = { disbursementId: 'd_1', attempt: 2 };

const transferEvent = (type: string, object: Record<string, unknown> = {}) => ({
  id: 'evt_1',
  object: 'event',
  type,
  data: { object: { id: 'tr_1', object: 'transfer', metadata, ...object } },
});

const payoutFailed = (object: Record<string, unknown> = {}) => ({
  id: 'evt_2',
  object: 'event',
  type: 'payout.failed',
  data: {
    object: {
      id: 'po_1',
      object: 'payout',
      metadata,
      failure_code: 'account_closed',
      failure_message: 'The bank account has been closed.',
      ...object,
    },
  },
});

describe('outcomeFromStripeEvent', () => {
  it('maps transfer.created to a payment with the transfer id as evidence', () => {
    expect(outcomeFromStripeEvent(transferEvent('transfer.created'))).toEqual({
      kind: 'transfer.created',
      ...ours,
      transferId: 'tr_1',
    });
  });

  it('maps transfer.reversed with the reversal’s description, or a default reason', () => {
    expect(outcomeFromStripeEvent(transferEvent('transfer.reversed'))).toEqual({
      kind: 'transfer.reversed',
      ...ours,
      transferId: 'tr_1',
      reason: REVERSED_ON_STRIPE,
    });
    const described = transferEvent('transfer.reversed', {
      reversals: {
        object: 'list',
        data: [
          { id: 'trr_2', metadata: { description: '户名不符，退回' } },
          { id: 'trr_1', metadata: {} },
        ],
      },
    });
    expect(outcomeFromStripeEvent(described)?.reason).toBe('户名不符，退回');
    const own = transferEvent('transfer.reversed', {
      reversals: { data: [{ id: 'trr_1', description: 'duplicate transfer', metadata: {} }] },
    });
    expect(outcomeFromStripeEvent(own)?.reason).toBe('duplicate transfer');
  });

  it('maps payout.failed with the payout’s failure message and code', () => {
    expect(outcomeFromStripeEvent(payoutFailed())).toEqual({
      kind: 'payout.failed',
      ...ours,
      reason: 'The bank account has been closed. (account_closed)',
    });
    expect(outcomeFromStripeEvent(payoutFailed({ failure_message: null }))?.reason).toBe(
      'account_closed',
    );
    expect(
      outcomeFromStripeEvent(payoutFailed({ failure_message: null, failure_code: null }))?.reason,
    ).toBe(PAYOUT_FAILED_ON_STRIPE);
    const long = outcomeFromStripeEvent(payoutFailed({ failure_message: 'x'.repeat(5000) }));
    expect(long?.reason?.length).toBe(1000);
  });

  it('ignores other types, and objects without our metadata', () => {
    for (const type of ['transfer.updated', 'payout.paid', 'charge.succeeded', '__proto__'])
      expect(outcomeFromStripeEvent(transferEvent(type))).toBeNull();
    const without = (m: unknown) => transferEvent('transfer.created', { metadata: m });
    expect(outcomeFromStripeEvent(without({}))).toBeNull();
    expect(outcomeFromStripeEvent(without(null))).toBeNull();
    expect(outcomeFromStripeEvent(without({ disbursementId: 'd_1' }))).toBeNull();
    expect(outcomeFromStripeEvent(without({ attempt: '1' }))).toBeNull();
    expect(outcomeFromStripeEvent(without({ disbursementId: 'a:b', attempt: '1' }))).toBeNull();
    expect(outcomeFromStripeEvent(without({ disbursementId: 'd_1', attempt: '0' }))).toBeNull();
    // a transfer.created without the transfer's id is no evidence
    expect(outcomeFromStripeEvent(transferEvent('transfer.created', { id: '' }))).toBeNull();
    for (const junk of [null, 'x', 42, [], {}, { type: 'transfer.created' }, { data: {} }])
      expect(outcomeFromStripeEvent(junk)).toBeNull();
  });

  it('reads the attempt Stripe gives back as a string', () => {
    expect(parseAttempt('1')).toBe(1);
    expect(parseAttempt(3)).toBe(3);
    for (const bad of [
      '',
      '0',
      '-1',
      '1.5',
      '01',
      ' 1',
      'one',
      null,
      undefined,
      1.5,
      '9'.repeat(10),
    ])
      expect(parseAttempt(bad)).toBeNull();
  });
});

describe('decideStripeOutcome', () => {
  const at = (status: DisbursementStatus, attempt = 1) => ({ status, attempt });
  const event = (kind: StripeOutcomeKind, attempt = 1) => ({ kind, attempt });

  it('follows the precedence failed > reversed > created', () => {
    const table: [DisbursementStatus, StripeOutcomeKind, DisbursementStatus | null][] = [
      ['APPROVED', 'transfer.created', 'PAID'],
      ['APPROVED', 'transfer.reversed', 'REVERSED'],
      ['APPROVED', 'payout.failed', 'FAILED'],
      ['PAID', 'transfer.created', null],
      ['PAID', 'transfer.reversed', 'REVERSED'],
      ['PAID', 'payout.failed', 'FAILED'],
      ['REVERSED', 'transfer.created', null],
      ['REVERSED', 'transfer.reversed', null],
      ['REVERSED', 'payout.failed', 'FAILED'],
      ['FAILED', 'transfer.created', null],
      ['FAILED', 'transfer.reversed', null],
      ['FAILED', 'payout.failed', null],
    ];
    for (const [status, kind, to] of table) {
      const decision = decideStripeOutcome(at(status), event(kind));
      if (to === null) {
        expect(decision, `${status} + ${kind}`).toEqual({ change: false, why: 'superseded' });
      } else {
        expect(decision, `${status} + ${kind}`).toMatchObject({ change: true, from: status, to });
        // every change is a transition the rail (SYSTEM) may make
        if (decision.change)
          expect(transitionDisbursement(status, decision.action, 'SYSTEM')).toBe(to);
      }
    }
  });

  it('ignores an event of another attempt, and a disbursement not yet approved', () => {
    for (const kind of STRIPE_OUTCOME_KINDS) {
      expect(decideStripeOutcome(at('APPROVED', 2), event(kind, 1))).toEqual({
        change: false,
        why: 'otherAttempt',
      });
      expect(decideStripeOutcome(at('FAILED', 1), event(kind, 2))).toEqual({
        change: false,
        why: 'otherAttempt',
      });
      // after a retry the disbursement is REQUESTED again, at the next attempt
      expect(decideStripeOutcome(at('REQUESTED', 2), event(kind, 1))).toMatchObject({
        change: false,
      });
      expect(decideStripeOutcome(at('REQUESTED', 1), event(kind, 1))).toEqual({
        change: false,
        why: 'notInFlight',
      });
    }
  });

  /** Every sequence of `length` events drawn from the three kinds. */
  function* sequences(length: number): Generator<StripeOutcomeKind[]> {
    if (length === 0) {
      yield [];
      return;
    }
    for (const rest of sequences(length - 1))
      for (const kind of STRIPE_OUTCOME_KINDS) yield [...rest, kind];
  }

  const run = (kinds: readonly StripeOutcomeKind[]) => {
    let status: DisbursementStatus = 'APPROVED';
    for (const kind of kinds) {
      const d = decideStripeOutcome({ status, attempt: 1 }, { kind, attempt: 1 });
      if (d.change) status = transitionDisbursement(status, d.action, 'SYSTEM');
    }
    return status;
  };

  it('ends in the same status in any order, with any repetition (at-least-once delivery)', () => {
    const highest: Record<StripeOutcomeKind, DisbursementStatus> = {
      'transfer.created': 'PAID',
      'transfer.reversed': 'REVERSED',
      'payout.failed': 'FAILED',
    };
    let checked = 0;
    for (let length = 1; length <= 6; length++) {
      for (const kinds of sequences(length)) {
        const top = [...STRIPE_OUTCOME_KINDS].reverse().find((k) => kinds.includes(k))!;
        expect(run(kinds), kinds.join(' → ')).toBe(highest[top]);
        checked++;
      }
    }
    expect(checked).toBe(3 + 9 + 27 + 81 + 243 + 729);
    // the six orders of the three events: all FAILED
    const permutations = [...sequences(3)].filter((s) => new Set(s).size === 3);
    expect(permutations).toHaveLength(6);
    for (const p of permutations) expect(run(p)).toBe('FAILED');
  });
});
