import { describe, expect, it } from 'vitest';
import {
  APPEAL_ACTIONS,
  APPEAL_STATUSES,
  APPEAL_TRANSITIONS,
  appealClosesAt,
  appealRefusal,
  allowedAppealActions,
  criterionKeys,
  decodeRecuseReason,
  DEFAULT_CRITERIA,
  detectConflict,
  encodeRecuseReason,
  isValidScore,
  normalizeName,
  rankByScore,
  roundScore,
  stageGateOutcomeAllowed,
  summarizeScores,
  transitionAppeal,
  validateCriteria,
} from './evaluation';
import { describeTransitionTable } from './lifecycle.testkit';

describe('criteria', () => {
  it('defaults to the four criteria of the programme, weights summing to 100', () => {
    expect(DEFAULT_CRITERIA.map((c) => c.nameEn)).toEqual([
      'Technical approach',
      'Team capability',
      'Feasibility',
      'Cost-effectiveness',
    ]);
    expect(validateCriteria(DEFAULT_CRITERIA)).toEqual({ ok: true });
  });

  it('refuses weights that do not sum to 100, out of range, or duplicated names', () => {
    const c = (name: string, weight: number, key = name) => ({ key, name, weight });
    expect(validateCriteria([c('a', 50), c('b', 49)])).toEqual({ ok: false, error: 'weight_sum' });
    expect(validateCriteria([c('a', 50), c('b', 51)])).toEqual({ ok: false, error: 'weight_sum' });
    expect(validateCriteria([c('a', 0), c('b', 100)])).toEqual({
      ok: false,
      error: 'weight_range',
    });
    expect(validateCriteria([c('a', 50.5), c('b', 49.5)])).toEqual({
      ok: false,
      error: 'weight_range',
    });
    expect(validateCriteria([c('技术', 50, 'x'), c(' 技术 ', 50, 'y')])).toEqual({
      ok: false,
      error: 'duplicate_name',
    });
    expect(validateCriteria([c('a', 50, 'k'), c('b', 50, 'k')])).toEqual({
      ok: false,
      error: 'duplicate_key',
    });
    expect(validateCriteria([])).toEqual({ ok: false, error: 'count' });
    expect(validateCriteria(Array.from({ length: 9 }, (_, i) => c(`n${i}`, 1)))).toEqual({
      ok: false,
      error: 'count',
    });
    expect(validateCriteria([c('only', 100)])).toEqual({ ok: true });
  });

  it('keeps the keys of default criteria and numbers the others', () => {
    expect(criterionKeys(['技术方案', '产业化前景', 'Feasibility'])).toEqual([
      'technical',
      'c2',
      'feasibility',
    ]);
    expect(criterionKeys(['技术方案', '技术方案'])).toEqual(['technical', 'c2']);
    expect(new Set(criterionKeys(['x', 'c1', 'y'])).size).toBe(3);
  });

  it('accepts integer scores 0..100 only', () => {
    expect([0, 1, 100].every(isValidScore)).toBe(true);
    expect([-1, 101, 50.5, NaN, '80', null].some(isValidScore)).toBe(false);
  });
});

describe('score summaries', () => {
  const criteria = [
    { id: 'tech', weight: 40 },
    { id: 'team', weight: 30 },
    { id: 'cost', weight: 30 },
  ];
  const review = (tech: number, team: number, cost: number, extra: object = {}) => ({
    recused: false,
    submitted: true,
    scores: { tech, team, cost },
    ...extra,
  });

  it('averages per criterion and weights the averages', () => {
    const s = summarizeScores(criteria, [review(80, 70, 60), review(90, 90, 70)]);
    expect(s.averages).toEqual({ tech: 85, team: 80, cost: 65 });
    expect(s.weighted).toBeCloseTo(85 * 0.4 + 80 * 0.3 + 65 * 0.3, 10);
    expect(s.reviewers).toBe(2);
  });

  it('leaves recused and unsubmitted reviews out of the averages', () => {
    const s = summarizeScores(criteria, [
      review(80, 80, 80),
      review(0, 0, 0, { recused: true }),
      review(100, 100, 100, { submitted: false }),
    ]);
    expect(s.averages).toEqual({ tech: 80, team: 80, cost: 80 });
    expect(s.weighted).toBe(80);
    expect(s.reviewers).toBe(1);
    expect(s.recused).toBe(1);
  });

  it('has no weighted average until every criterion is scored', () => {
    expect(summarizeScores(criteria, []).weighted).toBeNull();
    const partial = summarizeScores(criteria, [
      { recused: false, submitted: true, scores: { tech: 80 } },
    ]);
    expect(partial.averages.team).toBeNull();
    expect(partial.weighted).toBeNull();
  });

  it('rounds to two decimals', () => {
    expect(roundScore(200 / 3)).toBe(66.67);
    expect(roundScore(80)).toBe(80);
  });

  it('ranks highest first, ties share a rank, unscored come last without one', () => {
    const ranked = rankByScore([
      { id: 'a', weighted: 70 },
      { id: 'b', weighted: null },
      { id: 'c', weighted: 90 },
      { id: 'd', weighted: 70.001 },
      { id: 'e', weighted: 60 },
    ]);
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      ['c', 1],
      ['a', 2],
      ['d', 2],
      ['e', 4],
      ['b', null],
    ]);
  });
});

describe('conflicts of interest', () => {
  const applicant = {
    institutions: ['山东科技大学', null],
    enterpriseId: 'ent-1',
    enterpriseName: '淄博泰川矿业装备有限公司',
  };

  it('flags a reviewer of the applicant’s institution', () => {
    expect(detectConflict({ affiliation: '山东科技大学', organizationId: 'b' }, applicant)).toBe(
      'INSTITUTION',
    );
    expect(
      detectConflict(
        { affiliation: ' 齐鲁工业大学（山东省科学院）', organizationId: 'b' },
        { ...applicant, institutions: ['齐鲁工业大学(山东省科学院)'] },
      ),
    ).toBe('INSTITUTION');
    expect(
      detectConflict(
        { affiliation: 'tohoku university', organizationId: 'b' },
        { ...applicant, institutions: [null, 'Tohoku  University'] },
      ),
    ).toBe('INSTITUTION');
  });

  it('flags a reviewer linked to the enterprise, by name or by membership', () => {
    expect(
      detectConflict({ affiliation: '淄博泰川矿业装备有限公司', organizationId: 'b' }, applicant),
    ).toBe('ENTERPRISE');
    expect(detectConflict({ affiliation: null, organizationId: 'ent-1' }, applicant)).toBe(
      'ENTERPRISE',
    );
  });

  it('does not match by substring or without an affiliation', () => {
    expect(detectConflict({ affiliation: '山东大学', organizationId: 'b' }, applicant)).toBeNull();
    expect(detectConflict({ affiliation: '', organizationId: 'b' }, applicant)).toBeNull();
    expect(detectConflict({ affiliation: null, organizationId: 'b' }, applicant)).toBeNull();
    expect(
      detectConflict(
        { affiliation: '青岛大学', organizationId: 'b' },
        { ...applicant, institutions: [null, undefined, ''] },
      ),
    ).toBeNull();
  });

  it('normalises full-width forms, case and separators', () => {
    expect(normalizeName('ＡＢＣ 大学（分校）')).toBe(normalizeName('abc大学(分校)'));
  });

  it('stores recusals as a code or the reviewer’s words', () => {
    const auto = encodeRecuseReason({ kind: 'auto', conflict: 'INSTITUTION' });
    expect(decodeRecuseReason(auto)).toEqual({ kind: 'auto', conflict: 'INSTITUTION' });
    const own = encodeRecuseReason({ kind: 'declared', text: 'INSTITUTION' });
    expect(decodeRecuseReason(own)).toEqual({ kind: 'declared', text: 'INSTITUTION' });
    expect(decodeRecuseReason(null)).toBeNull();
  });
});

describe('stage gate', () => {
  it('lets teams continue, and stop unless that would stop them all', () => {
    expect(stageGateOutcomeAllowed('CONTINUE', ['STOP'])).toBe(true);
    expect(stageGateOutcomeAllowed('STOP', [null])).toBe(true);
    expect(stageGateOutcomeAllowed('STOP', ['CONTINUE', 'STOP'])).toBe(true);
    expect(stageGateOutcomeAllowed('STOP', ['STOP', 'STOP'])).toBe(false);
    expect(stageGateOutcomeAllowed('STOP', [])).toBe(false);
  });
});

describe('appeals', () => {
  const decidedAt = new Date('2021-09-01T15:00:00+08:00');

  it('stay open for the decision day and 7 calendar days after it', () => {
    expect(appealClosesAt(decidedAt).toISOString()).toBe(
      new Date('2021-09-09T00:00:00+08:00').toISOString(),
    );
    const declined = { status: 'DECLINED', decidedAt, appeals: 0 };
    expect(appealRefusal(declined, new Date('2021-09-08T23:59:59+08:00'))).toBeNull();
    expect(appealRefusal(declined, new Date('2021-09-09T00:00:00+08:00'))).toBe('window_closed');
  });

  it('are for declined, decided bids, once', () => {
    const now = new Date('2021-09-02T10:00:00+08:00');
    expect(appealRefusal({ status: 'SHORTLISTED', decidedAt: null, appeals: 0 }, now)).toBe(
      'not_decided',
    );
    expect(appealRefusal({ status: 'AWARDED', decidedAt, appeals: 0 }, now)).toBe('not_declined');
    expect(appealRefusal({ status: 'DECLINED', decidedAt, appeals: 1 }, now)).toBe(
      'already_appealed',
    );
  });

  describeTransitionTable({
    name: 'appeal',
    table: APPEAL_TRANSITIONS,
    states: APPEAL_STATUSES,
    actions: APPEAL_ACTIONS,
    expected: [
      ['OPEN', 'uphold', 'UPHELD', ['ADMIN']],
      ['OPEN', 'dismiss', 'DISMISSED', ['ADMIN']],
    ],
    move: transitionAppeal,
    allowed: allowedAppealActions,
  });
});
