import { describe, expect, it } from 'vitest';
import {
  earnsPlace,
  rankingReviews,
  rankingRound,
  reevaluationStage,
  reevaluatorRefusal,
  remedyRefusal,
  reviewOpen,
  roundComplete,
} from './appeal-remedy';
import { MAX_AWARD_SLOTS } from './award';

const r = (round: number, submitted: boolean, recused = false) => ({ round, submitted, recused });

describe('re-evaluation rounds', () => {
  it('a round is complete when every counted expert of it has submitted', () => {
    expect(roundComplete([r(1, true), r(2, true), r(2, false)], 2)).toBe(false);
    expect(roundComplete([r(1, true), r(2, true), r(2, false, true)], 2)).toBe(true);
    expect(roundComplete([r(1, true)], 2)).toBe(false);
    // only recused experts: nobody counts, so the round is not complete
    expect(roundComplete([r(2, false, true)], 2)).toBe(false);
  });

  it('ranks on round 2 only once round 2 is complete', () => {
    expect(rankingRound([r(1, true), r(2, false)])).toBe(1);
    expect(rankingRound([r(1, true), r(2, true)])).toBe(2);
    const reviews = [
      { ...r(1, true), id: 'a' },
      { ...r(2, true), id: 'b' },
    ];
    expect(rankingReviews(reviews).map((x) => x.id)).toEqual(['b']);
    expect(rankingReviews([{ ...r(1, true), id: 'a' }]).map((x) => x.id)).toEqual(['a']);
  });

  it('keeps first-round experts out of the re-evaluation', () => {
    expect(reevaluatorRefusal(undefined)).toBeNull();
    expect(reevaluatorRefusal({ round: 1 })).toBe('scoredBefore');
    expect(reevaluatorRefusal({ round: 2 })).toBe('alreadyAssigned');
  });

  it('opens a round-2 review while scoring, whatever the challenge status', () => {
    const base = { applicationStatus: 'SUBMITTED', challengeClosed: false };
    expect(reviewOpen({ ...base, round: 2, reevaluationScoring: true })).toBe(true);
    expect(reviewOpen({ ...base, round: 2, reevaluationScoring: false })).toBe(false);
    expect(reviewOpen({ ...base, round: 1, reevaluationScoring: true })).toBe(false);
    expect(
      reviewOpen({ ...base, applicationStatus: 'DECLINED', round: 2, reevaluationScoring: true }),
    ).toBe(false);
    expect(
      reviewOpen({ ...base, challengeClosed: true, round: 1, reevaluationScoring: false }),
    ).toBe(true);
  });

  it('names the stage', () => {
    expect(reevaluationStage({ outcome: null })).toBe('SCORING');
    expect(reevaluationStage({ outcome: 'PLACE' })).toBe('PLACE');
    expect(reevaluationStage({ outcome: 'bogus' })).toBe('SCORING');
  });
});

describe('earnsPlace', () => {
  it('a score above the lowest awarded earns a place', () => {
    expect(earnsPlace(80, [90, 70], 2)).toBe(true);
    expect(earnsPlace(60, [90, 70], 2)).toBe(false);
  });

  it('a tie at two decimals with the lowest awarded earns a place', () => {
    expect(earnsPlace(70.004, [90, 70], 2)).toBe(true);
    expect(earnsPlace(69.99, [90, 70], 2)).toBe(false);
  });

  it('a free slot always earns a place; an unscored award ranks below any score', () => {
    expect(earnsPlace(10, [90], 2)).toBe(true);
    expect(earnsPlace(10, [null], 1)).toBe(true);
    expect(earnsPlace(10, [], 1)).toBe(true);
  });
});

describe('remedyRefusal', () => {
  const target = { status: 'APPROVED', sameChallenge: true, hasContract: false };

  it('needs the outcome PLACE', () => {
    expect(remedyRefusal({ outcome: null, kind: 'APPEAL_SLOT', awardSlots: 1 })).toBe('notPlace');
    expect(remedyRefusal({ outcome: 'NO_PLACE', kind: 'APPEAL_SLOT', awardSlots: 1 })).toBe(
      'notPlace',
    );
    expect(remedyRefusal({ outcome: 'REMEDIED', kind: 'APPEAL_SLOT', awardSlots: 1 })).toBe(
      'alreadyRemedied',
    );
  });

  it('an extra slot stays within the maximum', () => {
    expect(remedyRefusal({ outcome: 'PLACE', kind: 'APPEAL_SLOT', awardSlots: 1 })).toBeNull();
    expect(
      remedyRefusal({ outcome: 'PLACE', kind: 'APPEAL_SLOT', awardSlots: MAX_AWARD_SLOTS }),
    ).toBe('slotsMax');
  });

  it('a replacement needs an approved award of the challenge with no contract', () => {
    const ok = { outcome: 'PLACE', kind: 'APPEAL_REPLACE' as const, awardSlots: 1 };
    expect(remedyRefusal({ ...ok, target })).toBeNull();
    expect(remedyRefusal({ ...ok, target: null })).toBe('replaceTarget');
    expect(remedyRefusal({ ...ok, target: { ...target, sameChallenge: false } })).toBe(
      'replaceTarget',
    );
    expect(remedyRefusal({ ...ok, target: { ...target, status: 'VACATED' } })).toBe(
      'replaceTarget',
    );
    expect(remedyRefusal({ ...ok, target: { ...target, hasContract: true } })).toBe(
      'contractSigned',
    );
  });
});
