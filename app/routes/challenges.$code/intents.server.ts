// The page's one action serves its question forms, told apart by `intent`; each intent has its
// own guard, which runs before the form's fields are looked at. Refusals are field or form
// errors; a question of another enterprise's challenge (or of another challenge) answers 404.
import type { SubmissionResult } from '@conform-to/react';
import { redirect } from '@remix-run/node';
import { idShaped } from '~/components/desk/results';
import { questionActionSchema } from '~/forms/questions';
import {
  forbidden,
  notFound,
  requestOrigin,
  requireRole,
  requireStaff,
  requireTeam,
  requireUser,
} from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { doneUrl, type DoneKey } from '~/lib/done';
import { parseForm } from '~/lib/form.server';
import { actorOf } from '~/services/kernel/actor';
import { findQuestionChallenge } from '~/services/needs/question-list.server';
import { answerQuestion, askQuestion, setQuestionHidden } from '~/services/needs/questions.server';

type QuestionFormResult = {
  /** Which form the errors belong to: 'ask', 'answer:<id>', 'moderate:<id>' or 'page'. */
  target: string;
  result: SubmissionResult<string[]>;
};

function reply(target: string, result: SubmissionResult<string[]>): QuestionFormResult {
  return { target, result };
}

/** Back to the page's questions, which show the notice of what was just done. */
function done(code: string, what: DoneKey<'questions'>) {
  return redirect(
    `${doneUrl('questions', `/challenges/${encodeURIComponent(code)}`, what)}#questions`,
  );
}

function targetOf(payload: Record<string, unknown>) {
  const id = idShaped(payload.questionId);
  if (payload.intent === 'ask') return 'ask';
  if (payload.intent === 'answer' && id) return `answer:${id}`;
  if ((payload.intent === 'hide' || payload.intent === 'unhide') && id) return `moderate:${id}`;
  return 'page';
}

export async function questionAction(request: Request, code: string) {
  const auth = await requireUser(request);
  if (!(await findQuestionChallenge(db, code))) throw notFound();
  const submission = await parseForm(request, { schema: questionActionSchema });
  const intent = submission.payload.intent;
  if (intent === 'ask') await requireTeam(request);
  // the challenge's enterprise answers, or the bureau in its own name
  else if (intent === 'answer') await requireRole(request, ['ENTERPRISE', 'REVIEWER', 'ADMIN']);
  else if (intent === 'hide' || intent === 'unhide') await requireStaff(request);
  const target = targetOf(submission.payload);
  if (submission.status !== 'success') return reply(target, submission.reply());

  const value = submission.value;
  const actor = actorOf(auth.user);
  const origin = requestOrigin(request);

  if (value.intent === 'ask') {
    const result = await askQuestion(db, { code, actor, body: value.body, origin });
    if (result.ok) return done(code, 'asked');
    if (result.error === 'closed' || result.error === 'tooManyPending') {
      return reply(target, submission.reply({ formErrors: [result.key] }));
    }
    if (result.error === 'notPublic') throw notFound();
    throw forbidden();
  }

  if (value.intent === 'answer') {
    const result = await answerQuestion(db, {
      code,
      questionId: value.questionId,
      actor,
      answer: value.answer,
      origin,
    });
    if (result.ok) return done(code, result.kind === 'answer' ? 'answered' : 'edited');
    if (result.error === 'hidden' || result.error === 'answeredByOther') {
      return reply(target, submission.reply({ formErrors: [result.key] }));
    }
    if (result.error === 'signIn' || result.error === 'role') throw forbidden();
    throw notFound();
  }

  const hidden = value.intent === 'hide';
  const result = await setQuestionHidden(db, {
    code,
    questionId: value.questionId,
    actor,
    hidden,
    origin,
  });
  if (!result.ok) throw result.error === 'role' ? forbidden() : notFound();
  return done(code, !result.changed ? 'unchanged' : hidden ? 'hidden' : 'unhidden');
}
