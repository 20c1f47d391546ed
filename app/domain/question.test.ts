import { describe, expect, it } from 'vitest';
import { en } from '~/i18n/en';
import { zh } from '~/i18n/zh';
import { NEED_STATUSES, PUBLIC_STATUSES, type NeedStatus } from './need';
import {
  answerKind,
  canAnswer,
  canAsk,
  canModerate,
  canSeeAsker,
  canSeeQuestion,
  inScope,
  isPublicQuestion,
  MAX_PENDING_PER_TEAM,
  questionScope,
  type ChallengeFacts,
  type QuestionFacts,
  type QuestionViewer,
} from './question';
import { withDefaults } from './fixture.testkit';

const NOW = new Date('2026-06-01T04:00:00Z'); // 12:00 in Shanghai
const ENTERPRISE = 'ent-1';
const TEAM = 'team-1';

const open: ChallengeFacts = {
  status: 'PUBLISHED',
  applicationDeadline: new Date('2026-06-30T00:00:00+08:00'),
  enterpriseId: ENTERPRISE,
};
const withStatus = (status: NeedStatus): ChallengeFacts => ({ ...open, status });

const anonymous: QuestionViewer = null;
const team: QuestionViewer = { role: 'TEAM', organizationId: TEAM };
const otherTeam: QuestionViewer = { role: 'TEAM', organizationId: 'team-2' };
const owner: QuestionViewer = { role: 'ENTERPRISE', organizationId: ENTERPRISE };
const otherEnterprise: QuestionViewer = { role: 'ENTERPRISE', organizationId: 'ent-2' };
const reviewer: QuestionViewer = { role: 'REVIEWER', organizationId: 'bureau' };
const admin: QuestionViewer = { role: 'ADMIN', organizationId: 'bureau' };

const q = withDefaults<QuestionFacts>({ teamId: TEAM, answered: false, hidden: false });

describe('asking', () => {
  it('is open to a team member on a published challenge before its deadline', () => {
    expect(canAsk(team, open, NOW)).toEqual({ ok: true });
  });

  it('is for teams only', () => {
    expect(canAsk(anonymous, open, NOW)).toEqual({ ok: false, reason: 'signIn' });
    for (const viewer of [owner, otherEnterprise, reviewer, admin]) {
      expect(canAsk(viewer, open, NOW)).toEqual({ ok: false, reason: 'role' });
    }
  });

  it('stays open during the whole deadline day (Asia/Shanghai) and closes at its end', () => {
    const deadline = new Date('2026-06-30T00:00:00+08:00');
    const c = { ...open, applicationDeadline: deadline };
    expect(canAsk(team, c, new Date('2026-06-30T23:59:59+08:00')).ok).toBe(true);
    expect(canAsk(team, c, new Date('2026-07-01T00:00:00+08:00'))).toEqual({
      ok: false,
      reason: 'closed',
    });
  });

  it('is closed once the challenge has closed, whatever happened since', () => {
    for (const status of ['CLOSED', 'AWARDED', 'UNAWARDED', 'COMPLETED', 'TERMINATED'] as const) {
      expect(canAsk(team, withStatus(status), NOW)).toEqual({ ok: false, reason: 'closed' });
    }
  });

  it('is refused on a need that is not public', () => {
    for (const status of NEED_STATUSES.filter(
      (s) => !(PUBLIC_STATUSES as readonly string[]).includes(s),
    )) {
      expect(canAsk(team, withStatus(status), NOW)).toEqual({ ok: false, reason: 'notPublic' });
    }
  });

  it('tells every visitor of a closed challenge that it is closed, before asking them to sign in', () => {
    expect(canAsk(anonymous, withStatus('CLOSED'), NOW)).toEqual({ ok: false, reason: 'closed' });
    expect(canAsk(owner, withStatus('CLOSED'), NOW)).toEqual({ ok: false, reason: 'closed' });
  });

  it('caps a team’s unanswered questions on one challenge', () => {
    expect(canAsk(team, open, NOW, MAX_PENDING_PER_TEAM - 1).ok).toBe(true);
    expect(canAsk(team, open, NOW, MAX_PENDING_PER_TEAM)).toEqual({
      ok: false,
      reason: 'tooManyPending',
    });
  });

  it('names the cap in the message it shows, in both languages', () => {
    expect(zh.questions.errors.tooManyPending).toContain(String(MAX_PENDING_PER_TEAM));
    expect(en.questions.errors.tooManyPending).toContain(String(MAX_PENDING_PER_TEAM));
  });
});

describe('answering', () => {
  it('is for members of the challenge’s own enterprise and for bureau staff', () => {
    expect(canAnswer(owner, open, q())).toEqual({ ok: true });
    expect(canAnswer(reviewer, open, q())).toEqual({ ok: true });
    expect(canAnswer(admin, open, q())).toEqual({ ok: true });
    expect(canAnswer(otherEnterprise, open, q())).toEqual({ ok: false, reason: 'notOwner' });
    expect(canAnswer(anonymous, open, q())).toEqual({ ok: false, reason: 'signIn' });
    for (const viewer of [team, otherTeam]) {
      expect(canAnswer(viewer, open, q())).toEqual({ ok: false, reason: 'role' });
    }
  });

  it('lets only the side that answered edit the answer', () => {
    const byEnterprise = q({ answered: true, answeredByBureau: false });
    const byBureau = q({ answered: true, answeredByBureau: true });
    expect(canAnswer(owner, open, byEnterprise)).toEqual({ ok: true });
    expect(canAnswer(reviewer, open, byBureau)).toEqual({ ok: true });
    expect(canAnswer(admin, open, byBureau)).toEqual({ ok: true });
    expect(canAnswer(reviewer, open, byEnterprise)).toEqual({
      ok: false,
      reason: 'answeredByOther',
    });
    expect(canAnswer(owner, open, byBureau)).toEqual({ ok: false, reason: 'answeredByOther' });
    // another enterprise is refused as such, whoever answered
    expect(canAnswer(otherEnterprise, open, byBureau)).toEqual({ ok: false, reason: 'notOwner' });
  });

  it('is refused to staff on a hidden question or a challenge that is not public', () => {
    expect(canAnswer(reviewer, open, q({ hidden: true }))).toEqual({
      ok: false,
      reason: 'hidden',
    });
    expect(canAnswer(admin, withStatus('WITHDRAWN'), q())).toEqual({
      ok: false,
      reason: 'notPublic',
    });
  });

  it('goes on after the deadline while the challenge is public', () => {
    for (const status of PUBLIC_STATUSES) {
      expect(canAnswer(owner, withStatus(status), q()).ok).toBe(true);
    }
    expect(canAnswer(owner, withStatus('WITHDRAWN'), q())).toEqual({
      ok: false,
      reason: 'notPublic',
    });
  });

  it('is refused for a hidden question', () => {
    expect(canAnswer(owner, open, q({ hidden: true }))).toEqual({ ok: false, reason: 'hidden' });
  });

  it('answers once; answering again edits the answer', () => {
    expect(answerKind(q())).toBe('answer');
    expect(answerKind(q({ answered: true }))).toBe('edit');
    expect(canAnswer(owner, open, q({ answered: true })).ok).toBe(true);
  });
});

describe('moderation', () => {
  it('is for bureau staff only', () => {
    expect(canModerate(reviewer)).toBe(true);
    expect(canModerate(admin)).toBe(true);
    for (const viewer of [anonymous, team, owner, otherEnterprise]) {
      expect(canModerate(viewer)).toBe(false);
    }
  });
});

describe('who sees what', () => {
  const pending = q();
  const answered = q({ answered: true });
  const hiddenAnswered = q({ answered: true, hidden: true });
  const hiddenPending = q({ hidden: true });
  const othersPending = q({ teamId: 'team-2' });
  const all = { pending, answered, hiddenAnswered, hiddenPending, othersPending };

  const seen = (viewer: QuestionViewer) =>
    Object.entries(all)
      .filter(([, question]) => canSeeQuestion(viewer, open, question))
      .map(([name]) => name)
      .sort();

  it('the public: answered and not hidden', () => {
    expect(seen(anonymous)).toEqual(['answered']);
    expect(isPublicQuestion(answered)).toBe(true);
    expect(isPublicQuestion(hiddenAnswered)).toBe(false);
    expect(isPublicQuestion(pending)).toBe(false);
  });

  it('the asking team: the public ones and all of its own, hidden ones included', () => {
    expect(seen(team)).toEqual(['answered', 'hiddenAnswered', 'hiddenPending', 'pending']);
  });

  it('another team: only the public ones', () => {
    expect(seen({ role: 'TEAM', organizationId: 'team-3' })).toEqual(['answered']);
  });

  it('the challenge’s enterprise: everything not hidden, answered or not', () => {
    expect(seen(owner)).toEqual(['answered', 'othersPending', 'pending']);
  });

  it('another enterprise: only the public ones', () => {
    expect(seen(otherEnterprise)).toEqual(['answered']);
  });

  it('staff: everything', () => {
    expect(seen(reviewer)).toEqual(Object.keys(all).sort());
    expect(seen(admin)).toEqual(Object.keys(all).sort());
  });

  it('the scope a query uses agrees with the rule', () => {
    expect(questionScope(anonymous, open)).toEqual({ kind: 'public' });
    expect(questionScope(owner, open)).toEqual({ kind: 'notHidden' });
    expect(questionScope(otherEnterprise, open)).toEqual({ kind: 'public' });
    expect(questionScope(team, open)).toEqual({ kind: 'publicOrOwn', teamId: TEAM });
    expect(questionScope(reviewer, open)).toEqual({ kind: 'all' });
    expect(inScope({ kind: 'notHidden' }, hiddenPending)).toBe(false);
  });

  it('only staff see which team asked', () => {
    expect(canSeeAsker(reviewer)).toBe(true);
    expect(canSeeAsker(admin)).toBe(true);
    for (const viewer of [anonymous, team, owner, otherEnterprise]) {
      expect(canSeeAsker(viewer)).toBe(false);
    }
  });
});
