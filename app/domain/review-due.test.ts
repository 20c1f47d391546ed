import { describe, expect, it } from 'vitest';
import {
  assignmentLoad,
  bulkIds,
  dueDateRefusal,
  dueDayAfter,
  isOverdue,
  MAX_BULK_ITEMS,
  planBulkAssign,
  planReassign,
  planSummary,
  reminderDue,
  reminderWindow,
} from './review-due';

// 2021-09-01 23:30 in Shanghai (15:30 UTC): the Shanghai day is the 1st, the UTC day too
const now = new Date('2021-09-01T23:30:00+08:00');
const day = (d: string) => new Date(`${d}T00:00:00+08:00`);
const open = (dueAt: Date, more: Partial<Parameters<typeof isOverdue>[0]> = {}) => ({
  dueAt,
  submittedAt: null,
  recusedAt: null,
  open: true,
  ...more,
});

describe('due dates', () => {
  it('proposes the Shanghai day two weeks ahead, whatever the hour', () => {
    expect(dueDayAfter(now)).toEqual(day('2021-09-15'));
    // 00:30 in Shanghai is still the previous day in UTC
    expect(dueDayAfter(new Date('2021-09-02T00:30:00+08:00'))).toEqual(day('2021-09-16'));
  });

  it('accepts today up to 90 days ahead and refuses the past, further and invalid dates', () => {
    expect(dueDateRefusal(day('2021-09-01'), now)).toBeNull();
    expect(dueDateRefusal(day('2021-11-30'), now)).toBeNull();
    expect(dueDateRefusal(day('2021-08-31'), now)).toBe('past');
    expect(dueDateRefusal(day('2021-12-01'), now)).toBe('tooFar');
    expect(dueDateRefusal(new Date('x'), now)).toBe('invalid');
  });

  it('is overdue from the day after the due day, while open and not submitted', () => {
    expect(isOverdue(open(day('2021-09-01')), now)).toBe(false);
    expect(isOverdue(open(day('2021-08-31')), now)).toBe(true);
    expect(isOverdue(open(day('2021-08-31'), { submittedAt: now }), now)).toBe(false);
    expect(isOverdue(open(day('2021-08-31'), { recusedAt: now }), now)).toBe(false);
    expect(isOverdue(open(day('2021-08-31'), { open: false }), now)).toBe(false);
  });
});

describe('load', () => {
  it('counts assigned, done and overdue per expert, leaving recusals out', () => {
    const load = assignmentLoad(
      [
        { reviewerId: 'a', ...open(day('2021-08-30')) },
        { reviewerId: 'a', ...open(day('2021-08-30'), { submittedAt: now }) },
        { reviewerId: 'a', ...open(day('2021-09-10')) },
        { reviewerId: 'a', ...open(day('2021-08-30'), { recusedAt: now }) },
        { reviewerId: 'b', ...open(day('2021-08-30'), { open: false }) },
      ],
      now,
    );
    expect(load.get('a')).toEqual({ assigned: 3, done: 1, overdue: 1 });
    expect(load.get('b')).toEqual({ assigned: 1, done: 0, overdue: 0 });
    expect(load.has('c')).toBe(false);
  });
});

describe('reminders', () => {
  it('reminds on the three days before the due day and on it, never after', () => {
    expect(reminderDue(open(day('2021-09-05')), now)).toBeNull();
    expect(reminderDue(open(day('2021-09-04')), now)).toBe('before');
    expect(reminderDue(open(day('2021-09-02')), now)).toBe('before');
    expect(reminderDue(open(day('2021-09-01')), now)).toBe('due');
    expect(reminderDue(open(day('2021-08-31')), now)).toBeNull();
    expect(reminderDue(open(day('2021-09-05')), now, 4)).toBe('before');
  });

  it('does not remind of a review submitted, recused or no longer open', () => {
    for (const more of [{ submittedAt: now }, { recusedAt: now }, { open: false }])
      expect(reminderDue(open(day('2021-09-01'), more), now)).toBeNull();
  });

  it('reads the due days from today to the last day a reminder is due', () => {
    expect(reminderWindow(now)).toEqual({ from: day('2021-09-01'), to: day('2021-09-05') });
  });
});

describe('bulk actions', () => {
  it('takes each id once, at least one and at most the bound (counted as sent)', () => {
    expect(bulkIds(['a', 'b', 'a'])).toEqual({ ok: true, ids: ['a', 'b'] });
    expect(bulkIds([])).toEqual({ ok: false, error: 'empty' });
    expect(bulkIds(Array.from({ length: 10_000 }, () => 'a'))).toEqual({
      ok: false,
      error: 'tooMany',
    });
    expect(bulkIds(Array.from({ length: MAX_BULK_ITEMS }, (_, i) => `id${i}`)).ok).toBe(true);
  });

  const expert = { id: 'x', affiliation: '山东大学', organizationId: 'bureau' };
  const applicant = (institution: string, enterpriseId = 'ent') => ({
    institutions: [institution],
    enterpriseId,
    enterpriseName: '某企业',
  });

  it('refuses, pair by pair, a conflict of interest, an existing assignment and a closed bid', () => {
    const plan = planBulkAssign(expert, [
      { id: '1', open: true, reviewerIds: [], applicant: applicant('青岛大学') },
      { id: '2', open: true, reviewerIds: [], applicant: applicant('山东大学') },
      { id: '3', open: true, reviewerIds: ['x'], applicant: applicant('青岛大学') },
      { id: '4', open: false, reviewerIds: [], applicant: applicant('青岛大学') },
      { id: '5', open: true, reviewerIds: [], applicant: applicant('青岛大学', 'bureau') },
    ]);
    expect(plan.map((p) => [p.item.id, p.refusal])).toEqual([
      ['1', null],
      ['2', { reason: 'conflict', conflict: 'INSTITUTION' }],
      ['3', { reason: 'alreadyAssigned' }],
      ['4', { reason: 'notOpen' }],
      ['5', { reason: 'conflict', conflict: 'ENTERPRISE' }],
    ]);
    expect(planSummary(plan)).toEqual({
      applied: 1,
      refused: 4,
      byReason: { conflict: 2, alreadyAssigned: 1, notOpen: 1 },
    });
  });

  it('moves only unstarted reviews, never to a conflicted or already assigned expert', () => {
    const row = (id: string, more: object = {}) => ({
      id,
      reviewerId: 'y',
      open: true,
      started: false,
      recused: false,
      otherReviewerIds: ['y'],
      applicant: applicant('青岛大学'),
      ...more,
    });
    const plan = planReassign(expert, [
      row('1'),
      row('2', { applicant: applicant('山东大学') }),
      row('3', { started: true }),
      row('4', { otherReviewerIds: ['y', 'x'] }),
      row('5', { reviewerId: 'x' }),
      row('6', { open: false }),
      row('7', { recused: true }),
    ]);
    expect(plan.map((p) => p.refusal?.reason ?? null)).toEqual([
      null,
      'conflict',
      'started',
      'alreadyAssigned',
      'sameExpert',
      'notOpen',
      'started',
    ]);
  });
});
