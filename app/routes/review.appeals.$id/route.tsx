// The re-evaluation of one upheld appeal (docs/decisions/034-upheld-appeals.md): staff assign
// round-2 experts and propose a remedy once the new score earns a place; an admin who did not
// propose it approves or rejects.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { PostForm } from '~/components/conform';
import { useDeskForm } from '~/components/desk/form';
import { DeskHeading } from '~/components/desk/heading';
import { IntentButton } from '~/components/desk/intent';
import { targeted, type FormResult, type Targeted } from '~/components/desk/results';
import { DeskTable } from '~/components/desk/table';
import { Card, ErrorList, Field, FormError, Notice, TextareaField } from '~/components/form';
import { DateText, pick } from '~/components/ui';
import { appealRemedySchema } from '~/forms/appeal-remedies';
import { tKey, useI18n } from '~/i18n/i18n';
import { actorOf, requestOrigin, requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { parseFormData, readFormData, refusalErrors } from '~/lib/form.server';
import { pageMeta } from '~/lib/meta';
import { reevaluationDesk, runRemedyIntent } from './reevaluation.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'appealRemedies.title');

const notFound = () => new Response('Not Found', { status: 404 });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request);
  const desk = await reevaluationDesk(db, params.id ?? '', actorOf(user));
  if (!desk) throw notFound();
  return desk;
}

type ActionResult = Targeted & { done?: string };

export async function action({ request, params }: ActionFunctionArgs): Promise<ActionResult> {
  const { user } = await requireStaff(request);
  const appealId = params.id ?? '';
  const submission = parseFormData(await readFormData(request), { schema: appealRemedySchema });
  const intent = submission.payload.intent;
  const awardId = submission.payload.awardId;
  const target =
    intent === 'assign' || intent === 'propose'
      ? intent
      : typeof awardId === 'string' && awardId
        ? `remedy-${awardId}`
        : 'page';
  if (submission.status !== 'success') return { target, result: submission.reply() };
  const outcome = await runRemedyIntent(db, actorOf(user), appealId, submission.value, {
    origin: requestOrigin(request),
  });
  if (!outcome.ok) return { target, result: submission.reply(refusalErrors(outcome)) };
  // the form's own target, so that it is reset (a decided remedy's form is gone: no matter)
  return { target, result: submission.reply({ resetForm: true }), done: outcome.done };
}

type Desk = ReturnType<typeof useLoaderData<typeof loader>>;

const primaryButton = 'rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-600';
const secondaryButton =
  'rounded border border-stone-400 bg-white px-4 py-2 font-medium hover:bg-stone-100';

export default function Reevaluation() {
  const desk = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const { resultFor, stray } = targeted(actionData, [
    'assign',
    'propose',
    ...desk.remedies.map((r) => `remedy-${r.id}`),
  ]);
  return (
    <div className="space-y-6">
      <DeskHeading title={t('appealRemedies.title')} lead={t('appealRemedies.lead')}>
        <p className="text-sm">
          <span className="font-mono">{desk.challenge.code}</span>{' '}
          {pick(locale, desk.challenge.title, desk.challenge.titleEn)} ·{' '}
          {pick(locale, desk.application.team, desk.application.teamEn)}
        </p>
        <p className="text-sm">
          <Link to="/review/appeals">{t('appealRemedies.back')}</Link>
        </p>
      </DeskHeading>
      {actionData?.done ? (
        <Notice>{tKey(t, `appealRemedies.done.${actionData.done}`)}</Notice>
      ) : null}
      <FormError errors={stray} />
      <Card title={t('appealRemedies.state.title')}>
        <p data-testid="reevaluation-stage" className="font-medium">
          {t('appealRemedies.state.stageIs', {
            stage: tKey(t, `appealRemedies.stage.${desk.appeal.stage}`),
          })}
        </p>
        <p className="text-sm text-stone-600">
          {t('appealRemedies.state.reopened')} <DateText value={desk.appeal.reopenedAt} />
        </p>
        <div>
          <h3 className="text-sm font-semibold">{t('appealRemedies.state.reason')}</h3>
          <p className="whitespace-pre-line">{desk.appeal.reason}</p>
        </div>
      </Card>
      <Experts desk={desk} lastResult={resultFor('assign')} />
      <Places desk={desk} />
      <Remedies desk={desk} resultFor={resultFor} />
    </div>
  );
}

function Experts({ desk, lastResult }: { desk: Desk; lastResult: FormResult }) {
  const { t } = useI18n();
  const [form, fields] = useDeskForm(appealRemedySchema, {
    id: 'assign',
    lastResult,
    defaultValue: { dueDate: desk.defaultDueDate },
  });
  return (
    <Card title={t('appealRemedies.experts.title')}>
      <p className="text-sm" data-testid="reevaluation-progress">
        {t('appealRemedies.experts.progress', { done: desk.done, pending: desk.pending })}
      </p>
      {desk.experts.length === 0 ? (
        <p className="text-sm text-stone-600">{t('appealRemedies.experts.none')}</p>
      ) : (
        <ul className="list-disc space-y-1 pl-5 text-sm">
          {desk.experts.map((e) => (
            <li key={e.id} data-testid="round2-expert">
              {t('appealRemedies.experts.item', {
                name: e.name,
                state: tKey(t, `appealRemedies.experts.state.${e.state}`),
              })}
            </li>
          ))}
        </ul>
      )}
      {desk.canAssign ? (
        <PostForm form={form} className="space-y-3">
          <fieldset className="space-y-1">
            <legend className="text-sm font-semibold">{t('appealRemedies.experts.choose')}</legend>
            <p className="text-sm text-stone-600">{t('appealRemedies.experts.rule')}</p>
            {desk.staff.map((u) => (
              <label key={u.id} className="flex flex-wrap items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name={fields.reviewerIds.name}
                  value={u.id}
                  disabled={u.excluded !== null}
                />
                <span>{u.name}</span>
                {u.affiliation ? <span className="text-stone-600">{u.affiliation}</span> : null}
                {u.excluded ? (
                  <span className="rounded bg-stone-200 px-1.5 text-xs text-stone-800">
                    {u.excluded === 1
                      ? t('appealRemedies.experts.excluded')
                      : t('appealRemedies.experts.assigned')}
                  </span>
                ) : u.conflict ? (
                  <span className="rounded bg-red-100 px-1.5 text-xs text-red-900">
                    {t('appealRemedies.experts.conflict')}
                  </span>
                ) : null}
              </label>
            ))}
            <ErrorList id={fields.reviewerIds.errorId} errors={fields.reviewerIds.errors} />
          </fieldset>
          <Field meta={fields.dueDate} label={t('appealRemedies.experts.dueDate')} type="date" />
          <IntentButton intent="assign" className={primaryButton}>
            {t('appealRemedies.experts.submit')}
          </IntentButton>
        </PostForm>
      ) : null}
    </Card>
  );
}

function Places({ desk }: { desk: Desk }) {
  const { t, locale } = useI18n();
  const score = (v: number | null) => (v === null ? t('appealRemedies.places.noScore') : v);
  return (
    <Card title={t('appealRemedies.places.title')}>
      <p className="text-sm">
        {t('appealRemedies.places.slots', { slots: desk.challenge.awardSlots })}
      </p>
      <p data-testid="reevaluation-score">
        {t('appealRemedies.places.scores', {
          first: score(desk.firstScore),
          next: score(desk.newScore),
        })}
      </p>
      <DeskTable
        columns={(['slot', 'team', 'score', 'contract'] as const).map((k) =>
          t(`appealRemedies.places.${k}`),
        )}
      >
        {desk.places.map((p) => (
          <tr key={p.id} className="border-b border-stone-200">
            <td className="p-2">{p.slotNo}</td>
            <td className="p-2">{pick(locale, p.team, p.teamEn)}</td>
            <td className="p-2">{score(p.score)}</td>
            <td className="p-2">
              {p.signed ? t('appealRemedies.places.signed') : t('appealRemedies.places.unsigned')}
            </td>
          </tr>
        ))}
      </DeskTable>
      <p className="text-sm text-stone-600">{t('appealRemedies.places.rule')}</p>
    </Card>
  );
}

function Remedies({ desk, resultFor }: { desk: Desk; resultFor: (target: string) => FormResult }) {
  const { t, locale } = useI18n();
  const [form, fields] = useDeskForm(appealRemedySchema, {
    id: 'propose',
    lastResult: resultFor('propose'),
    defaultValue: { kind: 'APPEAL_SLOT' },
  });
  const unsigned = desk.places.filter((p) => !p.signed);
  return (
    <Card title={t('appealRemedies.remedy.title')}>
      {desk.canPropose ? (
        <PostForm form={form} className="space-y-3">
          <fieldset className="space-y-1">
            <legend className="text-sm font-semibold">{t('appealRemedies.remedy.kind')}</legend>
            {(['APPEAL_SLOT', 'APPEAL_REPLACE'] as const).map((k) => (
              <label key={k} className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name={fields.kind.name}
                  value={k}
                  defaultChecked={k === 'APPEAL_SLOT'}
                />
                {t(`appealRemedies.kind.${k}`)}
              </label>
            ))}
            <ErrorList id={fields.kind.errorId} errors={fields.kind.errors} />
          </fieldset>
          <div>
            <label htmlFor={fields.replacesAwardId.id} className="block text-sm font-medium">
              {t('appealRemedies.remedy.replaces')}
            </label>
            <select
              id={fields.replacesAwardId.id}
              name={fields.replacesAwardId.name}
              defaultValue=""
              aria-invalid={fields.replacesAwardId.errors ? true : undefined}
              aria-describedby={
                fields.replacesAwardId.errors ? fields.replacesAwardId.errorId : undefined
              }
              className="mt-1 w-full rounded border border-stone-300 px-3 py-2"
            >
              <option value="">—</option>
              {unsigned.map((p) => (
                <option key={p.id} value={p.id}>
                  {t('appealRemedies.remedy.slotOf', {
                    slot: p.slotNo,
                    team: pick(locale, p.team, p.teamEn),
                  })}
                </option>
              ))}
            </select>
            <ErrorList id={fields.replacesAwardId.errorId} errors={fields.replacesAwardId.errors} />
          </div>
          <TextareaField meta={fields.reason} rows={3} label={t('appealRemedies.remedy.reason')} />
          <IntentButton intent="propose" className={primaryButton}>
            {t('appealRemedies.remedy.propose')}
          </IntentButton>
        </PostForm>
      ) : (
        <p className="text-sm text-stone-600">
          {tKey(t, `appealRemedies.remedy.closed.${desk.appeal.stage}`)}
        </p>
      )}
      {desk.remedies.length ? (
        <ul className="space-y-3">
          {desk.remedies.map((r) => (
            <Remedy key={r.id} remedy={r} lastResult={resultFor(`remedy-${r.id}`)} />
          ))}
        </ul>
      ) : null}
    </Card>
  );
}

function Remedy({
  remedy: r,
  lastResult,
}: {
  remedy: Desk['remedies'][number];
  lastResult: FormResult;
}) {
  const { t, locale } = useI18n();
  const [form, fields] = useDeskForm(appealRemedySchema, { id: `remedy-${r.id}`, lastResult });
  return (
    <li className="space-y-2 rounded border border-stone-200 p-3" data-testid="remedy">
      <p>
        <span className="font-medium">{t(`appealRemedies.kind.${r.kind}`)}</span>
        {r.replaces ? ` — ${pick(locale, r.replaces.name, r.replaces.nameEn)}` : ''} ·{' '}
        {tKey(t, `appealRemedies.remedyStatus.${r.status}`)}
      </p>
      <p className="text-sm text-stone-600">
        {t('appealRemedies.remedy.proposedBy', { name: r.proposedBy })}{' '}
        <DateText value={r.proposedAt} />
        {r.decidedBy ? ` · ${t('appealRemedies.remedy.decidedBy', { name: r.decidedBy })}` : ''}
      </p>
      {r.reason ? <p className="text-sm whitespace-pre-line">{r.reason}</p> : null}
      {r.canDecide ? (
        <PostForm form={form} className="space-y-2">
          <input type="hidden" name="awardId" value={r.id} />
          <TextareaField meta={fields.reason} rows={2} label={t('appealRemedies.remedy.comment')} />
          <div className="flex flex-wrap gap-3">
            <IntentButton intent="approve" className={primaryButton}>
              {t('appealRemedies.remedy.approve')}
            </IntentButton>
            <IntentButton intent="reject" className={secondaryButton}>
              {t('appealRemedies.remedy.reject')}
            </IntentButton>
          </div>
        </PostForm>
      ) : null}
    </li>
  );
}
