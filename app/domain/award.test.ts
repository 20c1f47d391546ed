import { describe, expect, it } from 'vitest';
import {
  allowedAwardProposalActions,
  assertFourEyes,
  AWARD_PROPOSAL_ACTIONS,
  AWARD_PROPOSAL_STATUSES,
  AWARD_PROPOSAL_TRANSITIONS,
  AWARD_PROPOSER_ROLES,
  FourEyesError,
  isAwardProposalStatus,
  isParallelAward,
  MAX_AWARD_SLOTS,
  nextFreeSlot,
  stageGateDue,
  transitionAwardProposal,
  validateSlotCount,
} from './award';
import { describeTransitionTable } from './lifecycle.testkit';

describeTransitionTable({
  name: 'award proposal',
  table: AWARD_PROPOSAL_TRANSITIONS,
  states: AWARD_PROPOSAL_STATUSES,
  actions: AWARD_PROPOSAL_ACTIONS,
  expected: [
    ['PROPOSED', 'approve', 'APPROVED', ['ADMIN']],
    ['PROPOSED', 'reject', 'REJECTED', ['ADMIN']],
  ],
  move: transitionAwardProposal,
  allowed: allowedAwardProposalActions,
  journeys: {
    'is approved by an admin': 'PROPOSED --approve/ADMIN--> APPROVED',
  },
});

describe('award proposal', () => {
  it('is proposed by bureau staff', () => {
    expect([...AWARD_PROPOSER_ROLES]).toEqual(['REVIEWER', 'ADMIN']);
  });

  it('recognises statuses from untrusted input', () => {
    expect(isAwardProposalStatus('PROPOSED')).toBe(true);
    expect(isAwardProposalStatus('AWARDED')).toBe(false);
  });
});

describe('assertFourEyes', () => {
  it('passes for two different people', () => {
    expect(() => assertFourEyes('user_a', 'user_b')).not.toThrow();
  });

  it('throws FourEyesError when proposer and approver are the same', () => {
    let caught: unknown;
    try {
      assertFourEyes('user_a', 'user_a');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FourEyesError);
    expect(caught).toBeInstanceOf(Error);
    expect((caught as FourEyesError).code).toBe('FOUR_EYES');
    expect((caught as FourEyesError).userId).toBe('user_a');
  });

  it('compares ids exactly and refuses empty ids', () => {
    expect(() => assertFourEyes('User_A', 'user_a')).not.toThrow();
    expect(() => assertFourEyes('', '')).toThrow(TypeError);
    expect(() => assertFourEyes('user_a', '')).toThrow(TypeError);
  });
});

describe('parallel award slots', () => {
  it('validates slot counts 1..10', () => {
    expect(validateSlotCount(1)).toEqual({ ok: true, slotCount: 1 });
    expect(validateSlotCount(MAX_AWARD_SLOTS)).toEqual({ ok: true, slotCount: 10 });
    expect(validateSlotCount(0)).toEqual({ ok: false, error: 'out_of_range' });
    expect(validateSlotCount(11)).toEqual({ ok: false, error: 'out_of_range' });
    expect(validateSlotCount(-1)).toEqual({ ok: false, error: 'out_of_range' });
    expect(validateSlotCount(2.5)).toEqual({ ok: false, error: 'not_integer' });
    expect(validateSlotCount(Number.NaN)).toEqual({ ok: false, error: 'not_integer' });
    expect(validateSlotCount(Number.POSITIVE_INFINITY)).toEqual({
      ok: false,
      error: 'not_integer',
    });
  });

  it('calls more than one slot a parallel award', () => {
    expect(isParallelAward(1)).toBe(false);
    expect(isParallelAward(2)).toBe(true);
  });

  it('finds the lowest free slot', () => {
    expect(nextFreeSlot([], 3)).toBe(1);
    expect(nextFreeSlot([1], 3)).toBe(2);
    expect(nextFreeSlot([2, 1], 3)).toBe(3);
    expect(nextFreeSlot([1, 3], 3)).toBe(2);
    expect(nextFreeSlot([1, 2, 3], 3)).toBeNull();
    expect(nextFreeSlot([1, 1, 2], 3)).toBe(3);
    expect(nextFreeSlot([], 0)).toBeNull();
  });

  it('ignores slots above the count and refuses nonsense', () => {
    expect(nextFreeSlot([3], 2)).toBe(1);
    expect(nextFreeSlot([1, 2, 3], 2)).toBeNull();
    expect(() => nextFreeSlot([0], 3)).toThrow(RangeError);
    expect(() => nextFreeSlot([1.5], 3)).toThrow(RangeError);
    expect(() => nextFreeSlot([], -1)).toThrow(RangeError);
  });
});

describe('stageGateDue', () => {
  const gate = new Date('2022-06-30T00:00:00+08:00');

  it('is due from the start of the gate day in Shanghai', () => {
    expect(stageGateDue(gate, new Date('2022-06-29T23:59:59.999+08:00'))).toBe(false);
    expect(stageGateDue(gate, new Date('2022-06-30T00:00:00+08:00'))).toBe(true);
    expect(stageGateDue(gate, new Date('2023-01-01T00:00:00+08:00'))).toBe(true);
  });

  it('reads a gate stored later in the day as that day', () => {
    expect(
      stageGateDue(new Date('2022-06-30T15:00:00+08:00'), new Date('2022-06-30T08:00:00+08:00')),
    ).toBe(true);
  });

  it('is never due without a gate date', () => {
    expect(stageGateDue(null, new Date('2099-01-01T00:00:00Z'))).toBe(false);
  });

  it('refuses invalid dates', () => {
    expect(() => stageGateDue(gate, new Date('x'))).toThrow(RangeError);
    expect(() => stageGateDue(new Date('x'), gate)).toThrow(RangeError);
  });
});
