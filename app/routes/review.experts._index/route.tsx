import type { ComponentProps, ReactNode } from 'react';
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { PostForm } from '~/components/conform';
import { DataTable, type Column } from '~/components/data-table';
import { useDeskForm } from '~/components/desk/form';
import { DeskHeading } from '~/components/desk/heading';
import { IntentButton } from '~/components/desk/intent';
import { targeted, type FormResult, type Targeted } from '~/components/desk/results';
import { DoneNotice } from '~/components/done-notice';
import { DueDate } from '~/components/due-date';
import { Card, ErrorList, Field, FormError } from '~/components/form';
import { pick } from '~/components/ui';
import { expertDeskSchema } from '~/forms/review-due';
import { useI18n, type I18n } from '~/i18n/i18n';
import { actorOf, requestOrigin, requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { doneHere } from '~/lib/done';
import { parseFormData, readFormData, refusalErrors } from '~/lib/form.server';
import { pageMeta } from '~/lib/meta';
import { expertsDesk, runExpertsIntent } from './experts.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'reviewDue.experts.title');

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const selected = new URL(request.url).searchParams.get('expert');
  return expertsDesk(db, selected && selected.length <= 64 ? selected : null);
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireStaff(request);
  const submission = parseFormData(await readFormData(request), { schema: expertDeskSchema });
  // the assign form is one, the open reviews' form (move, new date) the other
  const target: string = submission.payload.intent === 'assignMany' ? 'assign' : 'open';
  if (submission.status !== 'success')
    return { target, result: submission.reply() } satisfies Targeted;
  const outcome = await runExpertsIntent(db, actorOf(user), submission.value, {
    origin: requestOrigin(request),
  });
  if (!outcome.ok)
    return { target, result: submission.reply(refusalErrors(outcome)) } satisfies Targeted;
  return redirect(doneHere('reviewExperts', request, outcome.done, outcome.values));
}

type Desk = ReturnType<typeof useLoaderData<typeof loader>>;
type Selected = NonNullable<Desk['selected']>;
/** What each of the selected expert's forms is given. */
type ExpertFormProps = { desk: Desk; expert: Selected; lastResult: FormResult };

const primaryButton = 'rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-600';
const secondaryButton =
  'rounded border border-stone-300 bg-white px-4 py-2 font-medium hover:bg-stone-100';

export default function ExpertsDesk() {
  const desk = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { key: visit } = useLocation();
  const { t } = useI18n();
  const { resultFor, stray } = targeted(actionData, desk.selected ? ['open', 'assign'] : []);
  return (
    <div key={visit} className="space-y-6">
      <DeskHeading title={t('reviewDue.experts.title')} lead={t('reviewDue.experts.lead')} />
      <DoneNotice page="reviewExperts" values={['applied', 'refused', 'conflicts']} />
      <FormError errors={stray} />
      <LoadTable desk={desk} />
      {desk.selected ? (
        <section className="space-y-4" aria-labelledby="selected-expert">
          <div className="flex flex-wrap items-baseline gap-3">
            <h3 id="selected-expert" className="text-lg font-semibold">
              {t('reviewDue.experts.selected', { name: desk.selected.name })}
            </h3>
            <Link to="/review/experts" className="text-sm">
              {t('reviewDue.experts.close')}
            </Link>
          </div>
          <OpenReviews desk={desk} expert={desk.selected} lastResult={resultFor('open')} />
          <AssignMore desk={desk} expert={desk.selected} lastResult={resultFor('assign')} />
        </section>
      ) : null}
    </div>
  );
}

function LoadTable({ desk }: { desk: Desk }) {
  const { t } = useI18n();
  return (
    <DataTable
      look="framed"
      rows={desk.experts}
      empty={t('reviewDue.experts.empty')}
      testId="expert-load"
      rowTestId="expert-row"
      columns={[
        {
          head: t('reviewDue.experts.expert'),
          cell: (e) => (
            <>
              {/* the name opens the expert's reviews and the bulk forms */}
              <Link
                to={`/review/experts?expert=${encodeURIComponent(e.id)}`}
                className="font-medium"
                aria-current={desk.selected?.id === e.id ? 'true' : undefined}
              >
                {e.name}
              </Link>
              {e.affiliation ? (
                <span className="block text-xs text-stone-600">{e.affiliation}</span>
              ) : null}
            </>
          ),
        },
        {
          head: t('reviewDue.experts.assigned'),
          align: 'right',
          testId: 'load-assigned',
          cell: (e) => e.assigned,
        },
        {
          head: t('reviewDue.experts.done'),
          align: 'right',
          testId: 'load-done',
          cell: (e) => e.done,
        },
        {
          head: t('reviewDue.experts.overdue'),
          align: 'right',
          testId: 'load-overdue',
          cell: (e) =>
            e.overdue > 0 ? <span className="font-semibold text-red-800">{e.overdue}</span> : 0,
        },
      ]}
    />
  );
}

/** A review row of either card: an application of a challenge, by a team. */
type ReviewRow = {
  id: string;
  code: string;
  title: string;
  titleEn: string | null;
  team: string;
  teamEn: string | null;
};

/**
 * The first columns of both cards' tables: the row's checkbox (labelled by what it picks, the
 * challenge and the team), and the challenge.
 */
function pickedChallengeColumns<R extends ReviewRow>(
  name: string,
  { t, locale }: I18n,
): Column<R>[] {
  return [
    {
      head: t('reviewDue.experts.choose'),
      hidden: true,
      cell: (r) => (
        <input
          type="checkbox"
          name={name}
          value={r.id}
          aria-label={`${r.code} ${pick(locale, r.team, r.teamEn)}`}
          className="h-5 w-5"
        />
      ),
    },
    {
      head: t('reviewDue.experts.challenge'),
      cell: (r) => (
        <>
          <span className="font-mono text-xs text-stone-500">{r.code}</span>{' '}
          {pick(locale, r.title, r.titleEn)}
        </>
      ),
    },
  ];
}

/** One of the selected expert's forms, its due date starting at the desk's default. */
function useExpertForm(id: 'open' | 'assign', desk: Desk, lastResult: FormResult) {
  return useDeskForm(expertDeskSchema, {
    id,
    lastResult,
    defaultValue: { dueDate: desk.defaultDueDate },
  });
}

/** A card of the selected expert: a note when it has no rows, else its form under a lead. */
function ExpertCard({
  title,
  empty,
  lead,
  form,
  children,
}: {
  title: string;
  /** the note shown instead of the form, or null when there are rows */
  empty: string | null;
  lead: string;
  form: ComponentProps<typeof PostForm>['form'];
  children: ReactNode;
}) {
  return (
    <Card title={title}>
      {empty !== null ? (
        <p className="text-sm text-stone-600">{empty}</p>
      ) : (
        <PostForm
          form={form}
          className="space-y-3"
          lead={<p className="text-sm text-stone-600">{lead}</p>}
        >
          {children}
        </PostForm>
      )}
    </Card>
  );
}

function OpenReviews({ desk, expert, lastResult }: ExpertFormProps) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [form, fields] = useExpertForm('open', desk, lastResult);
  const others = desk.experts.filter((e) => e.id !== expert.id);
  return (
    <ExpertCard
      title={t('reviewDue.experts.open.title')}
      empty={expert.open.length === 0 ? t('reviewDue.experts.open.empty') : null}
      lead={t('reviewDue.experts.open.lead')}
      form={form}
    >
      <DataTable
        look="shaded"
        rows={expert.open}
        rowTestId="open-review"
        columns={[
          ...pickedChallengeColumns(fields.assignmentIds.name, i18n),
          { head: t('reviewDue.experts.team'), cell: (r) => pick(locale, r.team, r.teamEn) },
          {
            head: t('reviewDue.due'),
            cell: (r) => <DueDate date={r.dueDate} overdue={r.overdue} />,
          },
        ]}
      />
      <ErrorList id={fields.assignmentIds.errorId} errors={fields.assignmentIds.errors} />
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor={fields.toExpertId.id} className="block text-sm font-medium">
            {t('reviewDue.experts.open.reassignTo')}
          </label>
          <select
            id={fields.toExpertId.id}
            name={fields.toExpertId.name}
            aria-describedby={fields.toExpertId.errors ? fields.toExpertId.errorId : undefined}
            className="mt-1 w-full rounded border border-stone-300 px-2 py-2"
            defaultValue=""
          >
            <option value="">{t('reviewDue.experts.open.pick')}</option>
            {others.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
          <ErrorList id={fields.toExpertId.errorId} errors={fields.toExpertId.errors} />
        </div>
        <Field meta={fields.dueDate} label={t('reviewDue.dueDate')} type="date" />
      </div>
      <div className="flex flex-wrap gap-3">
        <IntentButton intent="reassign" className={primaryButton}>
          {t('reviewDue.experts.open.reassign')}
        </IntentButton>
        <IntentButton intent="redate" className={secondaryButton}>
          {t('reviewDue.experts.open.redate')}
        </IntentButton>
      </div>
    </ExpertCard>
  );
}

function AssignMore({ desk, expert, lastResult }: ExpertFormProps) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [form, fields] = useExpertForm('assign', desk, lastResult);
  return (
    <ExpertCard
      title={t('reviewDue.experts.assign.title')}
      empty={expert.assignable.length === 0 ? t('reviewDue.experts.assign.empty') : null}
      lead={t('reviewDue.experts.assign.lead')}
      form={form}
    >
      <input type="hidden" name={fields.expertId.name} value={expert.id} />
      <DataTable
        look="shaded"
        rows={expert.assignable}
        rowTestId="assignable"
        columns={[
          ...pickedChallengeColumns(fields.applicationIds.name, i18n),
          {
            head: t('reviewDue.experts.team'),
            cell: (a) => (
              <>
                {pick(locale, a.team, a.teamEn)}
                {a.conflict ? (
                  <span
                    className="ml-2 rounded bg-red-100 px-1.5 text-xs text-red-900"
                    data-testid="conflict-flag"
                  >
                    {t('reviewDue.experts.assign.conflict')}
                  </span>
                ) : null}
              </>
            ),
          },
        ]}
      />
      <ErrorList id={fields.applicationIds.errorId} errors={fields.applicationIds.errors} />
      <Field meta={fields.dueDate} label={t('reviewDue.dueDate')} type="date" />
      <IntentButton intent="assignMany" className={primaryButton}>
        {t('reviewDue.experts.assign.submit')}
      </IntentButton>
    </ExpertCard>
  );
}
