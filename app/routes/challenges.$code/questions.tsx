// The clarifications section of a challenge's page: the questions the viewer may see, and the
// ask, answer and moderation forms the viewer may use (app/domain/question.ts decides which).
import type { SubmissionResult } from '@conform-to/react';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { lazy, Suspense, type ReactNode } from 'react';
import { DoneNotice } from '~/components/done-notice';
import { FormError } from '~/components/form';
import { DateText, pick } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import type { action, loader } from './route';

// The forms come in a chunk of their own, fetched only where one is shown (a member's page);
// the server renders them in place, so they work before the chunk arrives and without scripts.
const forms = () => import('./question-forms');
const AnswerForm = lazy(() => forms().then((m) => ({ default: m.AnswerForm })));
const ModerateForm = lazy(() => forms().then((m) => ({ default: m.ModerateForm })));
const AskForm = lazy(() => forms().then((m) => ({ default: m.AskForm })));
const Later = ({ children }: { children: ReactNode }) => (
  <Suspense fallback={null}>{children}</Suspense>
);

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
export type QuestionItem = Data['clarifications']['items'][number];

export function Clarifications({ code, data }: { code: string; data: Data['clarifications'] }) {
  const outcome = useActionData<typeof action>();
  const { t } = useI18n();
  const resultFor = (target: string) => (outcome?.target === target ? outcome.result : undefined);
  // errors of a form that is not on the page (an unknown intent, a missing question id)
  const shown = new Set([
    'ask',
    ...data.items.flatMap((q) => [`answer:${q.id}`, `moderate:${q.id}`]),
  ]);
  const stray =
    outcome && !shown.has(outcome.target)
      ? Object.values(outcome.result.error ?? {}).flatMap((e) => e ?? [])
      : [];
  return (
    <section id="questions" aria-labelledby="questions-title" className="space-y-4">
      <h2 id="questions-title" className="text-lg font-semibold">
        {t('questions.title')}
      </h2>
      <p className="text-sm text-stone-600">{t('questions.lead')}</p>
      <DoneNotice page="questions" />
      <FormError errors={stray} />
      {data.items.length === 0 ? (
        <p className="text-stone-600">{t('questions.empty')}</p>
      ) : (
        <ol className="space-y-3">
          {data.items.map((q) => (
            <Question
              key={q.id}
              q={q}
              answerResult={resultFor(`answer:${q.id}`)}
              moderateResult={resultFor(`moderate:${q.id}`)}
            />
          ))}
        </ol>
      )}
      <Ask code={code} state={data.ask} lastResult={resultFor('ask')} />
    </section>
  );
}

const badge = 'inline-block rounded px-2 py-0.5 text-xs font-medium';

function Question({
  q,
  answerResult,
  moderateResult,
}: {
  q: QuestionItem;
  answerResult: SubmissionResult<string[]> | undefined;
  moderateResult: SubmissionResult<string[]> | undefined;
}) {
  const { t, locale } = useI18n();
  return (
    <li
      id={`question-${q.id}`}
      data-testid="question"
      className={`space-y-3 rounded border p-4 ${q.hidden ? 'border-red-200 bg-red-50' : 'border-stone-200 bg-white'}`}
    >
      <div className="flex flex-wrap items-center gap-2 text-xs text-stone-700">
        {q.hidden ? (
          <span className={`${badge} bg-red-100 text-red-900`}>{t('questions.hidden')}</span>
        ) : null}
        {q.answer === null ? (
          <span className={`${badge} bg-amber-100 text-amber-900`}>{t('questions.pending')}</span>
        ) : null}
        {q.mine ? (
          <span className={`${badge} bg-brand-50 text-brand-700`}>{t('questions.mine')}</span>
        ) : null}
        {q.team ? (
          <span>{t('questions.askedBy', { team: pick(locale, q.team.name, q.team.nameEn) })}</span>
        ) : null}
        <span>
          {t('questions.askedAt')} <DateText value={q.askedAt} />
        </span>
      </div>
      <div className="flex gap-3">
        <span className="font-semibold text-brand-700">{t('questions.question')}</span>
        <p className="whitespace-pre-line">{q.body}</p>
      </div>
      {q.answer !== null ? (
        <div className="flex gap-3" data-testid={q.byBureau ? 'bureau-answer' : 'answer'}>
          <span className="font-semibold text-green-800">{t('questions.answer')}</span>
          <div className="space-y-1">
            {q.byBureau ? (
              <p className={`${badge} bg-brand-50 text-brand-700`}>{t('questions.bureauAnswer')}</p>
            ) : null}
            <p className="whitespace-pre-line">{q.answer}</p>
            <p className="text-xs text-stone-600">
              {t('questions.answeredAt')} <DateText value={q.answeredAt} />
            </p>
          </div>
        </div>
      ) : null}
      {q.canAnswer ? (
        <Later>
          <AnswerForm q={q} asBureau={q.canModerate} lastResult={answerResult} />
        </Later>
      ) : null}
      {q.canModerate ? (
        <Later>
          <ModerateForm q={q} lastResult={moderateResult} />
        </Later>
      ) : null}
    </li>
  );
}

function Ask({
  code,
  state,
  lastResult,
}: {
  code: string;
  state: Data['clarifications']['ask'];
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  if (state.ok)
    return (
      <Later>
        <AskForm lastResult={lastResult} />
      </Later>
    );
  switch (state.reason) {
    case 'signIn':
      return (
        <p className="text-sm">
          {t('questions.signInToAsk')}{' '}
          <Link to={`/login?redirectTo=${encodeURIComponent(`/challenges/${code}`)}`}>
            {t('questions.signIn')}
          </Link>
        </p>
      );
    case 'closed':
      return <p className="text-sm text-stone-600">{t('questions.closed')}</p>;
    case 'tooManyPending':
      return <p className="text-sm text-stone-600">{t('questions.errors.tooManyPending')}</p>;
    case 'role':
      return <p className="text-sm text-stone-600">{t('questions.teamsOnly')}</p>;
    default:
      return null;
  }
}
