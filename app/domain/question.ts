/**
 * Clarification questions (澄清问题) on a challenge: who may ask, answer, hide, and see them.
 * Pure rules, no I/O; app/services/needs/questions.server.ts applies them.
 *
 * The rules:
 * - Ask: a signed-in member of a research TEAM, on a public challenge that is still open for
 *   applications (isOpenForApplications: effectively PUBLISHED, before the deadline day ends).
 *   Once applications close nobody can use an answer to prepare one, and a question sent while
 *   the applications are being reviewed would be a side channel to the enterprise rather than a
 *   clarification for every applicant; so a CLOSED challenge (and everything after it) takes
 *   no new questions. A team may have at most MAX_PENDING_PER_TEAM unanswered questions on one
 *   challenge, so that nobody floods an enterprise's members with notifications.
 * - Answer: a member of the challenge's own enterprise, or bureau staff (REVIEWER, ADMIN), for
 *   a question that is not hidden, at any time while the challenge is public (a question asked
 *   in time deserves an answer even after the deadline). The bureau answers where the question
 *   is about the programme's rules rather than the enterprise's problem, or where the
 *   enterprise does not; its answer is shown as the bureau's. The first answer publishes the
 *   question; a later one edits the answer (allowed, and audited with the previous text), but
 *   only by the side that gave it: the bureau does not rewrite what the enterprise said, nor
 *   the enterprise what the bureau said.
 * - Hide / unhide: bureau staff (REVIEWER, ADMIN), for an abusive question. A hidden question
 *   is gone from the public page and from the enterprise's list, and cannot be answered.
 * - See: the public sees questions that are answered and not hidden; the asking team also sees
 *   its own pending (and hidden, marked) questions; the enterprise sees every question of its
 *   challenge that is not hidden, answered or not; staff see all, hidden ones marked. Which team
 *   asked is shown to staff only: on the public page and to the enterprise a question is
 *   anonymous, so that asking does not tell competitors (or the enterprise) who is applying.
 */
import { isOpenForApplications, isPublicStatus, type NeedStatus } from './need';
import { isStaffRole, type Role } from './roles';

export const QUESTION_MAX_LENGTH = 1000;
export const ANSWER_MAX_LENGTH = 2000;
/** Unanswered, not hidden questions one team may have on one challenge at a time. */
export const MAX_PENDING_PER_TEAM = 5;

/** Who is looking or acting: null for an anonymous visitor. */
export type QuestionViewer = {
  role: Role;
  organizationId: string;
} | null;

export type ChallengeFacts = {
  status: NeedStatus;
  applicationDeadline: Date | null;
  enterpriseId: string;
};

export type QuestionFacts = {
  teamId: string;
  answered: boolean;
  hidden: boolean;
  /** the answer is the bureau's (meaningful only when answered) */
  answeredByBureau?: boolean;
};

export type Decision<R extends string> = { ok: true } | { ok: false; reason: R };

const yes = { ok: true } as const;
const no = <R extends string>(reason: R) => ({ ok: false, reason }) as const;

export type AskRefusal = 'signIn' | 'role' | 'notPublic' | 'closed' | 'tooManyPending';

/**
 * May this viewer ask a question on this challenge now? `pendingByTeam` is the number of
 * the team's unanswered, not hidden questions on the challenge (0 when not known yet).
 */
export function canAsk(
  viewer: QuestionViewer,
  challenge: ChallengeFacts,
  now: Date,
  pendingByTeam = 0,
): Decision<AskRefusal> {
  // the challenge first, so that a closed challenge reads "closed" to every visitor
  if (!isPublicStatus(challenge.status)) return no('notPublic');
  if (!isOpenForApplications(challenge.status, challenge.applicationDeadline, now)) {
    return no('closed');
  }
  if (!viewer) return no('signIn');
  if (viewer.role !== 'TEAM') return no('role');
  if (pendingByTeam >= MAX_PENDING_PER_TEAM) return no('tooManyPending');
  return yes;
}

export type AnswerRefusal =
  'signIn' | 'role' | 'notOwner' | 'notPublic' | 'hidden' | 'answeredByOther';

/** Who answers as whom: the challenge's enterprise, or the bureau. */
export function answersAsBureau(viewer: NonNullable<QuestionViewer>): boolean {
  return isStaffRole(viewer.role);
}

export function canAnswer(
  viewer: QuestionViewer,
  challenge: ChallengeFacts,
  question: QuestionFacts,
): Decision<AnswerRefusal> {
  if (!viewer) return no('signIn');
  const bureau = answersAsBureau(viewer);
  if (!bureau && viewer.role !== 'ENTERPRISE') return no('role');
  if (!bureau && viewer.organizationId !== challenge.enterpriseId) return no('notOwner');
  if (!isPublicStatus(challenge.status)) return no('notPublic');
  if (question.hidden) return no('hidden');
  if (question.answered && Boolean(question.answeredByBureau) !== bureau) {
    return no('answeredByOther');
  }
  return yes;
}

/** Hiding and unhiding is moderation: bureau staff only. */
export function canModerate(viewer: QuestionViewer): boolean {
  return viewer !== null && isStaffRole(viewer.role);
}

/** Answering an answered question edits the answer; the first answer publishes it. */
export function answerKind(question: Pick<QuestionFacts, 'answered'>): 'answer' | 'edit' {
  return question.answered ? 'edit' : 'answer';
}

/** What the public may see of any challenge's questions. */
export function isPublicQuestion(question: Pick<QuestionFacts, 'answered' | 'hidden'>): boolean {
  return question.answered && !question.hidden;
}

/**
 * Which questions of a challenge this viewer sees, as a scope a query can express:
 * - all:        every question, hidden ones included (staff)
 * - notHidden:  every question that is not hidden (the challenge's enterprise)
 * - publicOrOwn: public questions, plus every question of the team `teamId`
 * - public:     answered and not hidden only
 */
export type QuestionScope =
  | { kind: 'all' }
  | { kind: 'notHidden' }
  | { kind: 'publicOrOwn'; teamId: string }
  | { kind: 'public' };

export function questionScope(
  viewer: QuestionViewer,
  challenge: Pick<ChallengeFacts, 'enterpriseId'>,
): QuestionScope {
  if (!viewer) return { kind: 'public' };
  if (isStaffRole(viewer.role)) return { kind: 'all' };
  if (viewer.role === 'ENTERPRISE' && viewer.organizationId === challenge.enterpriseId) {
    return { kind: 'notHidden' };
  }
  if (viewer.role === 'TEAM') return { kind: 'publicOrOwn', teamId: viewer.organizationId };
  return { kind: 'public' };
}

export function inScope(scope: QuestionScope, question: QuestionFacts): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'notHidden':
      return !question.hidden;
    case 'publicOrOwn':
      return question.teamId === scope.teamId || isPublicQuestion(question);
    case 'public':
      return isPublicQuestion(question);
  }
}

export function canSeeQuestion(
  viewer: QuestionViewer,
  challenge: Pick<ChallengeFacts, 'enterpriseId'>,
  question: QuestionFacts,
): boolean {
  return inScope(questionScope(viewer, challenge), question);
}

/** Staff see which team asked; nobody else does (the asking team sees "your team's question"). */
export function canSeeAsker(viewer: QuestionViewer): boolean {
  return canModerate(viewer);
}
