import { ApplyLink } from '~/components/apply-link';
import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { DoneNotice } from '~/components/done-notice';
import { ErrorList, FormError, Submit, TextareaField } from '~/components/form';
import { DateText, Facts, FieldName, pick, StatusBadge, Wan } from '~/components/ui';
import { ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH } from '~/domain/question';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { answerSchema, askSchema, moderateSchema, questionActionSchema } from '~/forms/questions';
import { useI18n } from '~/i18n/i18n';
import {
  forbidden,
  getAuth,
  notFound,
  requestOrigin,
  requireRole,
  requireStaff,
  requireTeam,
  requireUser,
} from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { doneUrl, type DoneKey } from '~/lib/done';
import { localeOf, pageMeta } from '~/lib/meta';
import { getPublishedChallenge } from '~/services/needs/catalogue.server';
import {
  actorOf,
  answerQuestion,
  askQuestion,
  findQuestionChallenge,
  listQuestions,
  questionViewer,
  setQuestionHidden,
} from '~/services/needs/questions.server';
import { parseFormData } from '~/lib/form.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? pageMeta(matches, pick(localeOf(matches), data.challenge.title, data.challenge.titleEn), true)
    : pageMeta(matches, 'challenges.notFound');

// Public: an anonymous visitor sees the answered questions only, so the page stays the same
// for every anonymous visitor (and cacheable); a signed-in visitor's page is private anyway.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await getAuth(request);
  const code = params.code ?? '';
  const [challenge, clarifications] = await Promise.all([
    getPublishedChallenge(db, code),
    listQuestions(db, code, questionViewer(auth)),
  ]);
  // Unpublished needs are not public: they answer exactly like a code that never existed.
  if (!challenge || !clarifications) throw notFound();
  return { challenge, clarifications };
}

type ActionResult = {
  /** Which form the errors belong to: 'ask', 'answer:<id>', 'moderate:<id>' or 'page'. */
  target: string;
  result: SubmissionResult<string[]>;
};

function reply(target: string, result: SubmissionResult<string[]>): ActionResult {
  return { target, result };
}

/** Back to the page's questions, which show the notice of what was just done. */
function done(code: string, what: DoneKey<'questions'>) {
  return redirect(
    `${doneUrl('questions', `/challenges/${encodeURIComponent(code)}`, what)}#questions`,
  );
}

function targetOf(payload: Record<string, unknown>) {
  const id =
    typeof payload.questionId === 'string' && payload.questionId ? payload.questionId : null;
  if (payload.intent === 'ask') return 'ask';
  if (payload.intent === 'answer' && id) return `answer:${id}`;
  if ((payload.intent === 'hide' || payload.intent === 'unhide') && id) return `moderate:${id}`;
  return 'page';
}

// One action for the page's forms, told apart by `intent`; each intent has its own guard,
// which runs before the form's fields are looked at. Refusals are field or form errors;
// a question of another enterprise's challenge (or of another challenge) answers 404.
export async function action({ request, params }: ActionFunctionArgs) {
  const auth = await requireUser(request);
  const code = params.code ?? '';
  if (!(await findQuestionChallenge(db, code))) throw notFound();
  const formData = await request.formData().catch(() => null);
  if (!formData) throw new Response('Bad Request', { status: 400 });
  const submission = parseFormData(formData, { schema: questionActionSchema });
  const intent = submission.payload.intent;
  if (intent === 'ask') await requireTeam(request);
  // the challenge's enterprise answers, or the bureau in its own name
  else if (intent === 'answer') await requireRole(request, ['ENTERPRISE', 'REVIEWER', 'ADMIN']);
  else if (intent === 'hide' || intent === 'unhide') await requireStaff(request);
  const target = targetOf(submission.payload);
  if (submission.status !== 'success') return reply(target, submission.reply());

  const value = submission.value;
  const actor = actorOf(auth);
  const origin = requestOrigin(request);

  if (value.intent === 'ask') {
    const result = await askQuestion(db, { code, actor, body: value.body, origin });
    if (result.ok) return done(code, 'asked');
    if (result.reason === 'closed' || result.reason === 'tooManyPending') {
      return reply(target, submission.reply({ formErrors: [`questions.errors.${result.reason}`] }));
    }
    if (result.reason === 'notPublic') throw notFound();
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
    if (result.reason === 'hidden' || result.reason === 'answeredByOther') {
      return reply(target, submission.reply({ formErrors: [`questions.errors.${result.reason}`] }));
    }
    if (result.reason === 'signIn' || result.reason === 'role') throw forbidden();
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
  if (!result.ok) throw result.reason === 'role' ? forbidden() : notFound();
  return done(code, !result.changed ? 'unchanged' : hidden ? 'hidden' : 'unhidden');
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type QuestionItem = Data['clarifications']['items'][number];

export default function ChallengeDetail() {
  const { challenge: c, clarifications } = useLoaderData<typeof loader>();
  const { key: visit } = useLocation();
  const { t, locale } = useI18n();
  const rows: [string, React.ReactNode][] = [
    [t('challenges.code'), <span className="font-mono">{c.code}</span>],
    [t('challenges.enterprise'), pick(locale, c.enterprise.name, c.enterprise.nameEn)],
    [t('challenges.field'), <FieldName field={c.field} />],
    [t('challenges.bounty'), <Wan fen={c.bountyFen} />],
    [t('challenges.publishedAt'), <DateText value={c.publishedAt} />],
    [t('challenges.deadline'), <DateText value={c.applicationDeadline} />],
    [t('challenges.period'), t('challenges.months', { count: c.implementationMonths })],
    [t('challenges.contact'), c.contactName],
  ];
  return (
    <article className="space-y-6">
      <Link to="/challenges" className="text-sm">
        ← {t('challenges.back')}
      </Link>
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{pick(locale, c.title, c.titleEn)}</h1>
        <StatusBadge status={c.status} />
        <ApplyLink code={c.code ?? ''} status={c.status} />
        {c.closedEarly ? (
          <div
            className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
            data-testid="closed-early"
          >
            <p>
              {t('challenges.closedEarly', {
                date: shanghaiDateString(new Date(c.closedEarly.at)),
              })}
            </p>
            <p className="whitespace-pre-line">
              {t('challenges.closedEarlyReason', { reason: c.closedEarly.reason })}
            </p>
          </div>
        ) : null}
      </header>
      <Facts rows={rows} />
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{t('challenges.background')}</h2>
        <p className="leading-relaxed whitespace-pre-line">{c.background}</p>
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{t('challenges.targets')}</h2>
        <ol className="list-decimal space-y-1 pl-6">
          {c.targets.map((target, i) => (
            <li key={i}>{pick(locale, target.text, target.textEn)}</li>
          ))}
        </ol>
      </section>
      {c.attachments.length > 0 ? (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">{t('needs.attachments')}</h2>
          <ul className="list-disc pl-6">
            {c.attachments.map((a) => (
              <li key={a.id}>
                <a href={`/attachments/${a.id}`}>{a.originalName}</a>{' '}
                <span className="text-xs text-stone-500">{Math.ceil(a.sizeBytes / 1024)} KB</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {c.events.length > 0 ? (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">{t('challenges.events')}</h2>
          <ul className="list-disc pl-6">
            {c.events.map((e) => (
              <li key={e.slug}>
                <Link to={`/events/${e.slug}`}>{pick(locale, e.name, e.nameEn)}</Link> (
                <DateText value={e.date} />)
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {c.matches.length > 0 ? (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">{t('challenges.matchedTeams')}</h2>
          <ul className="list-disc pl-6">
            {c.matches.map((m, i) => (
              <li key={i}>
                {pick(locale, m.name, m.nameEn)} ·{' '}
                {pick(locale, m.institution ?? '', m.institutionEn)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {c.contracts.length > 0 ? (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">{t('challenges.contract')}</h2>
          <ul className="list-disc pl-6">
            {c.contracts.map((k) => (
              <li key={k.code}>
                <Link to={`/contracts/${k.code}`}>{k.code}</Link> <StatusBadge status={k.status} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {/* a new location (after a change) starts the forms afresh: sent values do not linger */}
      <Clarifications key={visit} code={c.code ?? ''} data={clarifications} />
    </article>
  );
}

function Clarifications({ code, data }: { code: string; data: Data['clarifications'] }) {
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
      {q.canAnswer ? <AnswerForm q={q} asBureau={q.canModerate} lastResult={answerResult} /> : null}
      {q.canModerate ? <ModerateForm q={q} lastResult={moderateResult} /> : null}
    </li>
  );
}

function AnswerForm({
  q,
  asBureau,
  lastResult,
}: {
  q: QuestionItem;
  /** staff answer in the bureau's name */
  asBureau: boolean;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useForm({
    id: `answer-${q.id}`,
    lastResult,
    defaultValue: { answer: q.answer ?? '' },
    constraint: getZodConstraint(answerSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: answerSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  });
  const editing = q.answer !== null;
  const body = (
    <Form method="post" {...getFormProps(form)} className="space-y-2">
      <input type="hidden" name="intent" value="answer" />
      <input type="hidden" name="questionId" value={q.id} />
      <FormError id={form.errorId} errors={form.errors} />
      <TextareaField
        meta={fields.answer}
        label={asBureau ? t('questions.answerLabelBureau') : t('questions.answerLabel')}
        rows={3}
      />
      <p className="text-xs text-stone-600">
        {asBureau
          ? t('questions.bureauAnswerHint', { max: ANSWER_MAX_LENGTH })
          : t('questions.answerHint', { max: ANSWER_MAX_LENGTH })}
      </p>
      <Submit>{editing ? t('questions.saveAnswer') : t('questions.submitAnswer')}</Submit>
    </Form>
  );
  if (!editing) return body;
  // an edit starts folded away; it opens by itself when the server refused it
  return (
    <details open={lastResult?.status === 'error' ? true : undefined} className="text-sm">
      <summary className="cursor-pointer text-brand-700">{t('questions.editAnswer')}</summary>
      <div className="mt-2">{body}</div>
    </details>
  );
}

function ModerateForm({
  q,
  lastResult,
}: {
  q: QuestionItem;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useForm({
    id: `moderate-${q.id}`,
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: moderateSchema }),
    shouldValidate: 'onSubmit',
  });
  return (
    <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="questionId" value={q.id} />
      <span className="text-xs text-stone-600">{t('questions.moderation')}</span>
      <button
        type="submit"
        name="intent"
        value={q.hidden ? 'unhide' : 'hide'}
        className="rounded border border-stone-300 bg-white px-2 py-1 text-xs font-medium hover:bg-stone-100"
      >
        {q.hidden ? t('questions.unhide') : t('questions.hide')}
      </button>
      <ErrorList id={form.errorId} errors={form.errors} />
      <ErrorList errors={[...(fields.questionId.errors ?? []), ...(fields.intent.errors ?? [])]} />
    </Form>
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
  if (state.ok) return <AskForm lastResult={lastResult} />;
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

function AskForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useI18n();
  const [form, fields] = useForm({
    id: 'ask',
    lastResult,
    constraint: getZodConstraint(askSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: askSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  });
  return (
    <div className="space-y-3 rounded border border-stone-200 bg-white p-4">
      <h3 className="font-semibold">{t('questions.askTitle')}</h3>
      <Form method="post" {...getFormProps(form)} className="space-y-2">
        <input type="hidden" name="intent" value="ask" />
        <FormError id={form.errorId} errors={form.errors} />
        <TextareaField meta={fields.body} label={t('questions.askLabel')} rows={4} />
        <p className="text-xs text-stone-600">
          {t('questions.askHint', { max: QUESTION_MAX_LENGTH })}
        </p>
        <Submit>{t('questions.askSubmit')}</Submit>
      </Form>
    </div>
  );
}
