// The clarifications section of a challenge as one viewer sees it, by the rules of
// app/domain/question.ts, and the facts those rules read from a challenge's and a question's
// rows. The changes are in questions.server.ts.
import { isNeedStatus, PUBLIC_STATUSES, type NeedStatus } from '~/domain/need';
import {
  canAnswer,
  canAsk,
  canModerate,
  canSeeAsker,
  canSeeQuestion,
  questionScope,
  type AskRefusal,
  type ChallengeFacts,
  type QuestionFacts,
  type QuestionScope,
  type QuestionViewer,
} from '~/domain/question';
import { isStaffRole } from '~/domain/roles';
import { createMemo, instanceKey } from '~/lib/data-version.server';
import type { Db, Tx } from '~/lib/db.server';
import type { Auth } from '~/lib/session.server';

/** The most questions one page lists (oldest first); a challenge has far fewer. */
const LIST_LIMIT = 500;

/**
 * Who a request's session stands for. Staff who have not passed the second factor yet are
 * nobody here: their session is good for nothing until they have.
 */
export function questionViewer(auth: Auth | null): QuestionViewer {
  if (!auth) return null;
  if (isStaffRole(auth.user.role) && !auth.twoFactorVerified) return null;
  return { role: auth.user.role, organizationId: auth.user.organizationId };
}

export const challengeSelect = {
  id: true,
  code: true,
  status: true,
  applicationDeadline: true,
  enterpriseId: true,
} as const;

export type ChallengeRow = {
  id: string;
  code: string | null;
  status: string;
  applicationDeadline: Date;
  enterpriseId: string;
};

export type QuestionChallenge = ChallengeFacts & { id: string; code: string };

export function challengeFacts(c: ChallengeRow): QuestionChallenge {
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
  return c ? challengeFacts(c) : null;
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

export function questionFacts(q: {
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
  // an anonymous visitor's read is everyone's: kept per data version of the tables it reads
  const row = await (viewer === null
    ? anonymousReads.get(`${instanceKey(db)} ${code}`, anonymousReads.version(), () =>
        readQuestions(db, code, provisional),
      )
    : readQuestions(db, code, provisional));
  if (!row) return null;
  const challenge = challengeFacts(row);
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

/** The tables an anonymous visitor's question list reads (checked as the catalogue's are). */
export const QUESTION_LIST_TABLES = ['Challenge', 'Question', 'Organization'] as const;

export const anonymousReads = createMemo({ maxKeys: 512, tables: QUESTION_LIST_TABLES });

function readQuestions(db: Db, code: string, scope: QuestionScope) {
  return db.challenge.findFirst({
    where: { code, status: { in: [...PUBLIC_STATUSES] } },
    select: {
      ...challengeSelect,
      questions: {
        where: scopeWhere(scope),
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
}
