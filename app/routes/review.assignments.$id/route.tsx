import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { PostForm } from '~/components/conform';
import { useDeskForm } from '~/components/desk/form';
import { AttachmentLinks } from '~/components/desk/attachments';
import { RecuseReason } from '~/components/evaluation';
import { Card, Field, Submit, TextareaField } from '~/components/form';
import { BackLink, DateText, Facts, pick, Wan } from '~/components/ui';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { assignmentSchema } from '~/forms/evaluation';
import { useI18n } from '~/i18n/i18n';
import { notFound, requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { declareConflict, submitScores } from '~/services/evaluation/scores.server';
import { formAction } from '~/lib/form.server';
import { DoneNotice } from '~/components/done-notice';
import { doneUrl } from '~/lib/done';
import { assignmentForReviewer, isOwnAssignment } from './assignment.server';

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, 'evaluation.assignments.title');

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request);
  const assignment = await assignmentForReviewer(db, user.id, params.id ?? '');
  if (!assignment) throw notFound();
  return { assignment };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireStaff(request);
  const id = params.id ?? '';
  // another reviewer's assignment does not exist for this one
  if (!(await isOwnAssignment(db, user.id, id))) throw notFound();
  return formAction(request, assignmentSchema, {
    run: (v) =>
      v.intent === 'score'
        ? submitScores(
            db,
            user.id,
            id,
            v.scores.map((s) => ({ key: s.key, score: Number(s.score), comment: s.comment })),
          )
        : declareConflict(db, user.id, id, v.reason),
    done: (_, v) =>
      redirect(
        doneUrl(
          'assignment',
          `/review/assignments/${id}`,
          v.intent === 'score' ? 'scored' : 'recused',
        ),
      ),
  });
}

export default function ReviewAssignment() {
  const { assignment: a } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const intent = lastResult?.initialValue?.intent;
  return (
    <div className="space-y-6">
      <BackLink to="/review/assignments">{t('evaluation.assignment.back')}</BackLink>
      <h2 className="text-2xl font-bold">
        {t('evaluation.assignment.heading', {
          team: pick(locale, a.application.team, a.application.teamEn),
        })}
      </h2>
      <DoneNotice page="assignment" />
      {a.recused ? (
        <p
          className="rounded border border-red-300 bg-red-50 p-3 text-red-900"
          data-testid="recused"
        >
          {t('evaluation.assignment.recusedNote')} <RecuseReason value={a.recuseReason} />
        </p>
      ) : !a.open ? (
        <p className="rounded border border-stone-300 bg-stone-50 p-3">
          {t('evaluation.assignment.closedNote')}
        </p>
      ) : null}

      <Card title={`${t('evaluation.assignment.challenge')} ${a.challenge.code}`}>
        <p className="font-medium">{pick(locale, a.challenge.title, a.challenge.titleEn)}</p>
        <h3 className="font-semibold">{t('evaluation.assignment.targets')}</h3>
        <ol className="list-decimal pl-6">
          {a.challenge.targets.map((target, i) => (
            <li key={i}>{target}</li>
          ))}
        </ol>
      </Card>

      <Card title={t('evaluation.assignment.application')}>
        <Facts
          rows={[
            [t('evaluation.assignment.institution'), a.application.institution ?? '—'],
            [t('evaluation.desk.facts.bounty'), <Wan fen={a.challenge.bountyFen} />],
            [
              t('evaluation.assignment.budget'),
              a.application.budgetFen === null ? '—' : <Wan fen={a.application.budgetFen} />,
            ],
            [
              t('evaluation.assignment.requested'),
              a.application.requestedFen === null ? '—' : <Wan fen={a.application.requestedFen} />,
            ],
            [t('evaluation.assignments.submitted'), <DateText value={a.application.submittedAt} />],
          ]}
        />
        <h3 className="font-semibold">{t('evaluation.assignment.approach')}</h3>
        <p className="whitespace-pre-line">{a.application.approach}</p>
        <h3 className="font-semibold">{t('evaluation.assignment.schedule')}</h3>
        <p className="whitespace-pre-line">{a.application.schedule}</p>
        {a.application.members.length ? (
          <>
            <h3 className="font-semibold">{t('evaluation.assignment.members')}</h3>
            <ul className="list-disc pl-6">
              {a.application.members.map((m, i) => (
                <li key={i}>
                  {m.name}
                  {m.title ? `（${m.title}）` : ''}
                  {m.role ? ` — ${m.role}` : ''}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <AttachmentLinks
          title={t('evaluation.assignment.attachments')}
          files={a.application.attachments}
        />
      </Card>

      <ScoreForm assignment={a} lastResult={intent === 'recuse' ? undefined : lastResult} />
      {a.canScore ? <RecuseForm lastResult={intent === 'recuse' ? lastResult : undefined} /> : null}
    </div>
  );
}

type Assignment = ReturnType<typeof useLoaderData<typeof loader>>['assignment'];
type LastResult = ReturnType<typeof useActionData<typeof action>>;

function ScoreForm({
  assignment: a,
  lastResult,
}: {
  assignment: Assignment;
  lastResult: LastResult;
}) {
  const { t, locale } = useI18n();
  const [form, fields] = useDeskForm(assignmentSchema, {
    id: 'scores',
    lastResult,
    defaultValue: {
      scores: a.criteria.map((c) => ({
        key: c.key,
        score: c.score === null ? '' : String(c.score),
        comment: c.comment,
      })),
    },
    live: true,
  });
  const rows = fields.scores.getFieldList();
  return (
    <Card title={t('evaluation.assignment.scoresTitle')}>
      {a.submittedAt ? (
        <p className="text-sm text-stone-600">
          {t('evaluation.assignment.submittedNote', {
            date: shanghaiDateString(new Date(a.submittedAt)),
          })}
        </p>
      ) : null}
      {a.canScore ? (
        <PostForm form={form} className="space-y-4">
          <input type="hidden" name="intent" value="score" />
          {rows.map((row, i) => {
            const c = a.criteria[i];
            if (!c) return null;
            const f = row.getFieldset();
            const name = pick(locale, c.name, c.nameEn);
            return (
              <fieldset key={row.key} className="space-y-2 rounded border border-stone-200 p-3">
                <input type="hidden" name={f.key.name} value={c.key} />
                <Field
                  meta={f.score}
                  type="number"
                  label={t('evaluation.assignment.scoreLabel', { name, weight: c.weight })}
                />
                <TextareaField
                  meta={f.comment}
                  rows={3}
                  label={t('evaluation.assignment.commentLabel', { name })}
                />
              </fieldset>
            );
          })}
          <Submit>
            {a.submittedAt
              ? t('evaluation.assignment.resubmit')
              : t('evaluation.assignment.submit')}
          </Submit>
        </PostForm>
      ) : (
        <div className="overflow-x-auto">
          <table className="text-sm">
            <tbody>
              {a.criteria.map((c) => (
                <tr key={c.key} className="align-top">
                  <td className="py-1 pr-4">{pick(locale, c.name, c.nameEn)}</td>
                  <td className="py-1 pr-4 tabular-nums">{c.score ?? '—'}</td>
                  <td className="py-1 text-stone-700">{c.comment}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function RecuseForm({ lastResult }: { lastResult: LastResult }) {
  const { t } = useI18n();
  const [form, fields] = useDeskForm(assignmentSchema, {
    id: 'recuse',
    lastResult,
  });
  return (
    <Card title={t('evaluation.assignment.recuseTitle')}>
      <p className="text-sm text-stone-600">{t('evaluation.assignment.recuseLead')}</p>
      <PostForm form={form} className="space-y-3">
        <input type="hidden" name="intent" value="recuse" />
        <TextareaField
          meta={fields.reason}
          rows={2}
          label={t('evaluation.assignment.recuseReason')}
        />
        <Submit tone="danger">{t('evaluation.assignment.recuseSubmit')}</Submit>
      </PostForm>
    </Card>
  );
}
