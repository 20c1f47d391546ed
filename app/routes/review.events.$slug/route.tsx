import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import type { SubmissionResult } from '@conform-to/react';
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { DoneNotice } from '~/components/done-notice';
import { targeted } from '~/components/desk/results';
import { FormError } from '~/components/form';
import { DateText, FieldName, pick } from '~/components/ui';
import { eventPageSchema } from '~/forms/events';
import { useI18n } from '~/i18n/i18n';
import { notFound, requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { doneHere, doneUrl, type DoneKey } from '~/lib/done';
import { parseForm, refusalErrors } from '~/lib/form.server';
import { namedPageMeta } from '~/lib/meta';
import {
  attachChallenge,
  deleteEvent,
  detachChallenge,
  recordMatch,
  removeMatch,
  updateEvent,
} from '~/services/events/changes.server';
import { findEventId } from '~/services/events/events.server';
import { actorOf } from '~/services/kernel/actor';
import type { Result as WriteResult } from '~/services/kernel/refusal';
import { AttachChallenges, AttachedChallenges } from './challenges';
import { DeleteEvent, EditDetails } from './details';
import { Matches, RecordMatch } from './matches';
import { eventPage } from './view.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  namedPageMeta(matches, data && [data.event.name, data.event.nameEn], 'eventsAdmin.title');

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const page = await eventPage(db, params.slug ?? '', new URL(request.url));
  if (!page) throw notFound();
  return page;
}

type ActionResult = {
  /** The form the result belongs to: 'update', 'attach', 'attach:<id>', 'detach:<id>', 'match', 'unmatch:<id>', 'page'. */
  target: string;
  result: SubmissionResult<string[]>;
};

function targetOf(payload: Record<string, unknown>) {
  const id = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : '');
  switch (payload.intent) {
    case 'update':
    case 'match':
    case 'delete':
      return payload.intent;
    case 'attach':
      return id('challengeId') ? `attach:${id('challengeId')}` : 'attach';
    case 'detach':
      return `detach:${id('challengeId')}`;
    case 'unmatch':
      return `unmatch:${id('matchId')}`;
    default:
      return 'page';
  }
}

// Refusals are field or form errors beside the form that was sent (as in admin.users.tsx);
// only a body that is not a form at all is a 400.
export async function action({ request, params }: ActionFunctionArgs): Promise<ActionResult> {
  const auth = await requireStaff(request);
  const eventId = await findEventId(db, params.slug ?? '');
  if (!eventId) throw notFound();
  const submission = await parseForm(request, { schema: eventPageSchema });
  const target = targetOf(submission.payload);
  if (submission.status !== 'success') {
    return { target, result: submission.reply() };
  }
  const value = submission.value;
  const actor = actorOf(auth.user);

  // a change done redirects back with its notice (app/lib/done.ts); a refusal stays on the form
  const answer = (
    outcome: WriteResult,
    done: DoneKey<'event'>,
    values: Record<string, string> = {},
  ): ActionResult => {
    if (!outcome.ok) return { target, result: submission.reply(refusalErrors(outcome)) };
    throw redirect(doneHere('event', request, done, values));
  };

  switch (value.intent) {
    case 'update': {
      const { intent: _intent, ...details } = value;
      const outcome = await updateEvent(db, actor, eventId, details);
      return answer(outcome, 'updated');
    }
    case 'attach': {
      const outcome = await attachChallenge(db, actor, eventId, {
        challengeId: value.challengeId || undefined,
        code: value.code || undefined,
      });
      return answer(outcome, 'attached', outcome.ok ? { code: outcome.code } : {});
    }
    case 'detach':
      return answer(await detachChallenge(db, actor, eventId, value.challengeId), 'detached');
    case 'match': {
      const { intent: _intent, ...input } = value;
      return answer(await recordMatch(db, actor, eventId, input), 'matchRecorded');
    }
    case 'unmatch':
      return answer(await removeMatch(db, actor, eventId, value.matchId), 'matchRemoved');
    case 'delete': {
      const outcome = await deleteEvent(db, actor, eventId);
      if (outcome.ok) throw redirect(doneUrl('eventList', '/review/events', 'deleted'));
      return answer(outcome, 'updated');
    }
  }
}

export default function ReviewEvent() {
  const data = useLoaderData<typeof loader>();
  const { event: e } = data;
  // a new location (after a change) starts the forms afresh: sent values do not linger
  const { key: visit } = useLocation();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useI18n();

  const { resultFor, stray } = targeted(actionData, [
    'update',
    'attach',
    'match',
    'delete',
    ...data.candidates.items.map((c) => `attach:${c.id}`),
    ...e.challenges.map((c) => `detach:${c.id}`),
    ...e.matches.map((m) => `unmatch:${m.id}`),
  ]);

  return (
    <div key={visit} className="space-y-6">
      <div className="space-y-1">
        <Link to="/review/events" className="text-sm">
          ← {t('eventsAdmin.edit.back')}
        </Link>
        <h2 className="text-xl font-semibold">{pick(locale, e.name, e.nameEn)}</h2>
        <p className="flex flex-wrap gap-x-4 text-sm text-stone-600">
          <span>
            <FieldName field={e.industry} />
          </span>
          <DateText value={e.date} />
          <span>{e.place}</span>
          <span className="font-mono text-xs">
            {t('eventsAdmin.edit.address', { slug: e.slug })}
          </span>
          <Link to={`/events/${e.slug}`}>{t('eventsAdmin.edit.publicPage')}</Link>
        </p>
        <p className="text-sm text-stone-600">
          {t('eventsAdmin.edit.summary', {
            challenges: e.challenges.length,
            teams: e.teamCount,
            matches: e.matches.length,
          })}
        </p>
      </div>

      <DoneNotice page="event" values={['code']} />
      <FormError errors={stray} />

      <AttachedChallenges data={data} resultFor={resultFor} />
      <AttachChallenges data={data} resultFor={resultFor} />
      <RecordMatch data={data} lastResult={resultFor('match')} />
      <Matches data={data} resultFor={resultFor} />
      <EditDetails data={data} lastResult={resultFor('update')} />
      <DeleteEvent data={data} lastResult={resultFor('delete')} />
    </div>
  );
}
