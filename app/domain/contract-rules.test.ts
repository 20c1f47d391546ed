import { describe, expect, it } from 'vitest';
import { CONTRACT_STATUSES, MILESTONE_STATUSES, milestoneAmounts } from './contract';
import {
  acceptanceConfirms,
  allMilestonesDone,
  canConfirmMilestone,
  canRegisterContract,
  challengeSettlement,
  checkDueDates,
  checkSigningDate,
  CONTRACT_INTENT_ROLES,
  CONTRACT_INTENTS,
  contractActionsFor,
  contractIntentRoles,
  contractOpenForMilestones,
  contractPartyRole,
  contractRewardFen,
  deliveryStartsContract,
  earlierDelivered,
  formatSharePercent,
  milestoneActionsFor,
  parseSharePercent,
  type MilestoneFacts,
} from './contract-rules';
import { ROLES } from './roles';
import { parseShanghaiDate } from './shanghai-date';

const day = (s: string) => parseShanghaiDate(s)!;

describe('registration', () => {
  it('needs an approved award without a contract, not stopped at a stage gate', () => {
    const ok = { status: 'APPROVED', hasContract: false, stageGateOutcome: null };
    expect(canRegisterContract(ok)).toEqual({ ok: true });
    expect(canRegisterContract({ ...ok, stageGateOutcome: 'CONTINUE' })).toEqual({ ok: true });
    expect(canRegisterContract({ ...ok, status: 'PROPOSED' })).toEqual({
      ok: false,
      reason: 'notApproved',
    });
    expect(canRegisterContract({ ...ok, status: 'REJECTED' })).toMatchObject({ ok: false });
    expect(canRegisterContract({ ...ok, hasContract: true })).toEqual({
      ok: false,
      reason: 'alreadyRegistered',
    });
    expect(canRegisterContract({ ...ok, stageGateOutcome: 'STOP' })).toEqual({
      ok: false,
      reason: 'stopped',
    });
  });

  it('takes the fixed bounty, or the accepted offer of an open bounty', () => {
    expect(
      contractRewardFen({ bountyType: 'FIXED', bountyFen: 300_000_000, acceptedOfferFen: null }),
    ).toEqual({ ok: true, fen: 300_000_000 });
    // an offer on a fixed bounty changes nothing
    expect(
      contractRewardFen({ bountyType: 'FIXED', bountyFen: 300_000_000, acceptedOfferFen: 1 }),
    ).toEqual({ ok: true, fen: 300_000_000 });
    expect(
      contractRewardFen({ bountyType: 'OPEN', bountyFen: null, acceptedOfferFen: 340_000_000 }),
    ).toEqual({ ok: true, fen: 340_000_000 });
    expect(
      contractRewardFen({ bountyType: 'OPEN', bountyFen: null, acceptedOfferFen: null }),
    ).toEqual({ ok: false, reason: 'noAgreedAmount' });
    expect(
      contractRewardFen({ bountyType: 'FIXED', bountyFen: null, acceptedOfferFen: null }),
    ).toEqual({ ok: false, reason: 'noBounty' });
  });
});

describe('milestone shares as percentages', () => {
  it.each([
    ['100', 10_000],
    ['30', 3000],
    ['33.33', 3333],
    ['33.34', 3334],
    ['12.5', 1250],
    ['0.01', 1],
    ['7.10', 710],
    ['7.100', 710],
    [' 40 ', 4000],
    ['100.00', 10_000],
  ])('%s %% → %i bp', (text, bp) => {
    expect(parseSharePercent(text)).toEqual({ ok: true, bp });
  });

  it.each([
    ['', 'invalid'],
    ['abc', 'invalid'],
    ['-10', 'invalid'],
    ['1e2', 'invalid'],
    ['.5', 'invalid'],
    ['5.', 'invalid'],
    ['1,000', 'invalid'],
    ['1000', 'invalid'],
    ['33.333', 'too_precise'],
    ['0', 'not_positive'],
    ['0.00', 'not_positive'],
    ['100.01', 'too_large'],
    ['999', 'too_large'],
  ])('refuses %j (%s)', (text, error) => {
    expect(parseSharePercent(text)).toEqual({ ok: false, error });
  });

  it.each([
    [10_000, '100'],
    [3333, '33.33'],
    [1250, '12.5'],
    [1205, '12.05'],
    [1, '0.01'],
  ])('formats %i bp back as %s %%', (bp, text) => {
    expect(formatSharePercent(bp)).toBe(text);
  });

  it('formats basis points so that they parse back, and refuses what is not a whole bp', () => {
    for (const bp of [1, 9, 10, 99, 100, 101, 3333, 9999, 10_000]) {
      expect(parseSharePercent(formatSharePercent(bp))).toEqual({ ok: true, bp });
    }
    expect(() => formatSharePercent(-1)).toThrow(RangeError);
    expect(() => formatSharePercent(1.5)).toThrow(RangeError);
  });

  it('three thirds of a reward still sum to the reward', () => {
    const shares = ['33.33', '33.33', '33.34'].map((s) => {
      const p = parseSharePercent(s);
      if (!p.ok) throw new Error(s);
      return p.bp;
    });
    const amounts = milestoneAmounts(100_000_001, shares);
    expect(amounts.reduce((a, b) => a + b, 0)).toBe(100_000_001);
  });
});

describe('dates', () => {
  const now = new Date('2021-08-10T10:00:00+08:00');
  it('refuses a signing date in the future or before the award', () => {
    expect(checkSigningDate(day('2021-08-10'), now, null)).toBe('ok');
    expect(checkSigningDate(day('2021-08-11'), now, null)).toBe('future');
    expect(checkSigningDate(day('2021-07-19'), now, new Date('2021-07-19T15:00:00+08:00'))).toBe(
      'ok',
    );
    expect(checkSigningDate(day('2021-07-18'), now, new Date('2021-07-19T15:00:00+08:00'))).toBe(
      'beforeAward',
    );
  });

  it('wants due dates on or after signing, in order', () => {
    const signed = day('2021-08-06');
    expect(checkDueDates(signed, [day('2021-08-06'), day('2021-09-30')])).toBeNull();
    expect(checkDueDates(signed, [day('2021-09-30'), day('2021-09-30')])).toBeNull();
    expect(checkDueDates(signed, [day('2021-08-05')])).toEqual({
      index: 0,
      error: 'beforeSigning',
    });
    expect(checkDueDates(signed, [day('2021-12-01'), day('2021-10-01')])).toEqual({
      index: 1,
      error: 'outOfOrder',
    });
  });
});

const m = (seq: number, status: MilestoneFacts['status'], confirmed = false): MilestoneFacts => ({
  seq,
  status,
  confirmedAt: confirmed ? new Date() : null,
});

describe('milestone flow', () => {
  it('delivers milestones in order', () => {
    const ms = [m(1, 'ACCEPTED', true), m(2, 'PENDING'), m(3, 'PENDING')];
    expect(earlierDelivered(ms, 2)).toBe(true);
    expect(earlierDelivered(ms, 3)).toBe(false);
    expect(milestoneActionsFor('IN_PROGRESS', ms, ms[1]!, 'TEAM')).toEqual(['deliver']);
    expect(milestoneActionsFor('IN_PROGRESS', ms, ms[2]!, 'TEAM')).toEqual([]);
    // a rejected earlier milestone was delivered once: the next may follow
    const rejected = [m(1, 'REJECTED'), m(2, 'PENDING')];
    expect(milestoneActionsFor('IN_PROGRESS', rejected, rejected[1]!, 'TEAM')).toEqual(['deliver']);
    expect(milestoneActionsFor('IN_PROGRESS', rejected, rejected[0]!, 'TEAM')).toEqual([
      'redeliver',
    ]);
  });

  it('lets the enterprise and the bureau accept or reject, and only the bureau confirm', () => {
    const ms = [m(1, 'DELIVERED'), m(2, 'ACCEPTED')];
    expect(milestoneActionsFor('IN_PROGRESS', ms, ms[0]!, 'ENTERPRISE')).toEqual([
      'accept',
      'reject',
    ]);
    expect(milestoneActionsFor('IN_PROGRESS', ms, ms[0]!, 'REVIEWER')).toEqual([
      'accept',
      'reject',
    ]);
    expect(milestoneActionsFor('IN_PROGRESS', ms, ms[0]!, 'TEAM')).toEqual([]);
    expect(milestoneActionsFor('IN_PROGRESS', ms, ms[1]!, 'ENTERPRISE')).toEqual([]);
    expect(milestoneActionsFor('IN_PROGRESS', ms, ms[1]!, 'REVIEWER')).toEqual(['confirm']);
    expect(milestoneActionsFor('IN_PROGRESS', ms, ms[1]!, 'ADMIN')).toEqual(['confirm']);
    expect(canConfirmMilestone('IN_PROGRESS', m(1, 'ACCEPTED', true), 'ADMIN')).toBe(false);
    expect(canConfirmMilestone('IN_PROGRESS', m(1, 'DELIVERED'), 'ADMIN')).toBe(false);
    expect(canConfirmMilestone('TERMINATED', m(1, 'ACCEPTED'), 'ADMIN')).toBe(false);
    expect(acceptanceConfirms('REVIEWER')).toBe(true);
    expect(acceptanceConfirms('ENTERPRISE')).toBe(false);
  });

  it('stops all milestone work once the contract is accepted or terminated', () => {
    for (const status of ['ACCEPTED', 'TERMINATED'] as const) {
      expect(contractOpenForMilestones(status)).toBe(false);
      const ms = [m(1, 'PENDING')];
      expect(milestoneActionsFor(status, ms, ms[0]!, 'TEAM')).toEqual([]);
    }
    expect(contractOpenForMilestones('SIGNED')).toBe(true);
    const signed = [m(1, 'PENDING')];
    expect(milestoneActionsFor('SIGNED', signed, signed[0]!, 'TEAM')).toEqual(['deliver']);
  });

  it('starts the contract at the first delivery and accepts it when every milestone is done', () => {
    expect(deliveryStartsContract('SIGNED')).toBe(true);
    expect(deliveryStartsContract('IN_PROGRESS')).toBe(false);
    expect(allMilestonesDone([m(1, 'ACCEPTED', true), m(2, 'ACCEPTED', true)])).toBe(true);
    expect(allMilestonesDone([m(1, 'ACCEPTED', true), m(2, 'ACCEPTED')])).toBe(false);
    expect(allMilestonesDone([m(1, 'ACCEPTED', true), m(2, 'DELIVERED')])).toBe(false);
    expect(allMilestonesDone([])).toBe(false);
  });

  it('offers start and terminate by the transition table', () => {
    expect(contractActionsFor('SIGNED', 'REVIEWER')).toEqual(['start']);
    expect(contractActionsFor('SIGNED', 'ADMIN')).toEqual(['start', 'terminate']);
    expect(contractActionsFor('IN_PROGRESS', 'REVIEWER')).toEqual([]);
    expect(contractActionsFor('IN_PROGRESS', 'ADMIN')).toEqual(['terminate']);
    expect(contractActionsFor('IN_PROGRESS', 'ENTERPRISE')).toEqual([]);
    expect(contractActionsFor('ACCEPTED', 'ADMIN')).toEqual([]);
  });
});

describe('the challenge after its contracts', () => {
  const award = (hasContract: boolean, stageGateOutcome: string | null = null) => ({
    status: 'APPROVED',
    hasContract,
    stageGateOutcome,
  });

  it('completes once every contract is done and at least one was accepted', () => {
    expect(challengeSettlement({ contracts: ['ACCEPTED'], awards: [award(true)] })).toBe(
      'complete',
    );
    expect(
      challengeSettlement({
        contracts: ['ACCEPTED', 'TERMINATED'],
        awards: [award(true), award(true)],
      }),
    ).toBe('complete');
  });

  it('is terminated when every contract was terminated', () => {
    expect(
      challengeSettlement({ contracts: ['TERMINATED', 'TERMINATED'], awards: [award(true)] }),
    ).toBe('terminate');
  });

  it('waits while a contract runs or an approved award still waits for its contract', () => {
    expect(
      challengeSettlement({ contracts: ['ACCEPTED', 'IN_PROGRESS'], awards: [award(true)] }),
    ).toBeNull();
    expect(
      challengeSettlement({ contracts: ['ACCEPTED', 'SIGNED'], awards: [award(true)] }),
    ).toBeNull();
    expect(
      challengeSettlement({ contracts: ['ACCEPTED'], awards: [award(true), award(false)] }),
    ).toBeNull();
    expect(challengeSettlement({ contracts: [], awards: [] })).toBeNull();
  });

  it('does not wait for an award stopped at the stage gate, nor for undecided proposals', () => {
    expect(
      challengeSettlement({
        contracts: ['ACCEPTED'],
        awards: [
          award(true),
          award(false, 'STOP'),
          { status: 'PROPOSED', hasContract: false, stageGateOutcome: null },
        ],
      }),
    ).toBe('complete');
  });
});

describe('who acts on a contract', () => {
  const parties = { enterpriseId: 'ent', teamId: 'team' };

  it('is its two parties, as their side, and the bureau', () => {
    expect(contractPartyRole({ role: 'ENTERPRISE', organizationId: 'ent' }, parties)).toBe(
      'ENTERPRISE',
    );
    expect(contractPartyRole({ role: 'TEAM', organizationId: 'team' }, parties)).toBe('TEAM');
    expect(contractPartyRole({ role: 'REVIEWER', organizationId: 'bureau' }, parties)).toBe(
      'REVIEWER',
    );
    expect(contractPartyRole({ role: 'ADMIN', organizationId: 'bureau' }, parties)).toBe('ADMIN');
  });

  it("is nobody else: another organisation, or a party in the other side's role", () => {
    expect(contractPartyRole({ role: 'TEAM', organizationId: 'other' }, parties)).toBeNull();
    expect(contractPartyRole({ role: 'ENTERPRISE', organizationId: 'other' }, parties)).toBeNull();
    expect(contractPartyRole({ role: 'TEAM', organizationId: 'ent' }, parties)).toBeNull();
    expect(contractPartyRole({ role: 'ENTERPRISE', organizationId: 'team' }, parties)).toBeNull();
    expect(contractPartyRole({ role: 'SYSTEM', organizationId: 'ent' }, parties)).toBeNull();
  });
});

describe('who may send each form of the contract page', () => {
  it("follows the transition tables and the bureau's confirmation", () => {
    expect(CONTRACT_INTENT_ROLES).toEqual({
      deliver: ['TEAM'],
      redeliver: ['TEAM'],
      accept: ['ENTERPRISE', 'REVIEWER', 'ADMIN'],
      reject: ['ENTERPRISE', 'REVIEWER', 'ADMIN'],
      confirm: ['REVIEWER', 'ADMIN'],
      start: ['REVIEWER', 'ADMIN'],
      terminate: ['ADMIN'],
      techRegistration: ['REVIEWER', 'ADMIN'],
    });
  });

  it('lets every role send the forms the page offers it, in every state', () => {
    const m = (status: (typeof MILESTONE_STATUSES)[number], confirmedAt: Date | null = null) => ({
      seq: 1,
      status,
      confirmedAt,
    });
    for (const role of ROLES)
      for (const status of CONTRACT_STATUSES) {
        for (const a of contractActionsFor(status, role))
          expect(CONTRACT_INTENT_ROLES[a], `${role} ${a}`).toContain(role);
        for (const s of MILESTONE_STATUSES)
          for (const a of milestoneActionsFor(status, [m(s)], m(s), role))
            if (role !== 'SYSTEM') expect(CONTRACT_INTENT_ROLES[a], `${role} ${a}`).toContain(role);
      }
  });

  it('has a guard for every intent, and none for others', () => {
    for (const intent of CONTRACT_INTENTS) expect(contractIntentRoles(intent)).not.toBeNull();
    expect(contractIntentRoles('requestPayment')).toBeNull();
    expect(contractIntentRoles('constructor')).toBeNull();
    expect(contractIntentRoles(null)).toBeNull();
  });
});
