import { describe, expect, it } from 'vitest';
import { APPLICATION_STATUSES } from './application';
import {
  budgetError,
  isDecided,
  MAX_APPLICATION_AMOUNT_FEN,
  MAX_MEMBERS,
  mayApply,
  mayEdit,
  maySeeApplication,
  maySubmit,
  mayWithdraw,
  membersError,
  parseMembers,
  requestedAmountError,
  type ApplicationFacts,
  type ApplicationViewer,
  type ChallengeState,
} from './application-rules';
import { NEED_STATUSES } from './need';
import { withDefaults } from './fixture.testkit';

const NOW = new Date('2026-06-01T04:00:00Z'); // 12:00 in Shanghai
const open: ChallengeState = {
  status: 'PUBLISHED',
  applicationDeadline: new Date('2026-06-30T00:00:00+08:00'),
};
const pastDeadline: ChallengeState = {
  status: 'PUBLISHED',
  applicationDeadline: new Date('2026-05-31T00:00:00+08:00'),
};

describe('applying', () => {
  it('is allowed on an open challenge without an active application', () => {
    expect(mayApply(open, [], NOW)).toEqual({ ok: true });
    expect(mayApply(open, ['WITHDRAWN', 'DECLINED'], NOW)).toEqual({ ok: true });
  });

  it('is refused while the team holds an active application', () => {
    for (const s of ['DRAFT', 'SUBMITTED', 'SHORTLISTED', 'AWARDED'] as const) {
      expect(mayApply(open, ['WITHDRAWN', s], NOW)).toEqual({
        ok: false,
        reason: 'alreadyActive',
      });
    }
  });

  it('is refused once the deadline day has ended, before any job closed the challenge', () => {
    expect(mayApply(pastDeadline, [], NOW)).toEqual({ ok: false, reason: 'closed' });
    // the whole deadline day is still open (Shanghai time)
    const lastDay = { ...open, applicationDeadline: new Date('2026-06-01T00:00:00+08:00') };
    expect(mayApply(lastDay, [], new Date('2026-06-01T15:59:59Z'))).toEqual({ ok: true });
    expect(mayApply(lastDay, [], new Date('2026-06-01T16:00:00Z'))).toEqual({
      ok: false,
      reason: 'closed',
    });
  });

  it('is refused on any challenge that is not published', () => {
    for (const status of NEED_STATUSES.filter((s) => s !== 'PUBLISHED')) {
      expect(mayApply({ ...open, status }, [], NOW)).toEqual({ ok: false, reason: 'closed' });
    }
  });
});

describe('editing, submitting, withdrawing', () => {
  it('edits a draft or a submitted application before the deadline only', () => {
    for (const s of APPLICATION_STATUSES) {
      const expected =
        s === 'DRAFT' || s === 'SUBMITTED' ? { ok: true } : { ok: false, reason: 'status' };
      expect(mayEdit(s, open, NOW), s).toEqual(expected);
    }
    expect(mayEdit('SUBMITTED', pastDeadline, NOW)).toEqual({ ok: false, reason: 'closed' });
    expect(mayEdit('DRAFT', { ...open, status: 'CLOSED' }, NOW)).toEqual({
      ok: false,
      reason: 'closed',
    });
  });

  it('submits a draft before the deadline only', () => {
    expect(maySubmit('DRAFT', open, NOW)).toEqual({ ok: true });
    expect(maySubmit('SUBMITTED', open, NOW)).toEqual({ ok: false, reason: 'status' });
    expect(maySubmit('DRAFT', pastDeadline, NOW)).toEqual({ ok: false, reason: 'closed' });
  });

  it('withdraws until decided, whatever the date', () => {
    const withdrawable = APPLICATION_STATUSES.filter(mayWithdraw);
    expect(withdrawable).toEqual(['DRAFT', 'SUBMITTED', 'SHORTLISTED']);
    const decided = APPLICATION_STATUSES.filter(isDecided);
    expect(decided).toEqual(['AWARDED', 'DECLINED']);
  });
});

describe('amounts', () => {
  it('requires a positive requested amount, at most 5 亿元, when the bounty is open', () => {
    expect(requestedAmountError('OPEN', null)).toBe('required');
    expect(requestedAmountError('OPEN', 0)).toBe('positive');
    expect(requestedAmountError('OPEN', -1)).toBe('positive');
    expect(requestedAmountError('OPEN', 1)).toBeNull();
    expect(requestedAmountError('OPEN', MAX_APPLICATION_AMOUNT_FEN)).toBeNull();
    expect(requestedAmountError('OPEN', MAX_APPLICATION_AMOUNT_FEN + 1)).toBe('tooLarge');
    expect(MAX_APPLICATION_AMOUNT_FEN).toBe(500_000_000 * 100);
  });

  it('refuses a requested amount on a fixed bounty', () => {
    expect(requestedAmountError('FIXED', null)).toBeNull();
    expect(requestedAmountError('FIXED', 100)).toBe('notAllowed');
  });

  it('takes a budget of zero or more, up to 5 亿元', () => {
    expect(budgetError(null)).toBe('required');
    expect(budgetError(-1)).toBe('negative');
    expect(budgetError(0)).toBeNull();
    expect(budgetError(MAX_APPLICATION_AMOUNT_FEN)).toBeNull();
    expect(budgetError(MAX_APPLICATION_AMOUNT_FEN + 1)).toBe('tooLarge');
  });
});

describe('members', () => {
  const m = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ name: `成员${i}`, role: '研究' }));

  it('takes 1 to 20 members, each with a name and a role', () => {
    expect(membersError([])).toBe('required');
    expect(membersError(m(1))).toBeNull();
    expect(membersError(m(MAX_MEMBERS))).toBeNull();
    expect(membersError(m(MAX_MEMBERS + 1))).toBe('tooMany');
    expect(membersError([{ name: '张三', role: ' ' }])).toBe('incomplete');
    expect(membersError([{ name: '', role: '负责人' }])).toBe('incomplete');
  });

  it('reads a stored roster defensively', () => {
    expect(parseMembers('[{"name":"孟庆峰","role":"教授，项目负责人"}]')).toEqual([
      { name: '孟庆峰', role: '教授，项目负责人', title: null },
    ]);
    expect(parseMembers('[{"name":"A","role":"B","title":"教授"},{"name":1},null]')).toEqual([
      { name: 'A', role: 'B', title: '教授' },
    ]);
    expect(parseMembers('not json')).toEqual([]);
    expect(parseMembers('{"name":"A"}')).toEqual([]);
    expect(parseMembers(null)).toEqual([]);
  });
});

describe('who sees an application', () => {
  const facts = withDefaults<ApplicationFacts>({
    teamId: 'team-x',
    enterpriseId: 'ent-a',
    submitted: true,
    assignedToViewer: false,
  });
  const v = (role: NonNullable<ApplicationViewer>['role'], org: string): ApplicationViewer => ({
    userId: 'u',
    role,
    organizationId: org,
  });

  it('shows it to its team, drafts included', () => {
    expect(maySeeApplication(v('TEAM', 'team-x'), facts())).toBe(true);
    expect(maySeeApplication(v('TEAM', 'team-x'), facts({ submitted: false }))).toBe(true);
    expect(maySeeApplication(v('TEAM', 'team-y'), facts())).toBe(false);
  });

  it('shows a submitted one to the challenge’s enterprise, never a draft', () => {
    expect(maySeeApplication(v('ENTERPRISE', 'ent-a'), facts())).toBe(true);
    expect(maySeeApplication(v('ENTERPRISE', 'ent-a'), facts({ submitted: false }))).toBe(false);
    expect(maySeeApplication(v('ENTERPRISE', 'ent-b'), facts())).toBe(false);
  });

  it('shows it to an assigned reviewer only, and to admins', () => {
    expect(maySeeApplication(v('REVIEWER', 'bureau'), facts())).toBe(false);
    expect(maySeeApplication(v('REVIEWER', 'bureau'), facts({ assignedToViewer: true }))).toBe(
      true,
    );
    expect(maySeeApplication(v('ADMIN', 'bureau'), facts())).toBe(true);
    expect(maySeeApplication(v('ADMIN', 'bureau'), facts({ submitted: false }))).toBe(false);
  });

  it('shows nothing to the public or the system', () => {
    expect(maySeeApplication(null, facts())).toBe(false);
    expect(maySeeApplication(v('SYSTEM', 'x'), facts())).toBe(false);
  });
});
