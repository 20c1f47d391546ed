// Clarification questions on a challenge: ask, answer, hide and unhide, and the list a viewer
// sees. The rules are in app/domain/question.ts; here each change commits together with its
// audit record and its notifications, and the notification mail is sent after the commit.
import { isNeedStatus, PUBLIC_STATUSES, type NeedStatus } from '~/domain/need';
import {
  answerKind,
  answersAsBureau,
  canAnswer,
  canAsk,
  canModerate,
  canSeeAsker,
  canSeeQuestion,
  questionScope,
  type AnswerRefusal,
  type AskRefusal,
  type ChallengeFacts,
  type QuestionFacts,
  type QuestionScope,
  type QuestionViewer,
} from '~/domain/question';
import { isStaffRole } from '~/domain/roles';
import type { Db, Tx } from '~/lib/db.server';
import { audit } from '~/services/kernel/audit.server';
import { deliver } from '~/lib/mail.server';
import { notifyOrganization } from '~/services/kernel/notify.server';
import type { Auth } from '~/lib/session.server';

/** The most questions one page lists (oldest first); a challenge has far fewer. */
const LIST_LIMIT = 500;

/** A user acting on questions: the session's user. */
export type Actor = { id: string; role: Auth['user']['role']; organizationId: string };

/**
 * Who a request's session stands for. Staff who have not passed the second factor yet are
 * nobody here: their session is good for nothing until they have.
 */
export function questionViewer(auth: Auth | null): QuestionViewer {
  if (!auth) return null;
  if (isStaffRole(auth.user.role) && !auth.twoFactorVerified) return null;
  return { role: auth.user.role, organizationId: auth.user.organizationId };
}

export function actorOf(auth: Auth): Actor {
  return { id: auth.user.id, role: auth.user.role, organizationId: auth.user.organizationId };
}

const challengeSelect = {
  id: true,
  code: true,
  status: true,
  applicationDeadline: true,
  enterpriseId: true,
} as const;

type ChallengeRow = {
  id: string;
  code: string | null;
  status: string;
  applicationDeadline: Date;
  enterpriseId: string;
};

export type QuestionChallenge = ChallengeFacts & { id: string; code: string };

function facts(c: ChallengeRow): QuestionChallenge {
  // a status outside the table is treated as not public, never as open
  const status: NeedStatus = isNeedStatus(c.status) ? c.status : 'DRAFT';
  return {
    id: c.id,
    code: c.code ?? '',
    status,
    applicationDeadline: c.applicationDeadline,
    enterpriseId: c.enterpriseId,
  };
}

/** A published challenge by its public code, with what the question rules need; else null. */
export async function findQuestionChallenge(
  db: Db | Tx,
  code: string,
): Promise<QuestionChallenge | null> {
  if (!code) return null;
  const c = await db.challenge.findFirst({
    where: { code, status: { in: [...PUBLIC_STATUSES] } },
    select: challengeSelect,
  });
  return c ? facts(c) : null;
}

const answered = { answeredAt: { not: null } };
const publicWhere = { ...answered, hiddenAt: null };

function scopeWhere(scope: QuestionScope) {
  switch (scope.kind) {
    case 'all':
      return {};
    case 'notHidden':
      return { hiddenAt: null };
    case 'publicOrOwn':
      return { OR: [publicWhere, { teamId: scope.teamId }] };
    case 'public':
      return publicWhere;
  }
}

function questionFacts(q: {
  teamId: string;
  answeredAt: Date | null;
  hiddenAt: Date | null;
  answeredByBureau: boolean;
}): QuestionFacts {
  return {
    teamId: q.teamId,
    answered: q.answeredAt !== null,
    hidden: q.hiddenAt !== null,
    answeredByBureau: q.answeredByBureau,
  };
}

export type AskState = { ok: true } | { ok: false; reason: AskRefusal };

/**
 * The clarifications section of a published challenge as the viewer sees it (see
 * app/domain/question.ts), or null when no published challenge has this code. One query:
 * an enterprise viewer is first read with the challenge owner's scope and then filtered by the
 * domain rule once the challenge's enterprise is known, as every row is anyway.
 */
export async function listQuestions(
  db: Db,
  code: string,
  viewer: QuestionViewer,
  now = new Date(),
) {
  if (!code) return null;
  const provisional =
    viewer?.role === 'ENTERPRISE'
      ? questionScope(viewer, { enterpriseId: viewer.organizationId })
      : questionScope(viewer, { enterpriseId: '' });
  const row = await db.challenge.findFirst({
    where: { code, status: { in: [...PUBLIC_STATUSES] } },
    select: {
      ...challengeSelect,
      questions: {
        where: scopeWhere(provisional),
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: LIST_LIMIT,
        select: {
          id: true,
          teamId: true,
          body: true,
          answer: true,
          createdAt: true,
          answeredAt: true,
          answeredByBureau: true,
          hiddenAt: true,
          team: { select: { name: true, nameEn: true } },
        },
      },
    },
  });
  if (!row) return null;
  const challenge = facts(row);
  const showAsker = canSeeAsker(viewer);
  const moderator = canModerate(viewer);
  const items = row.questions
    .filter((q) => canSeeQuestion(viewer, challenge, questionFacts(q)))
    .map((q) => {
      const f = questionFacts(q);
      return {
        id: q.id,
        body: q.body,
        answer: f.answered ? q.answer : null,
        /** the answer is the bureau's, not the enterprise's */
        byBureau: f.answered && q.answeredByBureau,
        askedAt: q.createdAt.toISOString(),
        answeredAt: q.answeredAt?.toISOString() ?? null,
        hidden: f.hidden,
        mine: viewer?.role === 'TEAM' && q.teamId === viewer.organizationId,
        team: showAsker ? { name: q.team.name, nameEn: q.team.nameEn } : null,
        canAnswer: canAnswer(viewer, challenge, f).ok,
        canModerate: moderator,
      };
    });
  const pending =
    viewer?.role === 'TEAM'
      ? items.filter((q) => q.mine && q.answer === null && !q.hidden).length
      : 0;
  const ask: AskState = canAsk(viewer, challenge, now, pending);
  return { items, ask };
}

async function pendingOf(tx: Tx, challengeId: string, teamId: string) {
  return tx.question.count({ where: { challengeId, teamId, answeredAt: null, hiddenAt: null } });
}

const link = (code: string, questionId: string) => `/challenges/${code}#question-${questionId}`;

export type AskResult = { ok: true; questionId: string } | { ok: false; reason: AskRefusal };

/** A team member asks; every member of the challenge's enterprise is notified. */
export async function askQuestion(
  db: Db,
  input: { code: string; actor: Actor; body: string; origin: string; now?: Date },
): Promise<AskResult> {
  const now = input.now ?? new Date();
  const { actor } = input;
  const outcome = await db.$transaction(async (tx) => {
    const challenge = await findQuestionChallenge(tx, input.code);
    if (!challenge) return { ok: false as const, reason: 'notPublic' as const };
    const pending =
      actor.role === 'TEAM' ? await pendingOf(tx, challenge.id, actor.organizationId) : 0;
    const decision = canAsk(actor, challenge, now, pending);
    if (!decision.ok) return decision;
    const question = await tx.question.create({
      data: {
        challengeId: challenge.id,
        teamId: actor.organizationId,
        askedById: actor.id,
        body: input.body,
        createdAt: now,
      },
      select: { id: true },
    });
    await audit(tx, {
      actorId: actor.id,
      action: 'question.asked',
      entityType: 'Question',
      entityId: question.id,
      data: {
        challengeId: challenge.id,
        code: challenge.code,
        teamId: actor.organizationId,
        body: input.body,
      },
      at: now,
    });
    const mailIds = await notifyOrganization(tx, challenge.enterpriseId, {
      kind: 'questionAsked',
      params: { code: challenge.code },
      link: link(challenge.code, question.id),
      origin: input.origin,
    });
    return { ok: true as const, questionId: question.id, mailIds };
  });
  if (!outcome.ok) return outcome;
  await deliver(db, outcome.mailIds);
  return { ok: true, questionId: outcome.questionId };
}

type QuestionRow = {
  id: string;
  teamId: string;
  answer: string | null;
  answeredAt: Date | null;
  answeredByBureau: boolean;
  hiddenAt: Date | null;
  hiddenById: string | null;
  challenge: ChallengeRow;
};

/** A question of the challenge with this code (a question of another challenge is not found). */
function findQuestion(tx: Tx, code: string, questionId: string): Promise<QuestionRow | null> {
  return tx.question.findFirst({
    where: { id: questionId, challenge: { code } },
    select: {
      id: true,
      teamId: true,
      answer: true,
      answeredAt: true,
      answeredByBureau: true,
      hiddenAt: true,
      hiddenById: true,
      challenge: { select: challengeSelect },
    },
  });
}

export type AnswerResult =
  { ok: true; kind: 'answer' | 'edit' } | { ok: false; reason: AnswerRefusal | 'notFound' };

/**
 * A member of the challenge's enterprise, or bureau staff, answers, or edits the answer. The
 * first answer publishes the question and notifies the asking team; a bureau answer is marked
 * as the bureau's. An edit is audited with the previous text and notifies nobody, and only the
 * side that answered may edit (app/domain/question.ts).
 */
export async function answerQuestion(
  db: Db,
  input: {
    code: string;
    questionId: string;
    actor: Actor;
    answer: string;
    origin: string;
    now?: Date;
  },
): Promise<AnswerResult> {
  const now = input.now ?? new Date();
  const { actor } = input;
  const outcome = await db.$transaction(async (tx) => {
    const question = await findQuestion(tx, input.code, input.questionId);
    if (!question) return { ok: false as const, reason: 'notFound' as const };
    const challenge = facts(question.challenge);
    const decision = canAnswer(actor, challenge, questionFacts(question));
    if (!decision.ok) return decision;
    const byBureau = answersAsBureau(actor);

    // Conditional writes: of two members answering at once, one answers and one edits; of the
    // enterprise and the bureau answering at once, one answers and the other is refused.
    if (answerKind(questionFacts(question)) === 'answer') {
      const first = await tx.question.updateMany({
        where: { id: question.id, answeredAt: null, hiddenAt: null },
        data: {
          answer: input.answer,
          answeredById: actor.id,
          answeredAt: now,
          answeredByBureau: byBureau,
        },
      });
      if (first.count === 1) {
        await audit(tx, {
          actorId: actor.id,
          action: 'question.answered',
          entityType: 'Question',
          entityId: question.id,
          data: {
            challengeId: challenge.id,
            code: challenge.code,
            answer: input.answer,
            byBureau,
          },
          at: now,
        });
        const mailIds = await notifyOrganization(tx, question.teamId, {
          kind: 'questionAnswered',
          params: { code: challenge.code },
          link: link(challenge.code, question.id),
          origin: input.origin,
        });
        return { ok: true as const, kind: 'answer' as const, mailIds };
      }
    }
    const current = await tx.question.findUniqueOrThrow({
      where: { id: question.id },
      select: { answer: true, hiddenAt: true, answeredByBureau: true },
    });
    if (current.hiddenAt !== null) return { ok: false as const, reason: 'hidden' as const };
    if (current.answeredByBureau !== byBureau) {
      return { ok: false as const, reason: 'answeredByOther' as const };
    }
    const edited = await tx.question.updateMany({
      where: {
        id: question.id,
        hiddenAt: null,
        answeredAt: { not: null },
        answeredByBureau: byBureau,
      },
      data: { answer: input.answer },
    });
    if (edited.count !== 1) return { ok: false as const, reason: 'hidden' as const };
    await audit(tx, {
      actorId: actor.id,
      action: 'question.answer_edited',
      entityType: 'Question',
      entityId: question.id,
      data: {
        challengeId: challenge.id,
        code: challenge.code,
        previous: current.answer,
        answer: input.answer,
        byBureau,
      },
      at: now,
    });
    return { ok: true as const, kind: 'edit' as const, mailIds: [] as string[] };
  });
  if (!outcome.ok) return outcome;
  await deliver(db, outcome.mailIds);
  return { ok: true, kind: outcome.kind };
}

export type ModerateResult =
  { ok: true; changed: boolean } | { ok: false; reason: 'notFound' | 'role' };

/**
 * Bureau staff hide an abusive question (the asking team is notified) or show it again.
 * Asking for the state the question is already in changes nothing and records nothing.
 * There is no notification kind for showing a question again, so unhiding notifies nobody.
 */
export async function setQuestionHidden(
  db: Db,
  input: {
    code: string;
    questionId: string;
    actor: Actor;
    hidden: boolean;
    origin: string;
    now?: Date;
  },
): Promise<ModerateResult> {
  const now = input.now ?? new Date();
  const { actor } = input;
  if (!canModerate(actor)) return { ok: false, reason: 'role' };
  const outcome = await db.$transaction(async (tx) => {
    const question = await findQuestion(tx, input.code, input.questionId);
    if (!question) return { ok: false as const, reason: 'notFound' as const };
    const challenge = facts(question.challenge);
    const changed = await tx.question.updateMany({
      where: { id: question.id, hiddenAt: input.hidden ? null : { not: null } },
      data: input.hidden
        ? { hiddenAt: now, hiddenById: actor.id }
        : { hiddenAt: null, hiddenById: null },
    });
    if (changed.count === 0) return { ok: true as const, changed: false, mailIds: [] as string[] };
    await audit(tx, {
      actorId: actor.id,
      action: input.hidden ? 'question.hidden' : 'question.unhidden',
      entityType: 'Question',
      entityId: question.id,
      data: input.hidden
        ? { challengeId: challenge.id, code: challenge.code }
        : {
            challengeId: challenge.id,
            code: challenge.code,
            hiddenAt: question.hiddenAt?.toISOString() ?? null,
            hiddenById: question.hiddenById,
          },
      at: now,
    });
    const mailIds = input.hidden
      ? await notifyOrganization(tx, question.teamId, {
          kind: 'questionHidden',
          params: { code: challenge.code },
          link: link(challenge.code, question.id),
          origin: input.origin,
        })
      : [];
    return { ok: true as const, changed: true, mailIds };
  });
  if (!outcome.ok) return outcome;
  await deliver(db, outcome.mailIds);
  return { ok: true, changed: outcome.changed };
}
