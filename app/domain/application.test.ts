import { describe, expect, it } from 'vitest';
import {
  ACTIVE_APPLICATION_STATUSES,
  allowedApplicationActions,
  APPLICATION_ACTIONS,
  APPLICATION_STATUSES,
  APPLICATION_TRANSITIONS,
  canStartApplication,
  isActiveApplication,
  isApplicationStatus,
  transitionApplication,
} from './application';
import { describeTransitionTable } from './lifecycle.testkit';

describeTransitionTable({
  name: 'application',
  table: APPLICATION_TRANSITIONS,
  states: APPLICATION_STATUSES,
  actions: APPLICATION_ACTIONS,
  expected: [
    ['DRAFT', 'submit', 'SUBMITTED', ['TEAM']],
    ['SUBMITTED', 'shortlist', 'SHORTLISTED', ['REVIEWER', 'ADMIN']],
    ['SUBMITTED', 'decline', 'DECLINED', ['REVIEWER', 'ADMIN']],
    ['SHORTLISTED', 'award', 'AWARDED', ['ADMIN']],
    ['SHORTLISTED', 'decline', 'DECLINED', ['REVIEWER', 'ADMIN']],
    ['DRAFT', 'withdraw', 'WITHDRAWN', ['TEAM']],
    ['SUBMITTED', 'withdraw', 'WITHDRAWN', ['TEAM']],
    ['SHORTLISTED', 'withdraw', 'WITHDRAWN', ['TEAM']],
    ['DECLINED', 'reopen', 'SUBMITTED', ['ADMIN']],
    ['SUBMITTED', 'promote', 'AWARDED', ['ADMIN']],
    ['SHORTLISTED', 'promote', 'AWARDED', ['ADMIN']],
    ['DECLINED', 'promote', 'AWARDED', ['ADMIN']],
    ['AWARDED', 'renounce', 'WITHDRAWN', ['TEAM']],
    ['AWARDED', 'vacate', 'DECLINED', ['REVIEWER', 'ADMIN']],
  ],
  move: transitionApplication,
  allowed: allowedApplicationActions,
  journeys: {
    'walks submit → shortlist → award':
      'DRAFT --submit/TEAM--> SUBMITTED --shortlist/REVIEWER--> SHORTLISTED ' +
      '--award/ADMIN--> AWARDED',
  },
});

describe('application rules', () => {
  it('ACTIVE_APPLICATION_STATUSES hold the one-per-team slot', () => {
    expect([...ACTIVE_APPLICATION_STATUSES]).toEqual([
      'DRAFT',
      'SUBMITTED',
      'SHORTLISTED',
      'AWARDED',
    ]);
    expect(APPLICATION_STATUSES.filter(isActiveApplication)).toEqual([
      ...ACTIVE_APPLICATION_STATUSES,
    ]);
  });

  it('lets a team start again only when no earlier bid is active', () => {
    expect(canStartApplication([])).toBe(true);
    expect(canStartApplication(['WITHDRAWN', 'DECLINED'])).toBe(true);
    expect(canStartApplication(['WITHDRAWN', 'DRAFT'])).toBe(false);
    expect(canStartApplication(['AWARDED'])).toBe(false);
  });

  it('recognises statuses from untrusted input', () => {
    expect(isApplicationStatus('SHORTLISTED')).toBe(true);
    expect(isApplicationStatus('PUBLISHED')).toBe(false);
  });
});
