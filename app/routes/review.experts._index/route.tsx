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
import { targeted, type FormResult, type Targeted } from '~/components/desk/results';
import { DoneNotice } from '~/components/done-notice';
import { DueDate } from '~/components/due-date';
import { Card, ErrorList, Field, FormError, SelectField, Submit } from '~/components/form';
import { pick } from '~/components/ui';
import { expertDeskSchema } from '~/forms/review-due';
import { tKey, useI18n, type I18n } from '~/i18n/i18n';
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

/**
 * A card of the selected expert (its texts under `reviewDue.experts.<card>`): a note when it has
 * no rows, else its form under a lead.
 */
function ExpertCard({
  card,
  empty,
  form,
  children,
}: {
  card: 'open' | 'assign';
  /** no rows: the note is shown instead of the form */
  empty: boolean;
  form: ComponentProps<typeof PostForm>['form'];
  children: ReactNode;
}) {
  const { t } = useI18n();
  const text = (key: string) => tKey(t, `reviewDue.experts.${card}.${key}`);
  return (
    <Card title={text('title')}>
      {empty ? (
        <p className="text-sm text-stone-600">{text('empty')}</p>
      ) : (
        <PostForm
          form={form}
          className="space-y-3"
          lead={<p className="text-sm text-stone-600">{text('lead')}</p>}
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
    <ExpertCard card="open" empty={expert.open.length === 0} form={form}>
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
        <SelectField
          meta={fields.toExpertId}
          label={t('reviewDue.experts.open.reassignTo')}
          options={others.map((e) => ({ value: e.id, label: e.name }))}
          empty={t('reviewDue.experts.open.pick')}
        />
        <Field meta={fields.dueDate} label={t('reviewDue.dueDate')} type="date" />
      </div>
      <div className="flex flex-wrap gap-3">
        <Submit intent="reassign">{t('reviewDue.experts.open.reassign')}</Submit>
        <Submit intent="redate" tone="secondary">
          {t('reviewDue.experts.open.redate')}
        </Submit>
      </div>
    </ExpertCard>
  );
}

function AssignMore({ desk, expert, lastResult }: ExpertFormProps) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [form, fields] = useExpertForm('assign', desk, lastResult);
  return (
    <ExpertCard card="assign" empty={expert.assignable.length === 0} form={form}>
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
      <Submit intent="assignMany">{t('reviewDue.experts.assign.submit')}</Submit>
    </ExpertCard>
  );
}
