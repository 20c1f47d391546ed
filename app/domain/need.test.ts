import { describe, expect, it } from 'vitest';
import { describeTransitionTable } from './lifecycle.testkit';
import {
  allowedNeedActions,
  applicationsCloseAt,
  canCloseEarly,
  COLLECTED_STATUSES,
  effectiveNeedStatus,
  formatChallengeCode,
  isNeedStatus,
  isOpenForApplications,
  isPastDeadline,
  isPublicStatus,
  NEED_ACTIONS,
  NEED_STATUSES,
  NEED_TRANSITIONS,
  type NeedStatus,
  parseChallengeCode,
  PUBLIC_STATUSES,
  transitionNeed,
} from './need';
import { ROLES } from './roles';

describeTransitionTable({
  name: 'need',
  table: NEED_TRANSITIONS,
  states: NEED_STATUSES,
  actions: NEED_ACTIONS,
  expected: [
    ['DRAFT', 'submit', 'SUBMITTED', ['ENTERPRISE']],
    ['RETURNED', 'resubmit', 'SUBMITTED', ['ENTERPRISE']],
    ['SUBMITTED', 'return', 'RETURNED', ['REVIEWER', 'ADMIN']],
    ['SUBMITTED', 'publish', 'PUBLISHED', ['REVIEWER', 'ADMIN']],
    ['SUBMITTED', 'reject', 'REJECTED', ['REVIEWER', 'ADMIN']],
    ['DRAFT', 'withdraw', 'WITHDRAWN', ['ENTERPRISE']],
    ['SUBMITTED', 'withdraw', 'WITHDRAWN', ['ENTERPRISE']],
    ['RETURNED', 'withdraw', 'WITHDRAWN', ['ENTERPRISE']],
    ['PUBLISHED', 'close', 'CLOSED', ['SYSTEM', 'REVIEWER', 'ADMIN']],
    ['CLOSED', 'award', 'AWARDED', ['ADMIN']],
    ['CLOSED', 'unaward', 'UNAWARDED', ['REVIEWER', 'ADMIN']],
    ['AWARDED', 'complete', 'COMPLETED', ['SYSTEM', 'ADMIN']],
    ['AWARDED', 'terminate', 'TERMINATED', ['SYSTEM', 'ADMIN']],
  ],
  move: transitionNeed,
  allowed: allowedNeedActions,
  journeys: {
    'walks the happy path':
      'DRAFT --submit/ENTERPRISE--> SUBMITTED --return/REVIEWER--> RETURNED ' +
      '--resubmit/ENTERPRISE--> SUBMITTED --publish/REVIEWER--> PUBLISHED ' +
      '--close/SYSTEM--> CLOSED --award/ADMIN--> AWARDED --complete/ADMIN--> COMPLETED',
  },
});

describe('need lifecycle helpers', () => {
  it('recognises statuses from untrusted input', () => {
    expect(isNeedStatus('PUBLISHED')).toBe(true);
    expect(isNeedStatus('published')).toBe(false);
    expect(isNeedStatus(3)).toBe(false);
  });
});

describe('status groups', () => {
  it('PUBLIC_STATUSES are published and everything after', () => {
    expect([...PUBLIC_STATUSES].sort()).toEqual(
      ['PUBLISHED', 'CLOSED', 'AWARDED', 'UNAWARDED', 'COMPLETED', 'TERMINATED'].sort(),
    );
    expect(isPublicStatus('CLOSED')).toBe(true);
    expect(isPublicStatus('SUBMITTED')).toBe(false);
    expect(isPublicStatus('REJECTED')).toBe(false);
  });

  it('PUBLIC_STATUSES are exactly the statuses reachable from PUBLISHED', () => {
    const reachable = new Set<NeedStatus>(['PUBLISHED']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const from of [...reachable]) {
        for (const edge of Object.values(NEED_TRANSITIONS[from])) {
          if (edge && !reachable.has(edge.to)) {
            reachable.add(edge.to);
            grew = true;
          }
        }
      }
    }
    expect([...reachable].sort()).toEqual([...PUBLIC_STATUSES].sort());
  });

  it('COLLECTED_STATUSES is every status but DRAFT', () => {
    expect(COLLECTED_STATUSES).toEqual(NEED_STATUSES.filter((s) => s !== 'DRAFT'));
  });
});

describe('application deadline (end of the day in Asia/Shanghai)', () => {
  const deadline = new Date('2021-08-31T00:00:00+08:00');

  it('closes at the start of the next Shanghai day', () => {
    expect(applicationsCloseAt(deadline).toISOString()).toBe('2021-08-31T16:00:00.000Z');
    expect(applicationsCloseAt(deadline).getTime()).toBe(
      new Date('2021-09-01T00:00:00+08:00').getTime(),
    );
  });

  it('reads a deadline stored later in the day as that Shanghai day', () => {
    for (const stored of [
      '2021-08-31T09:30:00+08:00',
      '2021-08-31T23:59:59.999+08:00',
      '2021-08-31T00:00:00Z',
    ]) {
      expect(applicationsCloseAt(new Date(stored)).toISOString(), stored).toBe(
        '2021-08-31T16:00:00.000Z',
      );
    }
    // 2021-08-30T16:00Z is 00:00 on the 31st in Shanghai, while 15:59Z is still the 30th.
    expect(applicationsCloseAt(new Date('2021-08-30T15:59:59.999Z')).toISOString()).toBe(
      '2021-08-30T16:00:00.000Z',
    );
  });

  it('is open through the last millisecond of the deadline day', () => {
    const lastMs = new Date('2021-08-31T23:59:59.999+08:00');
    const closing = new Date('2021-09-01T00:00:00+08:00');
    expect(isPastDeadline(deadline, lastMs)).toBe(false);
    expect(isPastDeadline(deadline, closing)).toBe(true);
    expect(effectiveNeedStatus('PUBLISHED', deadline, new Date('2021-08-31T00:00:00+08:00'))).toBe(
      'PUBLISHED',
    );
    expect(effectiveNeedStatus('PUBLISHED', deadline, lastMs)).toBe('PUBLISHED');
    expect(effectiveNeedStatus('PUBLISHED', deadline, closing)).toBe('CLOSED');
    expect(isOpenForApplications('PUBLISHED', deadline, lastMs)).toBe(true);
    expect(isOpenForApplications('PUBLISHED', deadline, closing)).toBe(false);
  });

  it('leaves every other status alone, whatever the date', () => {
    const later = new Date('2030-01-01T00:00:00Z');
    for (const status of NEED_STATUSES.filter((s) => s !== 'PUBLISHED')) {
      expect(effectiveNeedStatus(status, deadline, later)).toBe(status);
      expect(isOpenForApplications(status, deadline, new Date('2021-01-01T00:00:00Z'))).toBe(false);
    }
  });

  it('keeps a published challenge without a deadline open', () => {
    expect(effectiveNeedStatus('PUBLISHED', null, new Date('2030-01-01T00:00:00Z'))).toBe(
      'PUBLISHED',
    );
    expect(isOpenForApplications('PUBLISHED', null, new Date('2030-01-01T00:00:00Z'))).toBe(true);
  });

  it('refuses invalid dates instead of guessing', () => {
    expect(() => applicationsCloseAt(new Date('nope'))).toThrow(RangeError);
    expect(() => effectiveNeedStatus('PUBLISHED', deadline, new Date('nope'))).toThrow(RangeError);
  });
});

describe('challenge codes', () => {
  it('formats ZB-year-seq with at least three digits', () => {
    expect(formatChallengeCode(2021, 56)).toBe('ZB-2021-056');
    expect(formatChallengeCode(2021, 1)).toBe('ZB-2021-001');
    expect(formatChallengeCode(2021, 999)).toBe('ZB-2021-999');
    expect(formatChallengeCode(2022, 1234)).toBe('ZB-2022-1234');
  });

  it('rejects nonsense years and sequences', () => {
    for (const [y, s] of [
      [21, 1],
      [2021.5, 1],
      [2021, 0],
      [2021, -3],
      [2021, 1.5],
      [2021, Number.NaN],
      [10000, 1],
    ] as const) {
      expect(() => formatChallengeCode(y, s), `${y}/${s}`).toThrow(RangeError);
    }
  });

  it('parses only canonical codes', () => {
    expect(parseChallengeCode('ZB-2021-056')).toEqual({ year: 2021, seq: 56 });
    expect(parseChallengeCode(' zb-2022-1234 ')).toEqual({ year: 2022, seq: 1234 });
    expect(parseChallengeCode('ZB-2021-0056')).toBeNull();
    expect(parseChallengeCode('ZB-2021-000')).toBeNull();
    expect(parseChallengeCode('ZB-2021-56')).toBeNull();
    expect(parseChallengeCode('XB-2021-056')).toBeNull();
    expect(parseChallengeCode('')).toBeNull();
  });
});

describe('closing applications early', () => {
  const deadline = new Date('2021-08-31T00:00:00+08:00');
  const before = new Date('2021-08-20T10:00:00+08:00');
  const lastMoment = new Date('2021-08-31T23:59:59.999+08:00');
  const after = new Date('2021-09-01T00:00:00+08:00');

  it('lets bureau staff close a published challenge before its deadline', () => {
    for (const role of ['REVIEWER', 'ADMIN'] as const) {
      expect(canCloseEarly('PUBLISHED', deadline, role, before)).toEqual({ ok: true });
      expect(canCloseEarly('PUBLISHED', deadline, role, lastMoment)).toEqual({ ok: true });
      // the edge it takes is the table's, so the status it reaches is the table's too
      expect(transitionNeed('PUBLISHED', 'close', role)).toBe('CLOSED');
    }
    expect(canCloseEarly('PUBLISHED', null, 'REVIEWER', before)).toEqual({ ok: true });
  });

  it('refuses the enterprise, teams and the deadline job', () => {
    for (const role of ['ENTERPRISE', 'TEAM', 'SYSTEM'] as const) {
      expect(canCloseEarly('PUBLISHED', deadline, role, before)).toEqual({
        ok: false,
        reason: 'role',
      });
    }
  });

  it('refuses once the deadline has passed, and in every other status', () => {
    expect(canCloseEarly('PUBLISHED', deadline, 'ADMIN', after)).toEqual({
      ok: false,
      reason: 'notOpen',
    });
    for (const status of NEED_STATUSES.filter((s) => s !== 'PUBLISHED')) {
      for (const role of ROLES) {
        expect(canCloseEarly(status, deadline, role, before), `${status} ${role}`).toEqual({
          ok: false,
          reason: 'notOpen',
        });
      }
    }
  });
});
