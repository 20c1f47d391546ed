import { describe, expect, it } from 'vitest';
import {
  allowedAwardVacancyActions,
  AWARD_HOLD_STATUSES,
  AWARD_VACANCY_TRANSITIONS,
  AWARD_VACATE_ACTIONS,
  candidateExclusion,
  daysLeftToSign,
  nextRankedCandidate,
  promotionRefusal,
  signDeadline,
  signOverdue,
  transitionAwardVacancy,
  vacancyRefusal,
  type CandidateFacts,
} from './award-vacancy';
import { describeTransitionTable } from './lifecycle.testkit';

describeTransitionTable({
  name: 'award vacancy',
  table: AWARD_VACANCY_TRANSITIONS,
  states: AWARD_HOLD_STATUSES,
  actions: AWARD_VACATE_ACTIONS,
  expected: [
    ['APPROVED', 'decline', 'VACATED', ['TEAM']],
    ['APPROVED', 'lapse', 'VACATED', ['REVIEWER', 'ADMIN']],
    ['APPROVED', 'replace', 'VACATED', ['ADMIN']],
  ],
  move: transitionAwardVacancy,
  allowed: allowedAwardVacancyActions,
});

// approved at 23:30 on 1 March 2026 in Shanghai (15:30 UTC)
const approved = new Date('2026-03-01T23:30:00+08:00');

describe('signing deadline (Shanghai calendar days)', () => {
  it('is the start of the approval day plus N days', () => {
    expect(signDeadline(approved, 30).toISOString()).toBe('2026-03-30T16:00:00.000Z');
  });

  it('counts days left to the deadline day, 0 on it, negative after', () => {
    expect(daysLeftToSign(approved, 30, new Date('2026-03-02T00:10:00+08:00'))).toBe(29);
    expect(daysLeftToSign(approved, 30, new Date('2026-03-31T00:00:00+08:00'))).toBe(0);
    expect(daysLeftToSign(approved, 30, new Date('2026-03-31T23:59:59+08:00'))).toBe(0);
    expect(daysLeftToSign(approved, 30, new Date('2026-04-01T00:00:00+08:00'))).toBe(-1);
    expect(signOverdue(approved, 30, new Date('2026-03-31T23:59:59+08:00'))).toBe(false);
    expect(signOverdue(approved, 30, new Date('2026-04-01T00:00:00+08:00'))).toBe(true);
  });

  it('refuses nonsense', () => {
    expect(() => signDeadline(new Date('x'), 30)).toThrow(RangeError);
    expect(() => signDeadline(approved, 0)).toThrow(RangeError);
    expect(() => signDeadline(approved, 1.5)).toThrow(RangeError);
  });
});

describe('vacancyRefusal', () => {
  const base = { status: 'APPROVED', decidedAt: approved, hasContract: false };
  const early = { now: new Date('2026-03-10T12:00:00+08:00'), signDays: 30 };
  const late = { now: new Date('2026-04-02T12:00:00+08:00'), signDays: 30 };

  it('lets a team decline an approved award without a contract at any time', () => {
    expect(vacancyRefusal(base, 'decline', early)).toBeNull();
    expect(vacancyRefusal(base, 'decline', late)).toBeNull();
  });

  it('lets staff vacate for no contract only once the deadline has passed', () => {
    expect(vacancyRefusal(base, 'lapse', early)).toBe('notOverdue');
    expect(vacancyRefusal(base, 'lapse', late)).toBeNull();
  });

  it('never vacates a signed award or one that is not approved', () => {
    expect(vacancyRefusal({ ...base, hasContract: true }, 'decline', early)).toBe('contractSigned');
    expect(vacancyRefusal({ ...base, hasContract: true }, 'lapse', late)).toBe('contractSigned');
    for (const status of ['PROPOSED', 'REJECTED', 'VACATED'])
      expect(vacancyRefusal({ ...base, status }, 'decline', early)).toBe('notApproved');
    expect(vacancyRefusal({ ...base, decidedAt: null }, 'decline', early)).toBe('notApproved');
  });
});

describe('the next-ranked candidate', () => {
  const row = (over: Partial<CandidateFacts> & { id: string }): CandidateFacts => ({
    status: 'DECLINED',
    weighted: 80,
    rank: 1,
    hasAward: false,
    rejectedForSlot: false,
    teamBusy: false,
    ...over,
  });

  it('excludes withdrawn, awarded, unscored, award-holding, rejected and busy applications', () => {
    expect(candidateExclusion(row({ id: 'a', status: 'WITHDRAWN' }))).toBe('status');
    expect(candidateExclusion(row({ id: 'a', status: 'AWARDED' }))).toBe('status');
    expect(candidateExclusion(row({ id: 'a', status: 'DRAFT' }))).toBe('status');
    expect(candidateExclusion(row({ id: 'a', weighted: null, rank: null }))).toBe('unscored');
    expect(candidateExclusion(row({ id: 'a', hasAward: true }))).toBe('hasAward');
    expect(candidateExclusion(row({ id: 'a', rejectedForSlot: true }))).toBe('rejectedForSlot');
    expect(candidateExclusion(row({ id: 'a', teamBusy: true }))).toBe('teamBusy');
    for (const status of ['SUBMITTED', 'SHORTLISTED', 'DECLINED'])
      expect(candidateExclusion(row({ id: 'a', status }))).toBeNull();
  });

  it('takes the best-ranked eligible row, ties in ranking order', () => {
    const ranked = [
      row({ id: 'winner', status: 'WITHDRAWN', rank: 1, weighted: 90 }),
      row({ id: 'held', hasAward: true, rank: 2, weighted: 85 }),
      row({ id: 'second', rank: 3, weighted: 80 }),
      row({ id: 'tied', rank: 3, weighted: 80 }),
      row({ id: 'last', rank: 5, weighted: 70 }),
      row({ id: 'unscored', weighted: null, rank: null }),
    ];
    expect(nextRankedCandidate(ranked)?.id).toBe('second');
    expect(nextRankedCandidate(ranked.slice(3))?.id).toBe('tied');
    expect(nextRankedCandidate([ranked[0]!, ranked[1]!, ranked[5]!])).toBeNull();
    expect(nextRankedCandidate([])).toBeNull();
  });
});

describe('promotionRefusal', () => {
  const open = { status: 'VACATED', vacatedSlotNo: 1, slotTaken: false, promotions: [] };
  it('allows a promotion into an open vacancy, again after a rejected one', () => {
    expect(promotionRefusal(open)).toBeNull();
    expect(promotionRefusal({ ...open, promotions: ['REJECTED'] })).toBeNull();
  });
  it('refuses a vacancy that is not one, is filled, or has a promotion waiting', () => {
    expect(promotionRefusal({ ...open, status: 'APPROVED' })).toBe('notVacated');
    expect(promotionRefusal({ ...open, vacatedSlotNo: null })).toBe('notVacated');
    expect(promotionRefusal({ ...open, slotTaken: true })).toBe('alreadyFilled');
    expect(promotionRefusal({ ...open, promotions: ['REJECTED', 'APPROVED'] })).toBe(
      'alreadyFilled',
    );
    expect(promotionRefusal({ ...open, promotions: ['PROPOSED'] })).toBe('pendingPromotion');
  });
});
