import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useLocation,
  useSearchParams,
} from '@remix-run/react';
import {
  Card,
  ErrorList,
  Field,
  FormError,
  SelectField,
  Submit,
  TextareaField,
} from '~/components/form';
import { DateText, FieldName, pick } from '~/components/ui';
import { INDUSTRIES } from '~/domain/matching-event';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { eventPageSchema } from '~/forms/events';
import { tKey, useI18n } from '~/i18n/i18n';
import { notFound, requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { localeOf, pageMeta } from '~/lib/meta';
import {
  attachChallenge,
  CANDIDATE_LIMIT,
  candidateChallenges,
  deleteEvent,
  detachChallenge,
  getEventForStaff,
  recordMatch,
  removeMatch,
  searchTeams,
  updateEvent,
  type WriteResult,
} from '~/services/events/events.server';
import { parseFormData } from '~/lib/form.server';
import { DoneNotice } from '~/components/done-notice';
import { DONE_PARAM, doneHere, doneUrl, type DoneKey } from '~/lib/done';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? pageMeta(matches, pick(localeOf(matches), data.event.name, data.event.nameEn), true)
    : pageMeta(matches, 'eventsAdmin.title');

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const event = await getEventForStaff(db, params.slug ?? '');
  if (!event) throw notFound();
  const url = new URL(request.url);
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const allIndustries = url.searchParams.get('scope') === 'all';
  const tq = (url.searchParams.get('tq') ?? '').trim().slice(0, 100);
  const [candidates, teams] = await Promise.all([
    candidateChallenges(db, {
      eventId: event.id,
      industry: allIndustries ? null : event.industry,
      q,
    }),
    searchTeams(db, tq),
  ]);
  return {
    event,
    candidates,
    candidateLimit: CANDIDATE_LIMIT,
    teams,
    q,
    tq,
    allIndustries,
    today: shanghaiDateString(new Date()),
  };
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
  const event = await db.matchingEvent.findUnique({
    where: { slug: params.slug ?? '' },
    select: { id: true },
  });
  if (!event) throw notFound();
  const formData = await request.formData().catch(() => null);
  if (!formData) throw new Response('Bad Request', { status: 400 });
  const submission = parseFormData(formData, { schema: eventPageSchema });
  const target = targetOf(submission.payload);
  if (submission.status !== 'success') {
    return { target, result: submission.reply() };
  }
  const value = submission.value;
  const actor = auth.user.id;

  // a change done redirects back with its notice (app/lib/done.ts); a refusal stays on the form
  const answer = (
    outcome: WriteResult,
    done: DoneKey<'event'>,
    values: Record<string, string> = {},
  ): ActionResult => {
    if (!outcome.ok) {
      const formErrors = outcome.formError ? [outcome.formError] : undefined;
      return {
        target,
        result: submission.reply({ fieldErrors: outcome.fieldErrors, formErrors }),
      };
    }
    throw redirect(doneHere('event', request, done, values));
  };

  switch (value.intent) {
    case 'update': {
      const { intent: _intent, ...details } = value;
      const outcome = await updateEvent(db, actor, event.id, details);
      return answer(outcome, 'updated');
    }
    case 'attach': {
      const outcome = await attachChallenge(db, actor, event.id, {
        challengeId: value.challengeId || undefined,
        code: value.code || undefined,
      });
      return answer(outcome, 'attached', outcome.ok ? { code: outcome.code } : {});
    }
    case 'detach':
      return answer(await detachChallenge(db, actor, event.id, value.challengeId), 'detached');
    case 'match': {
      const { intent: _intent, ...input } = value;
      return answer(await recordMatch(db, actor, event.id, input), 'matchRecorded');
    }
    case 'unmatch':
      return answer(await removeMatch(db, actor, event.id, value.matchId), 'matchRemoved');
    case 'delete': {
      const outcome = await deleteEvent(db, actor, event.id);
      if (outcome.ok) throw redirect(doneUrl('eventList', '/review/events', 'deleted'));
      return answer(outcome, 'updated');
    }
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Result = SubmissionResult<string[]> | undefined;

const allErrors = (result: Result) =>
  result ? Object.values(result.error ?? {}).flatMap((e) => e ?? []) : [];

const smallButton =
  'rounded border border-stone-300 bg-white px-2 py-1 text-xs font-medium hover:bg-stone-100';
const inputClass = 'mt-1 rounded border border-stone-300 bg-white px-2 py-1';

export default function ReviewEvent() {
  const data = useLoaderData<typeof loader>();
  const { event: e } = data;
  // a new location (after a change) starts the forms afresh: sent values do not linger
  const { key: visit } = useLocation();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useI18n();

  const resultFor = (target: string) =>
    actionData?.target === target ? actionData.result : undefined;
  // errors of a form that is not on the page (an unknown intent, a row gone meanwhile)
  const shown = new Set([
    'update',
    'attach',
    'match',
    'delete',
    ...data.candidates.items.map((c) => `attach:${c.id}`),
    ...e.challenges.map((c) => `detach:${c.id}`),
    ...e.matches.map((m) => `unmatch:${m.id}`),
  ]);
  const stray = actionData && !shown.has(actionData.target) ? allErrors(actionData.result) : [];

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

type Section = { data: LoaderData; resultFor: (target: string) => Result };

/** Query parameters of the page's two GET searches, so that one keeps the other's. */
function KeepParams({ except }: { except: string[] }) {
  const [params] = useSearchParams();
  // a search is not a change: the last change's notice does not travel with it
  const kept = [...params.entries()].filter(
    ([k]) => !except.includes(k) && k !== DONE_PARAM && k !== 'code',
  );
  return (
    <>
      {kept.map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
    </>
  );
}

function AttachedChallenges({ data, resultFor }: Section) {
  const { t, locale } = useI18n();
  const { challenges } = data.event;
  return (
    <Card title={t('eventsAdmin.challenges.title')}>
      {challenges.length === 0 ? (
        <p className="text-stone-600">{t('eventsAdmin.challenges.empty')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="attached-challenges">
            <thead className="bg-stone-50 text-left">
              <tr>
                <th scope="col" className="p-2">
                  {t('eventsAdmin.challenges.code')}
                </th>
                <th scope="col" className="p-2">
                  {t('eventsAdmin.challenges.challenge')}
                </th>
                <th scope="col" className="p-2">
                  {t('eventsAdmin.challenges.field')}
                </th>
                <th scope="col" className="p-2 text-right">
                  {t('eventsAdmin.challenges.matches')}
                </th>
                <th scope="col" className="p-2">
                  <span className="sr-only">{t('eventsAdmin.challenges.detach')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {challenges.map((c) => (
                <tr key={c.id} className="border-t border-stone-200 align-top">
                  <td className="p-2 font-mono text-xs whitespace-nowrap">
                    <Link to={`/challenges/${c.code}`}>{c.code}</Link>
                  </td>
                  <td className="p-2">
                    {pick(locale, c.title, c.titleEn)}
                    <span className="block text-xs text-stone-500">
                      {pick(locale, c.enterprise.name, c.enterprise.nameEn)}
                    </span>
                  </td>
                  <td className="p-2">
                    <FieldName field={c.field} />
                  </td>
                  <td className="p-2 text-right">{c.matchCount}</td>
                  <td className="p-2">
                    <Form method="post">
                      <input type="hidden" name="intent" value="detach" />
                      <input type="hidden" name="challengeId" value={c.id} />
                      <button
                        type="submit"
                        className={smallButton}
                        aria-label={t('eventsAdmin.challenges.detachLabel', { code: c.code ?? '' })}
                      >
                        {t('eventsAdmin.challenges.detach')}
                      </button>
                      <ErrorList errors={allErrors(resultFor(`detach:${c.id}`))} />
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function AttachChallenges({ data, resultFor }: Section) {
  const { t, locale } = useI18n();
  const { candidates, candidateLimit, q, allIndustries, event } = data;
  const [form, fields] = useForm({
    id: 'attach-by-code',
    lastResult: resultFor('attach'),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: eventPageSchema }),
    shouldValidate: 'onSubmit',
  });
  return (
    <Card title={t('eventsAdmin.attach.title')}>
      <p className="text-sm text-stone-600">{t('eventsAdmin.attach.lead')}</p>
      <Form
        method="get"
        role="search"
        aria-label={t('eventsAdmin.attach.search')}
        className="flex flex-wrap items-end gap-3"
        preventScrollReset
      >
        <KeepParams except={['q', 'scope']} />
        <label className="flex flex-col text-sm">
          {t('eventsAdmin.attach.search')}
          <input
            type="search"
            name="q"
            defaultValue={q}
            placeholder={t('eventsAdmin.attach.searchPlaceholder')}
            maxLength={100}
            className={`${inputClass} w-72`}
          />
        </label>
        <label className="flex flex-col text-sm">
          {t('eventsAdmin.attach.scope')}
          <select name="scope" defaultValue={allIndustries ? 'all' : ''} className={inputClass}>
            <option value="">
              {t('eventsAdmin.attach.sameIndustry')} ({tKey(t, `fields.${event.industry}`)})
            </option>
            <option value="all">{t('eventsAdmin.attach.allIndustries')}</option>
          </select>
        </label>
        <button type="submit" className={smallButton}>
          {t('eventsAdmin.attach.searchSubmit')}
        </button>
      </Form>

      <p className="text-sm text-stone-600" aria-live="polite">
        {t('eventsAdmin.attach.count', { count: candidates.total })}
        {candidates.total > candidates.items.length
          ? ` ${t('eventsAdmin.attach.more', { limit: candidateLimit })}`
          : ''}
      </p>
      {candidates.items.length === 0 ? (
        <p className="text-stone-600">{t('eventsAdmin.attach.none')}</p>
      ) : (
        <ul className="divide-y divide-stone-200" data-testid="candidate-challenges">
          {candidates.items.map((c) => (
            <li key={c.id} className="flex flex-wrap items-start gap-3 py-2 text-sm">
              <span className="font-mono text-xs whitespace-nowrap">{c.code}</span>
              <span className="min-w-0 flex-1">
                {pick(locale, c.title, c.titleEn)}
                <span className="block text-xs text-stone-500">
                  <FieldName field={c.field} /> ·{' '}
                  {pick(locale, c.enterprise.name, c.enterprise.nameEn)}
                </span>
              </span>
              <Form method="post" preventScrollReset>
                <input type="hidden" name="intent" value="attach" />
                <input type="hidden" name="challengeId" value={c.id} />
                <button
                  type="submit"
                  className={smallButton}
                  aria-label={t('eventsAdmin.attach.addLabel', { code: c.code ?? '' })}
                >
                  {t('eventsAdmin.attach.add')}
                </button>
                <ErrorList errors={allErrors(resultFor(`attach:${c.id}`))} />
              </Form>
            </li>
          ))}
        </ul>
      )}

      <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="intent" value="attach" />
        <div className="w-72">
          <Field
            meta={fields.code}
            label={t('eventsAdmin.attach.code')}
            hint={t('eventsAdmin.attach.codeHint')}
            autoComplete="off"
          />
        </div>
        <Submit>{t('eventsAdmin.attach.submit')}</Submit>
        <div className="w-full">
          <FormError id={form.errorId} errors={form.errors} />
        </div>
      </Form>
    </Card>
  );
}

function Matches({ data, resultFor }: Section) {
  const { t, locale } = useI18n();
  const { matches } = data.event;
  return (
    <Card title={t('eventsAdmin.matches.title')}>
      {matches.length === 0 ? (
        <p className="text-stone-600">{t('eventsAdmin.matches.empty')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="event-matches">
            <thead className="bg-stone-50 text-left">
              <tr>
                <th scope="col" className="p-2">
                  {t('eventsAdmin.matches.team')}
                </th>
                <th scope="col" className="p-2">
                  {t('eventsAdmin.matches.institution')}
                </th>
                <th scope="col" className="p-2">
                  {t('eventsAdmin.matches.challenge')}
                </th>
                <th scope="col" className="p-2">
                  {t('eventsAdmin.matches.date')}
                </th>
                <th scope="col" className="p-2">
                  {t('eventsAdmin.matches.note')}
                </th>
                <th scope="col" className="p-2">
                  <span className="sr-only">{t('eventsAdmin.matches.remove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {matches.map((m) => {
                const team = pick(locale, m.team.name, m.team.nameEn);
                return (
                  <tr key={m.id} className="border-t border-stone-200 align-top">
                    <td className="p-2">{team}</td>
                    <td className="p-2">
                      {pick(locale, m.team.institution ?? '', m.team.institutionEn)}
                    </td>
                    <td className="p-2 font-mono text-xs whitespace-nowrap">{m.challenge.code}</td>
                    <td className="p-2 whitespace-nowrap">
                      <DateText value={m.matchedAt} />
                    </td>
                    <td className="p-2 text-stone-700">{m.note}</td>
                    <td className="p-2">
                      <Form method="post" preventScrollReset>
                        <input type="hidden" name="intent" value="unmatch" />
                        <input type="hidden" name="matchId" value={m.id} />
                        <button
                          type="submit"
                          className={smallButton}
                          aria-label={t('eventsAdmin.matches.removeLabel', {
                            team,
                            code: m.challenge.code ?? '',
                          })}
                        >
                          {t('eventsAdmin.matches.remove')}
                        </button>
                        <ErrorList errors={allErrors(resultFor(`unmatch:${m.id}`))} />
                      </Form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function RecordMatch({ data, lastResult }: { data: LoaderData; lastResult: Result }) {
  const { t, locale } = useI18n();
  const { event: e, teams, tq } = data;
  const [form, fields] = useForm({
    id: 'record-match',
    lastResult,
    defaultValue: { matchedAt: e.day <= data.today ? e.day : data.today },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: eventPageSchema }),
    shouldValidate: 'onSubmit',
  });
  const teamField = fields.teamId;
  return (
    <Card title={t('eventsAdmin.match.title')}>
      <p className="text-sm text-stone-600">{t('eventsAdmin.match.lead')}</p>
      {e.challenges.length === 0 ? (
        <p className="text-stone-600">{t('eventsAdmin.match.needChallenge')}</p>
      ) : (
        <>
          <Form
            method="get"
            role="search"
            aria-label={t('eventsAdmin.match.teamSearch')}
            className="flex flex-wrap items-end gap-3"
            preventScrollReset
          >
            <KeepParams except={['tq']} />
            <label className="flex flex-col text-sm">
              {t('eventsAdmin.match.teamSearch')}
              <input
                type="search"
                name="tq"
                defaultValue={tq}
                placeholder={t('eventsAdmin.match.teamSearchPlaceholder')}
                maxLength={100}
                className={`${inputClass} w-72`}
              />
            </label>
            <button type="submit" className={smallButton}>
              {t('eventsAdmin.match.teamSearchSubmit')}
            </button>
          </Form>

          <Form method="post" {...getFormProps(form)} className="max-w-2xl space-y-4">
            <input type="hidden" name="intent" value="match" />
            <FormError id={form.errorId} errors={form.errors} />
            <SelectField
              meta={fields.challengeId}
              label={t('eventsAdmin.match.challenge')}
              options={e.challenges.map((c) => ({
                value: c.id,
                label: `${c.code} ${pick(locale, c.title, c.titleEn)}`,
              }))}
            />
            <fieldset
              aria-invalid={teamField.errors ? true : undefined}
              aria-describedby={teamField.errors ? teamField.errorId : undefined}
            >
              <legend className="block text-sm font-medium">{t('eventsAdmin.match.team')}</legend>
              {!tq ? (
                <p className="mt-1 text-sm text-stone-600">{t('eventsAdmin.match.searchFirst')}</p>
              ) : teams.length === 0 ? (
                <p className="mt-1 text-sm text-stone-600">
                  {t('eventsAdmin.match.noTeams', { q: tq })}
                </p>
              ) : (
                <ul className="mt-1 space-y-1" data-testid="team-results">
                  {teams.map((team) => (
                    <li key={team.id}>
                      <label className="flex items-baseline gap-2 text-sm">
                        <input
                          type="radio"
                          name={teamField.name}
                          value={team.id}
                          defaultChecked={teams.length === 1}
                        />
                        <span>
                          {pick(locale, team.name, team.nameEn)}
                          <span className="text-stone-500">
                            {' '}
                            · {pick(locale, team.institution ?? '', team.institutionEn)}
                            {team.matchCount
                              ? ` · ${t('eventsAdmin.match.matchedBefore', { count: team.matchCount })}`
                              : ''}
                          </span>
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              )}
              <ErrorList id={teamField.errorId} errors={teamField.errors} />
            </fieldset>
            <Field meta={fields.matchedAt} label={t('eventsAdmin.match.date')} type="date" />
            <TextareaField meta={fields.note} label={t('eventsAdmin.match.note')} rows={2} />
            <Submit>{t('eventsAdmin.match.submit')}</Submit>
          </Form>
        </>
      )}
    </Card>
  );
}

function EditDetails({ data, lastResult }: { data: LoaderData; lastResult: Result }) {
  const { t } = useI18n();
  const { event: e } = data;
  const [form, fields] = useForm({
    id: 'edit-event',
    lastResult,
    defaultValue: {
      name: e.name,
      nameEn: e.nameEn ?? '',
      industry: e.industry,
      date: e.day,
      place: e.place,
      description: e.description,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: eventPageSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  return (
    <Card title={t('eventsAdmin.edit.title')}>
      <Form method="post" {...getFormProps(form)} className="max-w-2xl space-y-4">
        <input type="hidden" name="intent" value="update" />
        <FormError id={form.errorId} errors={form.errors} />
        <Field meta={fields.name} label={t('eventsAdmin.fields.name')} autoComplete="off" />
        <Field meta={fields.nameEn} label={t('eventsAdmin.fields.nameEn')} autoComplete="off" />
        <SelectField
          meta={fields.industry}
          label={t('eventsAdmin.fields.industry')}
          options={INDUSTRIES.map((f) => ({ value: f, label: tKey(t, `fields.${f}`) }))}
        />
        <Field
          meta={fields.date}
          label={t('eventsAdmin.fields.date')}
          type="date"
          hint={t('eventsAdmin.fields.dateHint')}
        />
        <Field meta={fields.place} label={t('eventsAdmin.fields.place')} autoComplete="off" />
        <TextareaField meta={fields.description} label={t('eventsAdmin.fields.description')} />
        <Submit>{t('eventsAdmin.edit.submit')}</Submit>
      </Form>
    </Card>
  );
}

function DeleteEvent({ data, lastResult }: { data: LoaderData; lastResult: Result }) {
  const { t } = useI18n();
  const [form, fields] = useForm({
    id: 'delete-event',
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: eventPageSchema }),
    shouldValidate: 'onSubmit',
  });
  return (
    <Card title={t('eventsAdmin.remove.title')}>
      {data.event.matches.length > 0 ? (
        <p className="text-sm text-stone-600">{t('eventsAdmin.remove.blocked')}</p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="space-y-3">
          <p className="text-sm text-stone-600">{t('eventsAdmin.remove.lead')}</p>
          <input type="hidden" name="intent" value="delete" />
          <FormError id={form.errorId} errors={form.errors} />
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name={fields.confirm.name}
              value="yes"
              aria-describedby={fields.confirm.errors ? fields.confirm.errorId : undefined}
            />
            {t('eventsAdmin.remove.confirm')}
          </label>
          <ErrorList id={fields.confirm.errorId} errors={fields.confirm.errors} />
          <button
            type="submit"
            className="rounded border border-red-700 bg-white px-4 py-2 font-medium text-red-800 hover:bg-red-50"
          >
            {t('eventsAdmin.remove.submit')}
          </button>
        </Form>
      )}
    </Card>
  );
}
