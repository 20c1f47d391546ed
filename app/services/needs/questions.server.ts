// Clarification questions on a challenge: ask, answer, hide and unhide. The rules are in
// app/domain/question.ts; here each change is a command under the challenge's lock, committing
// with its audit record and notices (their mail sent after the commit). Refusals are the
// domain's reasons, with the messages at `questions.errors`. What a viewer sees is
// question-list.server.ts.
import {
  answerKind,
  answersAsBureau,
  canAnswer,
  canAsk,
  canModerate,
  type AnswerRefusal,
  type AskRefusal,
} from '~/domain/question';
import type { Db, Tx } from '~/lib/db.server';
import type { Actor } from '~/services/kernel/actor';
import { command, type Context } from '~/services/kernel/command.server';
import type { Notice } from '~/services/kernel/notify.server';
import { lockChallenge } from '~/services/kernel/locks.server';
import { refusal, Refused, type Result } from '~/services/kernel/refusal';
import {
  challengeFacts,
  challengeSelect,
  findQuestionChallenge,
  questionFacts,
  type ChallengeRow,
} from './question-list.server';

const ERRORS = 'questions.errors';

async function pendingOf(tx: Tx, challengeId: string, teamId: string) {
  return tx.question.count({ where: { challengeId, teamId, answeredAt: null, hiddenAt: null } });
}

/** A notice about a question: its challenge, and a link to the question on the challenge's page. */
const aboutQuestion = (
  kind: 'questionAsked' | 'questionAnswered' | 'questionHidden',
  code: string,
  questionId: string,
  origin: string,
): Notice => ({
  kind,
  params: { code },
  link: `/challenges/${code}#question-${questionId}`,
  origin,
});

/**
 * A command on the questions of the challenge with this code, under that challenge's lock.
 * The lock is taken by id, so the id is looked up first: a code never changes once given.
 */
async function onChallenge<T extends object, C extends string>(
  db: Db,
  code: string,
  actor: Actor,
  missing: C,
  work: (ctx: Context) => Promise<T>,
): Promise<Result<T, C>> {
  const found = code
    ? await db.challenge.findFirst({ where: { code }, select: { id: true } })
    : null;
  if (!found) return refusal(ERRORS, missing);
  return command<T, C>(
    db,
    { errors: ERRORS, actor, lock: (tx) => lockChallenge(tx, found.id) },
    work,
  );
}

/** A team member asks; every member of the challenge's enterprise is notified. */
export function askQuestion(
  db: Db,
  input: { code: string; actor: Actor; body: string; origin: string; now?: Date },
) {
  const now = input.now ?? new Date();
  const { actor } = input;
  return onChallenge<{ questionId: string }, AskRefusal>(
    db,
    input.code,
    actor,
    'notPublic',
    async ({ tx, audit, notifyOrganization }) => {
      const challenge = await findQuestionChallenge(tx, input.code);
      if (!challenge) throw new Refused('notPublic');
      // counted under the lock: two questions sent at once cannot both be the fifth
      const pending =
        actor.role === 'TEAM' ? await pendingOf(tx, challenge.id, actor.organizationId) : 0;
      const decision = canAsk(actor, challenge, now, pending);
      if (!decision.ok) throw new Refused(decision.reason);
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
      await audit({
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
      await notifyOrganization(
        challenge.enterpriseId,
        aboutQuestion('questionAsked', challenge.code, question.id, input.origin),
      );
      return { questionId: question.id };
    },
  );
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

/** A command on one question of the challenge, handed the question as read under the lock. */
function onQuestion<T extends object, C extends string>(
  db: Db,
  input: { code: string; questionId: string; actor: Actor },
  work: (ctx: Context, question: QuestionRow) => Promise<T>,
) {
  return onChallenge<T, C | 'notFound'>(db, input.code, input.actor, 'notFound', async (ctx) => {
    const question = await findQuestion(ctx.tx, input.code, input.questionId);
    if (!question) throw new Refused('notFound');
    return work(ctx, question);
  });
}

/**
 * A member of the challenge's enterprise, or bureau staff, answers, or edits the answer. The
 * first answer publishes the question and notifies the asking team; a bureau answer is marked
 * as the bureau's. An edit is audited with the previous text and notifies nobody, and only the
 * side that answered may edit (app/domain/question.ts).
 */
export function answerQuestion(
  db: Db,
  input: {
    code: string;
    questionId: string;
    actor: Actor;
    answer: string;
    origin: string;
    now?: Date;
  },
) {
  const now = input.now ?? new Date();
  const { actor } = input;
  return onQuestion<{ kind: 'answer' | 'edit' }, AnswerRefusal>(
    db,
    input,
    async ({ tx, audit, notifyOrganization }, question) => {
      const challenge = challengeFacts(question.challenge);
      const decision = canAnswer(actor, challenge, questionFacts(question));
      if (!decision.ok) throw new Refused(decision.reason);
      const byBureau = answersAsBureau(actor);

      // Conditional writes, so that the rule holds whatever ran before: of two members
      // answering at once, one answers and one edits; of the enterprise and the bureau
      // answering at once, one answers and the other is refused.
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
          await audit({
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
          await notifyOrganization(
            question.teamId,
            aboutQuestion('questionAnswered', challenge.code, question.id, input.origin),
          );
          return { kind: 'answer' as const };
        }
      }
      const current = await tx.question.findUniqueOrThrow({
        where: { id: question.id },
        select: { answer: true, hiddenAt: true, answeredByBureau: true },
      });
      if (current.hiddenAt !== null) throw new Refused('hidden');
      if (current.answeredByBureau !== byBureau) throw new Refused('answeredByOther');
      const edited = await tx.question.updateMany({
        where: {
          id: question.id,
          hiddenAt: null,
          answeredAt: { not: null },
          answeredByBureau: byBureau,
        },
        data: { answer: input.answer },
      });
      if (edited.count !== 1) throw new Refused('hidden');
      await audit({
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
      return { kind: 'edit' as const };
    },
  );
}

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
): Promise<Result<{ changed: boolean }, 'notFound' | 'role'>> {
  const now = input.now ?? new Date();
  const { actor } = input;
  if (!canModerate(actor)) return refusal(ERRORS, 'role');
  return onQuestion<{ changed: boolean }, 'role'>(
    db,
    input,
    async ({ tx, audit, notifyOrganization }, question) => {
      const challenge = challengeFacts(question.challenge);
      const changed = await tx.question.updateMany({
        where: { id: question.id, hiddenAt: input.hidden ? null : { not: null } },
        data: input.hidden
          ? { hiddenAt: now, hiddenById: actor.id }
          : { hiddenAt: null, hiddenById: null },
      });
      if (changed.count === 0) return { changed: false };
      await audit({
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
      if (input.hidden) {
        await notifyOrganization(
          question.teamId,
          aboutQuestion('questionHidden', challenge.code, question.id, input.origin),
        );
      }
      return { changed: true };
    },
  );
}
