import { describe, expect, it } from 'vitest';
import {
  checkConfirmation,
  checkHold,
  fundingAllowsPublication,
  fundingState,
  needsFunding,
  parseFundingRule,
  releasesFunding,
  requiredShares,
  rewardWithinCommitment,
} from './funding';
import {
  balances,
  expectedFundingBalances,
  fundingHeldJournal,
  fundingJournalId,
  fundingReleasedJournal,
  parseAccount,
  securedAccount,
  SPONSORS_ACCOUNT,
} from './ledger';

const fixed = (bountyFen: number) => ({ bountyType: 'FIXED', bountyFen });
const open = { bountyType: 'OPEN', bountyFen: null };

describe('the funding rule', () => {
  it('defaults to the enterprise funding the bounty, and reads BUREAU and BOTH', () => {
    expect(parseFundingRule({})).toEqual({ kind: 'ENTERPRISE' });
    expect(parseFundingRule({ FUNDING_RULE: 'bureau' })).toEqual({ kind: 'BUREAU' });
    expect(parseFundingRule({ FUNDING_RULE: 'BOTH' })).toEqual({
      kind: 'BOTH',
      enterpriseShareBp: 5000,
    });
    expect(parseFundingRule({ FUNDING_RULE: 'BOTH', FUNDING_ENTERPRISE_SHARE_BP: '7000' })).toEqual(
      { kind: 'BOTH', enterpriseShareBp: 7000 },
    );
  });

  it('refuses anything else, naming the variable', () => {
    expect(() => parseFundingRule({ FUNDING_RULE: 'EVERYONE' })).toThrow(/FUNDING_RULE/);
    for (const bp of ['0', '10000', '-1', '12.5', 'half'])
      expect(() =>
        parseFundingRule({ FUNDING_RULE: 'BOTH', FUNDING_ENTERPRISE_SHARE_BP: bp }),
      ).toThrow(/FUNDING_ENTERPRISE_SHARE_BP/);
  });
});

describe('the shares a bounty needs', () => {
  it('asks nothing of an open bounty', () => {
    expect(needsFunding(open)).toBe(false);
    expect(requiredShares({ kind: 'ENTERPRISE' }, open)).toEqual([]);
  });

  it('asks the whole bounty of one payer', () => {
    expect(requiredShares({ kind: 'ENTERPRISE' }, fixed(300_000_000))).toEqual([
      { payer: 'ENTERPRISE', amountFen: 300_000_000 },
    ]);
    expect(requiredShares({ kind: 'BUREAU' }, fixed(1))).toEqual([
      { payer: 'BUREAU', amountFen: 1 },
    ]);
  });

  it('splits between both in integer fen that sum to the bounty exactly', () => {
    for (const bounty of [1, 2, 3, 99, 100_000_001, 260_500_000, 999_999_999_999]) {
      for (const bp of [1, 3333, 5000, 6667, 9999]) {
        const shares = requiredShares({ kind: 'BOTH', enterpriseShareBp: bp }, fixed(bounty));
        expect(shares.every((s) => Number.isSafeInteger(s.amountFen) && s.amountFen > 0)).toBe(
          true,
        );
        expect(shares.reduce((sum, s) => sum + s.amountFen, 0)).toBe(bounty);
      }
    }
    expect(requiredShares({ kind: 'BOTH', enterpriseShareBp: 3000 }, fixed(100_000_000))).toEqual([
      { payer: 'ENTERPRISE', amountFen: 30_000_000 },
      { payer: 'BUREAU', amountFen: 70_000_000 },
    ]);
  });
});

describe('whether a need may be published', () => {
  it('publishes an open bounty freely and a fixed one only once secured', () => {
    expect(fundingAllowsPublication(open, null)).toBe(true);
    expect(fundingAllowsPublication(fixed(100), null)).toBe(false);
    expect(fundingAllowsPublication(fixed(100), new Date())).toBe(true);
  });

  it('is secured when every required share is held, not when one was released', () => {
    const rule = { kind: 'BOTH', enterpriseShareBp: 5000 } as const;
    const held = (payer: string, amountFen = 50) => ({ payer, amountFen, status: 'HELD' });
    expect(fundingState(rule, fixed(100), []).secured).toBe(false);
    expect(fundingState(rule, fixed(100), [held('ENTERPRISE')]).secured).toBe(false);
    const both = fundingState(rule, fixed(100), [held('ENTERPRISE'), held('BUREAU')]);
    expect(both).toMatchObject({ needed: true, secured: true, heldFen: 100 });
    expect(
      fundingState(rule, fixed(100), [
        held('ENTERPRISE'),
        { payer: 'BUREAU', amountFen: 50, status: 'RELEASED' },
      ]).secured,
    ).toBe(false);
    expect(fundingState(rule, open, []).needed).toBe(false);
  });
});

describe('a reviewer’s confirmation', () => {
  const rule = { kind: 'ENTERPRISE' } as const;
  const need = { ...fixed(500), status: 'SUBMITTED' };

  it('commits the rule’s share, once per payer, while the need is alive', () => {
    expect(checkConfirmation(rule, need, 'ENTERPRISE', [])).toEqual({ ok: true, amountFen: 500 });
    expect(
      checkConfirmation(rule, need, 'ENTERPRISE', [
        { payer: 'ENTERPRISE', amountFen: 500, status: 'HELD' },
      ]),
    ).toEqual({ ok: false, reason: 'alreadyConfirmed' });
    expect(checkConfirmation(rule, need, 'BUREAU', [])).toEqual({
      ok: false,
      reason: 'payerNotInRule',
    });
    expect(checkConfirmation(rule, { ...open, status: 'SUBMITTED' }, 'ENTERPRISE', [])).toEqual({
      ok: false,
      reason: 'notRequired',
    });
    for (const status of ['DRAFT', 'WITHDRAWN', 'REJECTED', 'UNAWARDED', 'AWARDED'])
      expect(checkConfirmation(rule, { ...need, status }, 'ENTERPRISE', [])).toEqual({
        ok: false,
        reason: 'notConfirmable',
      });
  });

  it('is released when the bounty will never be paid', () => {
    expect(['WITHDRAWN', 'REJECTED', 'UNAWARDED'].every(releasesFunding)).toBe(true);
    expect(['PUBLISHED', 'CLOSED', 'AWARDED', 'SUBMITTED'].some(releasesFunding)).toBe(false);
  });

  it('caps a fixed bounty’s reward at the funds held', () => {
    expect(rewardWithinCommitment(fixed(500), 500, 500)).toBe(true);
    expect(rewardWithinCommitment(fixed(500), 501, 500)).toBe(false);
    expect(rewardWithinCommitment(fixed(500), 500, 0)).toBe(false);
    expect(rewardWithinCommitment(open, 10_000, 0)).toBe(true);
  });
});

describe('the funding journals', () => {
  it('moves a share from sponsors to the challenge’s secured account and back, exactly', () => {
    expect(securedAccount('c1')).toBe('secured:c1');
    expect(parseAccount('secured:c1')).toEqual({ kind: 'secured', id: 'c1' });
    expect(parseAccount(SPONSORS_ACCOUNT)).toEqual({ kind: 'sponsors' });
    expect(parseAccount('secured:')).toBeNull();
    const held = fundingHeldJournal({ challengeId: 'c1', amountFen: 700 });
    const released = fundingReleasedJournal({ challengeId: 'c1', amountFen: 700 });
    expect(held).toEqual([
      { account: 'sponsors', amountFen: -700 },
      { account: 'secured:c1', amountFen: 700 },
    ]);
    expect(balances([...held, ...released])).toEqual(
      new Map([
        ['sponsors', 0],
        ['secured:c1', 0],
      ]),
    );
    expect(fundingJournalId('f1', 'held')).toBe('funding:f1:held');
    expect(() => fundingJournalId('a:b', 'held')).toThrow(RangeError);
  });

  it('rebuilds the balances the confirmations call for', () => {
    expect(
      expectedFundingBalances([
        { challengeId: 'a', amountFen: 100, status: 'HELD' },
        { challengeId: 'a', amountFen: 50, status: 'HELD' },
        { challengeId: 'b', amountFen: 30, status: 'RELEASED' },
      ]),
    ).toEqual(
      new Map([
        ['secured:a', 150],
        ['secured:b', 0],
        ['sponsors', -150],
      ]),
    );
  });
});

describe('a Stripe funds hold', () => {
  const hold = { status: 'requires_capture', currency: 'cny', amount_capturable: 1_000_000 };
  it('accepts an authorised, uncaptured CNY hold of exactly the share', () => {
    expect(checkHold(hold, 1_000_000)).toBeNull();
    expect(checkHold({ ...hold, currency: 'CNY' }, 1_000_000)).toBeNull();
  });
  it('says why it refuses anything else', () => {
    for (const status of ['requires_payment_method', 'succeeded', 'canceled', 'processing'])
      expect(checkHold({ ...hold, status }, 1_000_000)).toBe('holdNotHeld');
    expect(checkHold({ ...hold, currency: 'usd' }, 1_000_000)).toBe('holdCurrency');
    expect(checkHold(hold, 1_000_001)).toBe('holdAmount');
    expect(checkHold({ ...hold, amount_capturable: 999_999 }, 1_000_000)).toBe('holdAmount');
  });
});
