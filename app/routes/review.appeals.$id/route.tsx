// The re-evaluation of one upheld appeal (docs/decisions/034-upheld-appeals.md): staff assign
// round-2 experts and propose a remedy once the new score earns a place; an admin who did not
// propose it approves or rejects.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { PostForm } from '~/components/conform';
import { ApproveOrReject } from '~/components/desk/approve-or-reject';
import { useDeskForm } from '~/components/desk/form';
import { DeskHeading } from '~/components/desk/heading';
import { rowTarget, targeted, type FormResult, type Targeted } from '~/components/desk/results';
import { DeskTable } from '~/components/desk/table';
import { ReviewerChecklist } from '~/components/evaluation';
import {
  Card,
  Field,
  FormError,
  Notice,
  RadioField,
  SelectField,
  Submit,
  TextareaField,
} from '~/components/form';
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
  const target =
    intent === 'assign' || intent === 'propose'
      ? intent
      : rowTarget(submission.payload, 'awardId', 'remedy-');
  if (submission.status !== 'success') return { target, result: submission.reply() };
  const outcome = await runRemedyIntent(db, actorOf(user), appealId, submission.value, {
    origin: requestOrigin(request),
  });
  if (!outcome.ok) return { target, result: submission.reply(refusalErrors(outcome)) };
  // the form's own target, so that it is reset (a decided remedy's form is gone: no matter)
  return { target, result: submission.reply({ resetForm: true }), done: outcome.done };
}

type Desk = ReturnType<typeof useLoaderData<typeof loader>>;

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
          <ReviewerChecklist
            meta={fields.reviewerIds}
            legend={t('appealRemedies.experts.choose')}
            lead={t('appealRemedies.experts.rule')}
            staff={desk.staff}
            disabled={(u) => u.excluded !== null}
          >
            {(u) => (
              <>
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
              </>
            )}
          </ReviewerChecklist>
          <Field meta={fields.dueDate} label={t('appealRemedies.experts.dueDate')} type="date" />
          <Submit intent="assign">{t('appealRemedies.experts.submit')}</Submit>
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
          <RadioField
            meta={fields.kind}
            legend={t('appealRemedies.remedy.kind')}
            options={(['APPEAL_SLOT', 'APPEAL_REPLACE'] as const).map((k) => ({
              value: k,
              label: t(`appealRemedies.kind.${k}`),
            }))}
          />
          <SelectField
            meta={fields.replacesAwardId}
            label={t('appealRemedies.remedy.replaces')}
            options={unsigned.map((p) => ({
              value: p.id,
              label: t('appealRemedies.remedy.slotOf', {
                slot: p.slotNo,
                team: pick(locale, p.team, p.teamEn),
              }),
            }))}
          />
          <TextareaField meta={fields.reason} rows={3} label={t('appealRemedies.remedy.reason')} />
          <Submit intent="propose">{t('appealRemedies.remedy.propose')}</Submit>
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
  const [form] = useDeskForm(appealRemedySchema, { id: `remedy-${r.id}`, lastResult });
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
        <ApproveOrReject
          ns="appealRemedies.remedy"
          form={form}
          label={t('appealRemedies.remedy.comment')}
          id={{ name: 'awardId', value: r.id }}
        />
      ) : null}
    </li>
  );
}
