import type { SubmissionResult } from '@conform-to/react';
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { DoneNotice } from '~/components/done-notice';
import { rowTarget, targeted } from '~/components/desk/results';
import { FormError } from '~/components/form';
import { DateText, Facts, pick, StatusBadge, Wan } from '~/components/ui';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { CLOSE_EARLY_INTENT, closeEarlySchema } from '~/forms/challenge-close';
import { challengeDeskSchema } from '~/forms/evaluation';
import { tKey, useI18n } from '~/i18n/i18n';
import { actorOf, notFound, requestOrigin, requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { doneUrl, type DoneKey } from '~/lib/done';
import { parseFormData, readFormData, refusalErrors, refusedReply } from '~/lib/form.server';
import { pageMeta } from '~/lib/meta';
import { closeApplicationsEarly, earlyClosure } from '~/services/needs/needs.server';
import { Assign } from './assign';
import { Awards } from './awards';
import { CloseEarly } from './close-early';
import { challengeDesk, deskChallenge, runDeskIntent } from './desk.server';
import { Ranking } from './ranking';
import { Criteria, Slots } from './setup';

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
      return rowTarget(payload, 'awardId', 'gate-');
    case 'shortlist':
    case 'decline':
    case 'propose':
      return rowTarget(payload, 'applicationId', 'row-');
    default:
      return 'page';
  }
}

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
  if (!outcome.ok) return refused(target, refusedReply(submission, outcome));
  return done(outcome.code, 'closedEarly', { code: outcome.code });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireStaff(request);
  const challenge = await deskChallenge(db, params.code ?? '');
  if (!challenge) throw notFound();
  const formData = await readFormData(request);
  if (formData.get('intent') === CLOSE_EARLY_INTENT) {
    return closeEarly(request, formData, user, challenge.id);
  }
  const submission = parseFormData(formData, { schema: challengeDeskSchema });
  const target = targetOf(submission.payload);
  if (submission.status !== 'success') return refused(target, submission.reply());
  const outcome = await runDeskIntent(db, actorOf(user), challenge.id, submission.value, {
    origin: requestOrigin(request),
  });
  if (!outcome.ok) return refused(target, submission.reply(refusalErrors(outcome)));
  return done(challenge.code ?? '', outcome.done, outcome.values);
}

export default function ChallengeDesk() {
  const { desk, closure, me } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // a new location (after a change) starts the forms afresh: sent values do not linger
  const { key: visit } = useLocation();
  const { t, locale } = useI18n();
  const c = desk.challenge;
  const { resultFor, stray } = targeted(actionData, [
    'criteria',
    'slots',
    'assign',
    'close',
    CLOSE_EARLY_INTENT,
    ...desk.rows.map((r) => `row-${r.id}`),
    ...desk.awards.map((a) => `gate-${a.id}`),
  ]);
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
