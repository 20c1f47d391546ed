import { type SubmissionResult } from '@conform-to/react';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useDeskForm } from '~/components/desk/form';
import { PostForm } from '~/components/conform';
import { DeskHeading } from '~/components/desk/heading';
import { ListCard, ListItem } from '~/components/desk/list-card';
import { rowTarget, targeted } from '~/components/desk/results';
import { DeskTable } from '~/components/desk/table';
import { Card, FormError, Notice, Submit, TextareaField } from '~/components/form';
import { DateText, pick } from '~/components/ui';
import { appealResolutionSchema } from '~/forms/evaluation';
import { tKey, useI18n } from '~/i18n/i18n';
import { actorOf, requestOrigin, requireAdmin, requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { resolveAppeal } from '~/services/evaluation/appeals.server';
import { parseForm } from '~/lib/form.server';
import { appealsDesk } from './appeals.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'evaluation.appeals.title');

// every staff member reads the re-evaluations; only admins see and resolve open appeals
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request);
  return appealsDesk(db, user.role);
}

type ActionResult = { target: string; result: SubmissionResult<string[]>; done: boolean };

export async function action({ request }: ActionFunctionArgs): Promise<ActionResult> {
  const { user } = await requireAdmin(request);
  const submission = await parseForm(request, { schema: appealResolutionSchema });
  const target = rowTarget(submission.payload, 'appealId', 'appeal-');
  if (submission.status !== 'success') return { target, result: submission.reply(), done: false };
  const v = submission.value;
  const result = await resolveAppeal(db, actorOf(user), v.appealId, v.intent, v.resolution, {
    origin: requestOrigin(request),
  });
  if (!result.ok)
    return {
      target,
      result: submission.reply({ formErrors: [result.key] }),
      done: false,
    };
  return { target: 'page', result: submission.reply({ resetForm: true }), done: true };
}

type Appeal = ReturnType<typeof useLoaderData<typeof loader>>['open'][number];

export default function Appeals() {
  const { canResolve, open, resolved, upheld } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const { resultFor, stray } = targeted(
    actionData,
    open.map((a) => `appeal-${a.id}`),
  );
  return (
    <div className="space-y-6">
      <DeskHeading
        title={t('evaluation.appeals.title')}
        lead={canResolve ? t('evaluation.appeals.lead') : t('appealRemedies.lead')}
      />
      {actionData?.done ? <Notice>{t('evaluation.appeals.done')}</Notice> : null}
      <FormError errors={stray} />
      {canResolve ? (
        <ListCard
          title={t('evaluation.appeals.open')}
          items={open}
          emptyText={t('evaluation.appeals.empty')}
        >
          {(a) => <OpenAppeal key={a.id} appeal={a} lastResult={resultFor(`appeal-${a.id}`)} />}
        </ListCard>
      ) : null}
      <Card title={t('appealRemedies.desk.upheld')}>
        {upheld.length ? (
          <DeskTable
            columns={[
              t('evaluation.appeals.challenge'),
              t('evaluation.appeals.team'),
              t('appealRemedies.state.stage'),
              t('appealRemedies.experts.title'),
              t('appealRemedies.desk.open'),
            ]}
          >
            {upheld.map((a) => (
              <tr key={a.id} className="border-b border-stone-200 align-top" data-testid="upheld">
                <td className="p-2 font-mono">{a.code}</td>
                <td className="p-2">{pick(locale, a.team, a.teamEn)}</td>
                <td className="p-2">{tKey(t, `appealRemedies.stage.${a.stage}`)}</td>
                <td className="p-2">
                  {t('appealRemedies.experts.progress', { done: a.done, pending: a.pending })}
                </td>
                <td className="p-2">
                  <Link to={`/review/appeals/${a.id}`}>{t('appealRemedies.desk.open')}</Link>
                </td>
              </tr>
            ))}
          </DeskTable>
        ) : (
          <p className="text-sm text-stone-600">{t('appealRemedies.desk.empty')}</p>
        )}
      </Card>
      {resolved.length ? (
        <Card title={t('evaluation.appeals.resolvedTitle')}>
          <DeskTable
            columns={(['challenge', 'team', 'status', 'resolution', 'resolvedBy'] as const).map(
              (k) => t(`evaluation.appeals.${k}`),
            )}
          >
            {resolved.map((a) => (
              <tr key={a.id} className="border-b border-stone-200 align-top">
                <td className="p-2 font-mono">{a.code}</td>
                <td className="p-2">{pick(locale, a.team, a.teamEn)}</td>
                <td className="p-2">{tKey(t, `evaluation.appealStatus.${a.status}`)}</td>
                <td className="p-2 whitespace-pre-line">{a.resolution}</td>
                <td className="p-2">
                  {a.resolvedBy} · <DateText value={a.resolvedAt} />
                </td>
              </tr>
            ))}
          </DeskTable>
        </Card>
      ) : null}
    </div>
  );
}

function OpenAppeal({
  appeal: a,
  lastResult,
}: {
  appeal: Appeal;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t, locale } = useI18n();
  const [form, fields] = useDeskForm(appealResolutionSchema, {
    id: `appeal-${a.id}`,
    lastResult,
  });
  return (
    <ListItem testId="appeal">
      <div className="flex flex-wrap items-baseline gap-x-4">
        <span className="font-mono">{a.code}</span>
        <span className="font-medium">{pick(locale, a.title, a.titleEn)}</span>
        <span>{pick(locale, a.team, a.teamEn)}</span>
      </div>
      <p className="text-sm text-stone-600">
        {t('evaluation.appeals.decided')} <DateText value={a.decidedAt} /> ·{' '}
        {t('evaluation.appeals.filed')} <DateText value={a.createdAt} /> ·{' '}
        <Link to={`/review/challenges/${a.code}`}>{t('evaluation.appeals.review')}</Link>
      </p>
      <div>
        <h3 className="text-sm font-semibold">{t('evaluation.appeals.reason')}</h3>
        <p className="whitespace-pre-line">{a.reason}</p>
      </div>
      <PostForm form={form} className="space-y-2">
        <input type="hidden" name="appealId" value={a.id} />
        <TextareaField
          meta={fields.resolution}
          rows={3}
          label={t('evaluation.appeals.resolution')}
        />
        <div className="flex gap-3">
          <Submit intent="uphold">{t('evaluation.appeals.uphold')}</Submit>
          <Submit intent="dismiss" tone="secondary">
            {t('evaluation.appeals.dismiss')}
          </Submit>
        </div>
      </PostForm>
    </ListItem>
  );
}
