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
import { Card, ErrorList, Field, FormError, Submit, TextareaField } from '~/components/form';
import { DateText, Facts, pick, StatusBadge, Wan } from '~/components/ui';
import { RecuseReason } from '~/components/evaluation';
import { MAX_CRITERIA } from '~/domain/evaluation';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { CLOSE_REASON_MAX_LENGTH } from '~/domain/need';
import { CLOSE_EARLY_INTENT, closeEarlySchema } from '~/forms/challenge-close';
import { challengeDeskSchema } from '~/forms/evaluation';
import { tKey, useI18n } from '~/i18n/i18n';
import { actorOf, notFound, requestOrigin, requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { doneUrl, type DoneKey } from '~/lib/done';
import { pageMeta } from '~/lib/meta';
import { runDeskIntent } from '~/services/evaluation/awards.server';
import { challengeDesk } from '~/services/evaluation/evaluation.server';
import { closeApplicationsEarly, earlyClosure } from '~/services/needs/needs.server';
import { parseFormData } from '~/lib/form.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(matches, data ? data.desk.challenge.title : 'evaluation.list.title', Boolean(data));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request);
  const desk = await challengeDesk(db, params.code ?? '', actorOf(user));
  if (!desk) throw notFound();
  const closure = await earlyClosure(db, desk.challenge.id);
  return { desk, closure, me: { id: user.id, role: user.role } };
}

type ActionResult = {
  /** the form the errors belong to: criteria, slots, assign, close, row-<id>, gate-<id> */
  target: string;
  result: SubmissionResult<string[]>;
};

function refused(target: string, result: SubmissionResult<string[]>): ActionResult {
  return { target, result };
}

/** Back to the desk, which shows the notice of what was just done. */
function done(
  code: string,
  what: DoneKey<'challengeDesk'>,
  values: Record<string, number | string> = {},
) {
  return redirect(
    doneUrl('challengeDesk', `/review/challenges/${encodeURIComponent(code)}`, what, values),
  );
}

function targetOf(payload: Record<string, unknown>) {
  switch (payload.intent) {
    case 'criteria':
    case 'defaults':
      return 'criteria';
    case 'slots':
      return 'slots';
    case 'assign':
    case 'unassign':
      return 'assign';
    case 'finalize':
    case 'unaward':
      return 'close';
    case 'stageGate':
      return `gate-${String(payload.awardId ?? '')}`;
    case 'shortlist':
    case 'decline':
    case 'propose':
      return `row-${String(payload.applicationId ?? '')}`;
    default:
      return 'page';
  }
}

const FIELD_OF: Record<string, string> = {
  stageGateBeforeDeadline: 'stageGateDate',
  weights: 'criteria',
  invalidReviewer: 'reviewerIds',
};

/** Closing applications early: a lifecycle step with its own form, beside the desk's intents. */
async function closeEarly(
  request: Request,
  formData: FormData,
  user: Parameters<typeof actorOf>[0],
  challengeId: string,
) {
  const target = CLOSE_EARLY_INTENT;
  const submission = parseFormData(formData, { schema: closeEarlySchema });
  if (submission.status !== 'success') return refused(target, submission.reply());
  const outcome = await closeApplicationsEarly(
    db,
    actorOf(user),
    challengeId,
    submission.value.reason,
    { origin: requestOrigin(request) },
  );
  if (!outcome.ok) {
    if (outcome.error === 'notFound') throw notFound();
    return refused(
      target,
      submission.reply({ formErrors: ['evaluation.desk.closeEarly.notOpen'] }),
    );
  }
  return done(outcome.code, 'closedEarly', { code: outcome.code });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireStaff(request);
  const challenge = await db.challenge.findFirst({
    where: { code: params.code ?? '', NOT: { code: null } },
    select: { id: true, code: true },
  });
  if (!challenge) throw notFound();
  const formData = await request.formData().catch(() => null);
  if (!formData) throw new Response('Bad Request', { status: 400 });
  if (formData.get('intent') === CLOSE_EARLY_INTENT) {
    return closeEarly(request, formData, user, challenge.id);
  }
  const submission = parseFormData(formData, { schema: challengeDeskSchema });
  const target = targetOf(submission.payload);
  if (submission.status !== 'success') return refused(target, submission.reply());
  const outcome = await runDeskIntent(db, actorOf(user), challenge.id, submission.value, {
    origin: requestOrigin(request),
  });
  if (!outcome.ok) {
    const key = `evaluation.errors.${outcome.error}`;
    const field = FIELD_OF[outcome.error];
    return refused(
      target,
      field
        ? submission.reply({ fieldErrors: { [field]: [key] } })
        : submission.reply({ formErrors: [key] }),
    );
  }
  return done(challenge.code ?? '', outcome.done, outcome.values);
}

type Desk = ReturnType<typeof useLoaderData<typeof loader>>['desk'];
type Row = Desk['rows'][number];

function errorsOf(result: SubmissionResult<string[]> | undefined) {
  return result ? Object.values(result.error ?? {}).flatMap((e) => e ?? []) : [];
}

const smallButton =
  'rounded border border-stone-300 bg-white px-2 py-1 text-xs font-medium hover:bg-stone-100 disabled:opacity-50';

export default function ChallengeDesk() {
  const { desk, closure, me } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // a new location (after a change) starts the forms afresh: sent values do not linger
  const { key: visit } = useLocation();
  const { t, locale } = useI18n();
  const resultFor = (target: string) =>
    actionData?.target === target ? actionData.result : undefined;
  const c = desk.challenge;
  const shown = new Set([
    'criteria',
    'slots',
    'assign',
    'close',
    CLOSE_EARLY_INTENT,
    ...desk.rows.map((r) => `row-${r.id}`),
    ...desk.awards.map((a) => `gate-${a.id}`),
  ]);
  const stray = actionData && !shown.has(actionData.target) ? errorsOf(actionData.result) : [];
  const canEditSetup = !desk.decided;
  return (
    <div key={visit} className="space-y-6">
      <Link to="/review/challenges" className="text-sm">
        ← {t('evaluation.desk.back')}
      </Link>
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-2xl font-bold">
          <span className="mr-2 font-mono text-base text-stone-500">{c.code}</span>
          {pick(locale, c.title, c.titleEn)}
        </h2>
        <StatusBadge status={c.status} />
      </div>
      <DoneNotice page="challengeDesk" values={['code', 'created', 'recused']} />
      <FormError errors={stray} />
      <Facts
        rows={[
          [t('evaluation.desk.facts.enterprise'), c.enterprise],
          [t('evaluation.desk.facts.deadline'), <DateText value={c.applicationDeadline} />],
          [t('evaluation.desk.facts.bounty'), <Wan fen={c.bountyFen} />],
          [
            t('evaluation.desk.facts.slots'),
            <>
              {t('evaluation.desk.slotsValue', { count: c.awardSlots })}
              {c.parallel ? ` · ${t('evaluation.list.parallel')}` : ''}
            </>,
          ],
          [t('evaluation.desk.facts.stageGate'), <DateText value={c.stageGateDate} />],
        ]}
      />
      {c.status === 'PUBLISHED' ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {t('evaluation.desk.notClosedYet')}
        </p>
      ) : null}
      {closure ? (
        <p
          className="rounded border border-stone-300 bg-stone-50 p-3 text-stone-700"
          data-testid="closed-early"
        >
          {t('evaluation.desk.closeEarly.closedNote', {
            date: shanghaiDateString(new Date(closure.closedAt)),
            reason: closure.reason,
          })}
        </p>
      ) : null}
      {c.status === 'PUBLISHED' ? <CloseEarly lastResult={resultFor(CLOSE_EARLY_INTENT)} /> : null}
      {desk.decided ? (
        <p className="rounded border border-stone-300 bg-stone-50 p-3 text-stone-700">
          {t('evaluation.desk.decidedNote', { status: tKey(t, `status.${c.status}`) })}
        </p>
      ) : null}

      <Ranking desk={desk} me={me} resultFor={resultFor} />
      <Awards desk={desk} me={me} resultFor={resultFor} />
      {desk.underEvaluation || desk.rows.some((r) => r.assignments.length) ? (
        <Assign desk={desk} lastResult={resultFor('assign')} />
      ) : null}
      <Criteria
        desk={desk}
        editable={canEditSetup && !desk.criteriaLocked}
        lastResult={resultFor('criteria')}
      />
      <Slots
        desk={desk}
        editable={canEditSetup && !desk.slotsLocked}
        lastResult={resultFor('slots')}
      />
    </div>
  );
}

type ResultFor = (target: string) => SubmissionResult<string[]> | undefined;

function Ranking({
  desk,
  me,
  resultFor,
}: {
  desk: Desk;
  me: { id: string; role: string };
  resultFor: ResultFor;
}) {
  const { t, locale } = useI18n();
  return (
    <Card title={t('evaluation.desk.ranking.title')}>
      <p className="text-sm text-stone-600">{t('evaluation.desk.ranking.lead')}</p>
      {desk.rows.length === 0 ? (
        <p className="text-stone-600">{t('evaluation.desk.ranking.empty')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-sm" data-testid="ranking">
            <thead>
              <tr className="border-b border-stone-300 text-left">
                <th scope="col" className="p-2">
                  {t('evaluation.desk.ranking.rank')}
                </th>
                <th scope="col" className="p-2">
                  {t('evaluation.desk.ranking.team')}
                </th>
                {desk.criteria.map((c) => (
                  <th key={c.key} scope="col" className="p-2 text-right">
                    {pick(locale, c.name, c.nameEn)}
                    <span className="block text-xs font-normal text-stone-500">{c.weight}%</span>
                  </th>
                ))}
                <th scope="col" className="p-2 text-right">
                  {t('evaluation.desk.ranking.weighted')}
                </th>
                <th scope="col" className="p-2">
                  {t('evaluation.desk.ranking.reviewers')}
                </th>
                <th scope="col" className="p-2">
                  {t('evaluation.desk.ranking.status')}
                </th>
                <th scope="col" className="p-2">
                  {t('evaluation.desk.ranking.actions')}
                </th>
              </tr>
            </thead>
            <tbody>
              {desk.rows.map((r) => (
                <RankingRow
                  key={r.id}
                  row={r}
                  desk={desk}
                  me={me}
                  lastResult={resultFor(`row-${r.id}`)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function RankingRow({
  row,
  desk,
  me,
  lastResult,
}: {
  row: Row;
  desk: Desk;
  me: { id: string; role: string };
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t, locale } = useI18n();
  const open = desk.underEvaluation && (row.status === 'SUBMITTED' || row.status === 'SHORTLISTED');
  const myRecusal = row.assignments.some((a) => a.reviewerId === me.id && a.recused);
  return (
    <tr className="border-b border-stone-200 align-top" data-testid="ranking-row">
      <td className="p-2 font-semibold">{row.rank ?? '—'}</td>
      <td className="p-2">
        {pick(locale, row.team, row.teamEn)}
        <span className="block text-xs text-stone-500">{row.institution ?? ''}</span>
      </td>
      {row.averages.map((avg, i) => (
        <td key={i} className="p-2 text-right tabular-nums">
          {avg === null ? '—' : avg.toFixed(2)}
        </td>
      ))}
      <td className="p-2 text-right font-semibold tabular-nums" data-testid="weighted">
        {row.weighted === null ? '—' : row.weighted.toFixed(2)}
      </td>
      <td className="p-2">
        {t('evaluation.desk.ranking.reviewersValue', { count: row.reviewers })}
        {row.recused ? t('evaluation.desk.ranking.recusedValue', { count: row.recused }) : ''}
      </td>
      <td className="p-2">{tKey(t, `evaluation.appStatus.${row.status}`)}</td>
      <td className="p-2">
        {row.pendingAwardId ? (
          <span className="text-xs text-amber-900">{t('evaluation.desk.ranking.proposed')}</span>
        ) : open ? (
          <Form method="post" className="flex flex-wrap gap-1">
            <input type="hidden" name="applicationId" value={row.id} />
            {row.status === 'SUBMITTED' ? (
              <button type="submit" name="intent" value="shortlist" className={smallButton}>
                {t('evaluation.desk.ranking.shortlist')}
              </button>
            ) : null}
            {myRecusal ? null : (
              <button type="submit" name="intent" value="propose" className={smallButton}>
                {t('evaluation.desk.ranking.propose')}
              </button>
            )}
            <button type="submit" name="intent" value="decline" className={smallButton}>
              {t('evaluation.desk.ranking.decline')}
            </button>
          </Form>
        ) : null}
        <ErrorList errors={errorsOf(lastResult)} />
      </td>
    </tr>
  );
}

function Awards({
  desk,
  me,
  resultFor,
}: {
  desk: Desk;
  me: { id: string; role: string };
  resultFor: ResultFor;
}) {
  const { t } = useI18n();
  const c = desk.challenge;
  const approved = desk.awards.filter((a) => a.status === 'APPROVED');
  const admin = me.role === 'ADMIN';
  return (
    <Card title={t('evaluation.desk.awards.title')}>
      <p className="text-sm text-stone-600">
        {t('evaluation.desk.awards.approvedOf', {
          count: desk.approvedCount,
          slots: c.awardSlots,
        })}
      </p>
      {desk.awards.length === 0 ? (
        <p className="text-stone-600">{t('evaluation.desk.awards.empty')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-sm">
            <thead>
              <tr className="border-b border-stone-300 text-left">
                <th scope="col" className="p-2">
                  {t('evaluation.desk.awards.team')}
                </th>
                <th scope="col" className="p-2">
                  {t('evaluation.desk.awards.status')}
                </th>
                <th scope="col" className="p-2">
                  {t('evaluation.desk.awards.slot')}
                </th>
                <th scope="col" className="p-2">
                  {t('evaluation.desk.awards.proposedBy')}
                </th>
                <th scope="col" className="p-2">
                  {t('evaluation.desk.awards.decidedBy')}
                </th>
                <th scope="col" className="p-2">
                  {t('evaluation.desk.awards.reason')}
                </th>
                {c.parallel ? (
                  <th scope="col" className="p-2">
                    {t('evaluation.desk.awards.stageGate')}
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {desk.awards.map((a) => (
                <tr key={a.id} className="border-b border-stone-200">
                  <td className="p-2">{a.team}</td>
                  <td className="p-2">{tKey(t, `evaluation.awardStatus.${a.status}`)}</td>
                  <td className="p-2">
                    {a.slotNo ? t('evaluation.desk.awards.slotValue', { n: a.slotNo }) : '—'}
                  </td>
                  <td className="p-2">
                    {a.proposedBy} · <DateText value={a.proposedAt} />
                  </td>
                  <td className="p-2">
                    {a.decidedBy ? (
                      <>
                        {a.decidedBy} · <DateText value={a.decidedAt} />
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="p-2">{a.reason ?? ''}</td>
                  {c.parallel ? (
                    <td className="p-2">
                      {a.stageGateOutcome
                        ? tKey(t, `evaluation.stageGate.outcome.${a.stageGateOutcome}`)
                        : '—'}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {c.parallel && approved.length > 0 ? (
        <section className="space-y-3 border-t border-stone-200 pt-4">
          <h3 className="font-semibold">{t('evaluation.stageGate.title')}</h3>
          {c.stageGateDue ? (
            <>
              <p className="text-sm text-stone-600">
                {t('evaluation.stageGate.lead', {
                  date: c.stageGateDate ? shanghaiDateString(new Date(c.stageGateDate)) : '',
                })}
              </p>
              {admin
                ? approved
                    .filter((a) => !a.stageGateOutcome)
                    .map((a) => (
                      <StageGateForm key={a.id} award={a} lastResult={resultFor(`gate-${a.id}`)} />
                    ))
                : null}
            </>
          ) : (
            <p className="text-sm text-stone-600">
              {t('evaluation.stageGate.notDue', {
                date: c.stageGateDate ? shanghaiDateString(new Date(c.stageGateDate)) : '—',
              })}
            </p>
          )}
        </section>
      ) : null}

      {desk.underEvaluation ? (
        <Form method="post" className="space-y-2 border-t border-stone-200 pt-4">
          <ErrorList errors={errorsOf(resultFor('close'))} />
          {admin && c.parallel && desk.approvedCount > 0 ? (
            <div className="space-y-1">
              <p className="text-sm text-stone-600">{t('evaluation.desk.awards.finalizeLead')}</p>
              <button type="submit" name="intent" value="finalize" className={smallButton}>
                {t('evaluation.desk.awards.finalize')}
              </button>
            </div>
          ) : null}
          {desk.approvedCount === 0 ? (
            <div className="space-y-1">
              <p className="text-sm text-stone-600">{t('evaluation.desk.awards.unawardLead')}</p>
              <button type="submit" name="intent" value="unaward" className={smallButton}>
                {t('evaluation.desk.awards.unaward')}
              </button>
            </div>
          ) : null}
        </Form>
      ) : null}
    </Card>
  );
}

function CloseEarly({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useI18n();
  const [form, fields] = useForm({
    id: CLOSE_EARLY_INTENT,
    lastResult,
    constraint: getZodConstraint(closeEarlySchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: closeEarlySchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  });
  return (
    <Card title={t('evaluation.desk.closeEarly.title')}>
      <Form method="post" {...getFormProps(form)} className="max-w-2xl space-y-3">
        <input type="hidden" name="intent" value={CLOSE_EARLY_INTENT} />
        <p className="text-sm text-stone-600">{t('evaluation.desk.closeEarly.lead')}</p>
        <FormError id={form.errorId} errors={form.errors} />
        <TextareaField
          meta={fields.reason}
          label={t('evaluation.desk.closeEarly.reason')}
          rows={3}
        />
        <p className="text-xs text-stone-600">
          {t('evaluation.desk.closeEarly.reasonHint', { max: CLOSE_REASON_MAX_LENGTH })}
        </p>
        <Submit>{t('evaluation.desk.closeEarly.submit')}</Submit>
      </Form>
    </Card>
  );
}

function StageGateForm({
  award,
  lastResult,
}: {
  award: Desk['awards'][number];
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useForm({
    id: `gate-${award.id}`,
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: challengeDeskSchema }),
    shouldValidate: 'onSubmit',
  });
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      className="space-y-2 rounded border border-stone-200 p-3"
      data-testid="stage-gate"
    >
      <input type="hidden" name="intent" value="stageGate" />
      <input type="hidden" name="awardId" value={award.id} />
      <p className="font-medium">{award.team}</p>
      <FormError id={form.errorId} errors={form.errors} />
      <fieldset>
        <legend className="text-sm font-medium">{t('evaluation.stageGate.outcomeLabel')}</legend>
        <div className="flex gap-4">
          {(['CONTINUE', 'STOP'] as const).map((o) => (
            <label key={o} className="flex items-center gap-1 text-sm">
              <input type="radio" name={fields.outcome.name} value={o} />
              {t(`evaluation.stageGate.outcome.${o}`)}
            </label>
          ))}
        </div>
        <ErrorList id={fields.outcome.errorId} errors={fields.outcome.errors} />
      </fieldset>
      <TextareaField meta={fields.comment} label={t('evaluation.stageGate.comment')} rows={2} />
      <Submit>{t('evaluation.stageGate.submit')}</Submit>
    </Form>
  );
}

function Assign({
  desk,
  lastResult,
}: {
  desk: Desk;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t, locale } = useI18n();
  const [form, fields] = useForm({
    id: 'assign',
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: challengeDeskSchema }),
    shouldValidate: 'onSubmit',
  });
  return (
    <Card title={t('evaluation.desk.assign.title')}>
      {desk.underEvaluation ? (
        <Form method="post" {...getFormProps(form)} className="space-y-3">
          <p className="text-sm text-stone-600">{t('evaluation.desk.assign.lead')}</p>
          <FormError id={form.errorId} errors={form.errors} />
          <fieldset className="space-y-1">
            <legend className="sr-only">{t('evaluation.desk.assign.reviewer')}</legend>
            {desk.staff.map((u) => (
              <label key={u.id} className="flex flex-wrap items-center gap-2 text-sm">
                <input type="checkbox" name={fields.reviewerIds.name} value={u.id} />
                <span>
                  {u.name}
                  {u.me ? ` ${t('evaluation.desk.assign.me')}` : ''}
                </span>
                <span className="text-stone-500">
                  {t('evaluation.desk.assign.affiliation')}：
                  {u.affiliation ?? t('evaluation.desk.assign.none')}
                </span>
                {u.conflicts ? (
                  <span
                    className="rounded bg-red-100 px-1.5 text-xs text-red-900"
                    data-testid="conflict-flag"
                  >
                    {t('evaluation.desk.assign.conflicts', { count: u.conflicts })}
                  </span>
                ) : null}
              </label>
            ))}
            <ErrorList id={fields.reviewerIds.errorId} errors={fields.reviewerIds.errors} />
          </fieldset>
          <button
            type="submit"
            name="intent"
            value="assign"
            className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-600"
          >
            {t('evaluation.desk.assign.submit')}
          </button>
        </Form>
      ) : null}
      <h3 className="font-semibold">{t('evaluation.desk.assign.matrix')}</h3>
      {desk.rows.every((r) => r.assignments.length === 0) ? (
        <p className="text-sm text-stone-600">{t('evaluation.desk.assign.noAssignments')}</p>
      ) : (
        <ul className="space-y-2 text-sm">
          {desk.rows.map((r) => (
            <li key={r.id}>
              <span className="font-medium">{pick(locale, r.team, r.teamEn)}</span>
              <ul className="ml-4 list-disc">
                {r.assignments.map((a) => (
                  <li key={a.id} data-testid="assignment">
                    {a.reviewer}：
                    {a.recused ? (
                      <span className="text-red-800">
                        {t('evaluation.desk.assign.recused')} —{' '}
                        <RecuseReason value={a.recuseReason} />
                      </span>
                    ) : a.submitted ? (
                      t('evaluation.desk.assign.scored')
                    ) : (
                      t('evaluation.desk.assign.waiting')
                    )}
                    {!a.started && !a.recused && desk.underEvaluation ? (
                      <Form method="post" className="ml-2 inline">
                        <input type="hidden" name="assignmentId" value={a.id} />
                        <button
                          type="submit"
                          name="intent"
                          value="unassign"
                          className={smallButton}
                        >
                          {t('evaluation.desk.assign.remove')}
                        </button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function Criteria({
  desk,
  editable,
  lastResult,
}: {
  desk: Desk;
  editable: boolean;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t, locale } = useI18n();
  const [form, fields] = useForm({
    id: 'criteria',
    lastResult,
    defaultValue: {
      criteria: desk.criteria.map((c) => ({
        name: c.name,
        nameEn: c.nameEn ?? '',
        weight: String(c.weight),
      })),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: challengeDeskSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  const rows = fields.criteria.getFieldList();
  const sum = rows.reduce((s, r) => s + (Number(r.getFieldset().weight.value) || 0), 0);
  return (
    <Card title={t('evaluation.desk.criteria.title')}>
      <p className="text-sm text-stone-600">{t('evaluation.desk.criteria.lead')}</p>
      {desk.criteriaAreDefault ? (
        <p className="text-sm text-stone-600">{t('evaluation.desk.criteria.defaultNote')}</p>
      ) : null}
      {desk.criteriaLocked ? (
        <p className="text-sm text-stone-600">{t('evaluation.desk.criteria.lockedNote')}</p>
      ) : null}
      {editable ? (
        <Form method="post" {...getFormProps(form)} className="space-y-3">
          <FormError id={form.errorId} errors={form.errors} />
          {rows.map((row, i) => {
            const f = row.getFieldset();
            return (
              <fieldset key={row.key} className="grid gap-2 sm:grid-cols-[2fr_2fr_1fr_auto]">
                <legend className="sr-only">
                  {t('evaluation.desk.criteria.rowLabel', { n: i + 1 })}
                </legend>
                <Field meta={f.name} label={`${t('evaluation.desk.criteria.name')} ${i + 1}`} />
                <Field meta={f.nameEn} label={t('evaluation.desk.criteria.nameEn')} />
                <Field
                  meta={f.weight}
                  type="number"
                  label={`${t('evaluation.desk.criteria.weight')} ${i + 1}`}
                />
                {rows.length > 1 ? (
                  <button
                    {...form.remove.getButtonProps({ name: fields.criteria.name, index: i })}
                    className="mt-7 text-sm text-red-700 underline"
                  >
                    {t('evaluation.desk.criteria.remove')}
                  </button>
                ) : null}
              </fieldset>
            );
          })}
          <ErrorList id={fields.criteria.errorId} errors={fields.criteria.errors} />
          <p className="text-sm text-stone-600" aria-live="polite">
            {t('evaluation.desk.criteria.sum', { sum })}
          </p>
          <div className="flex flex-wrap gap-3">
            {rows.length < MAX_CRITERIA ? (
              <button
                {...form.insert.getButtonProps({
                  name: fields.criteria.name,
                  defaultValue: { name: '', nameEn: '', weight: '' },
                })}
                className="text-sm underline"
              >
                {t('evaluation.desk.criteria.add')}
              </button>
            ) : null}
          </div>
          <div className="flex flex-wrap gap-3">
            <button
              type="submit"
              name="intent"
              value="criteria"
              className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-600"
            >
              {t('evaluation.desk.criteria.save')}
            </button>
            <button
              type="submit"
              name="intent"
              value="defaults"
              formNoValidate
              className="rounded border border-stone-300 bg-white px-4 py-2"
            >
              {t('evaluation.desk.criteria.reset')}
            </button>
          </div>
        </Form>
      ) : (
        <div className="overflow-x-auto">
          <table className="text-sm">
            <tbody>
              {desk.criteria.map((c) => (
                <tr key={c.key}>
                  <td className="py-1 pr-6">{pick(locale, c.name, c.nameEn)}</td>
                  <td className="py-1 text-right tabular-nums">{c.weight}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function Slots({
  desk,
  editable,
  lastResult,
}: {
  desk: Desk;
  editable: boolean;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const c = desk.challenge;
  const [form, fields] = useForm({
    id: 'slots',
    lastResult,
    defaultValue: {
      awardSlots: String(c.awardSlots),
      stageGateDate: c.stageGateDate ? shanghaiDateString(new Date(c.stageGateDate)) : '',
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: challengeDeskSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  return (
    <Card title={t('evaluation.desk.slots.title')}>
      <p className="text-sm text-stone-600">{t('evaluation.desk.slots.lead')}</p>
      {desk.slotsLocked ? (
        <p className="text-sm text-stone-600">{t('evaluation.desk.slots.lockedNote')}</p>
      ) : null}
      {editable ? (
        <Form method="post" {...getFormProps(form)} className="max-w-md space-y-3">
          <input type="hidden" name="intent" value="slots" />
          <FormError id={form.errorId} errors={form.errors} />
          <Field
            meta={fields.awardSlots}
            type="number"
            label={t('evaluation.desk.slots.awardSlots')}
          />
          <Field
            meta={fields.stageGateDate}
            type="date"
            label={t('evaluation.desk.slots.stageGateDate')}
          />
          <Submit>{t('evaluation.desk.slots.save')}</Submit>
        </Form>
      ) : null}
    </Card>
  );
}
