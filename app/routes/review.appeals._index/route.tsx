import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { Card, FormError, Notice, TextareaField } from '~/components/form';
import { DateText, pick } from '~/components/ui';
import { appealResolutionSchema } from '~/forms/evaluation';
import { tKey, useI18n } from '~/i18n/i18n';
import { actorOf, requestOrigin, requireAdmin } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { resolveAppeal } from '~/services/evaluation/appeals.server';
import { HeadRow } from '~/components/list-page';
import { parseFormData } from '~/lib/form.server';
import { appealsForAdmins } from './appeals.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'evaluation.appeals.title');

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return appealsForAdmins(db);
}

type ActionResult = { target: string; result: SubmissionResult<string[]>; done: boolean };

export async function action({ request }: ActionFunctionArgs): Promise<ActionResult> {
  const { user } = await requireAdmin(request);
  const formData = await request.formData().catch(() => null);
  if (!formData) throw new Response('Bad Request', { status: 400 });
  const submission = parseFormData(formData, { schema: appealResolutionSchema });
  const appealId = submission.payload.appealId;
  const target = typeof appealId === 'string' && appealId ? `appeal-${appealId}` : 'page';
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
  const { open, resolved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const shown = new Set(open.map((a) => `appeal-${a.id}`));
  const stray =
    actionData && !shown.has(actionData.target)
      ? Object.values(actionData.result.error ?? {}).flatMap((e) => e ?? [])
      : [];
  return (
    <div className="space-y-6">
      <div>
        <h2 className="text-lg font-semibold">{t('evaluation.appeals.title')}</h2>
        <p className="text-sm text-stone-600">{t('evaluation.appeals.lead')}</p>
      </div>
      {actionData?.done ? <Notice>{t('evaluation.appeals.done')}</Notice> : null}
      <FormError errors={stray} />
      <Card title={t('evaluation.appeals.open')}>
        {open.length === 0 ? (
          <p className="text-stone-600">{t('evaluation.appeals.empty')}</p>
        ) : (
          <ul className="space-y-4">
            {open.map((a) => (
              <OpenAppeal
                key={a.id}
                appeal={a}
                lastResult={actionData?.target === `appeal-${a.id}` ? actionData.result : undefined}
              />
            ))}
          </ul>
        )}
      </Card>
      {resolved.length ? (
        <Card title={t('evaluation.appeals.resolvedTitle')}>
          <div className="overflow-x-auto">
            <table className="w-full border-collapse text-sm">
              <HeadRow
                columns={[
                  t('evaluation.appeals.challenge'),
                  t('evaluation.appeals.team'),
                  t('evaluation.appeals.status'),
                  t('evaluation.appeals.resolution'),
                  t('evaluation.appeals.resolvedBy'),
                ]}
              />
              <tbody>
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
              </tbody>
            </table>
          </div>
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
  const [form, fields] = useForm({
    id: `appeal-${a.id}`,
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: appealResolutionSchema }),
    shouldValidate: 'onSubmit',
  });
  return (
    <li className="space-y-3 rounded border border-stone-200 p-4" data-testid="appeal">
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
      <Form method="post" {...getFormProps(form)} className="space-y-2">
        <input type="hidden" name="appealId" value={a.id} />
        <FormError id={form.errorId} errors={form.errors} />
        <TextareaField
          meta={fields.resolution}
          rows={3}
          label={t('evaluation.appeals.resolution')}
        />
        <div className="flex gap-3">
          <button
            type="submit"
            name="intent"
            value="uphold"
            className="rounded bg-brand-700 px-4 py-2 font-medium text-white"
          >
            {t('evaluation.appeals.uphold')}
          </button>
          <button
            type="submit"
            name="intent"
            value="dismiss"
            className="rounded border border-stone-400 bg-white px-4 py-2 font-medium"
          >
            {t('evaluation.appeals.dismiss')}
          </button>
        </div>
      </Form>
    </li>
  );
}
