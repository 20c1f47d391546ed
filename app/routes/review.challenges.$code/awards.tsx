// The awards of the desk: proposals and decisions, the stage gate of 赛马制, closing by hand.
import { getFormProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useDeskForm } from '~/components/desk/form';
import { IntentButton } from '~/components/desk/intent';
import type { FormResult } from '~/components/desk/results';
import { DeskTable } from '~/components/desk/table';
import { Card, ErrorList, FormError, RadioField, Submit, TextareaField } from '~/components/form';
import { DateText } from '~/components/ui';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { challengeDeskSchema } from '~/forms/evaluation';
import { tKey, useI18n } from '~/i18n/i18n';
import { errorsOf, smallButton, type Desk, type Me, type ResultFor } from './desk-ui';

export function Awards({ desk, me, resultFor }: { desk: Desk; me: Me; resultFor: ResultFor }) {
  const { t } = useI18n();
  const c = desk.challenge;
  const approved = desk.awards.filter((a) => a.status === 'APPROVED');
  const admin = me.role === 'ADMIN';
  return (
    <Card title={t('evaluation.desk.awards.title')}>
      <p className="text-sm text-stone-600">
        {t('evaluation.desk.awards.approvedOf', {
          count: desk.approvedCount,
          slots: c.awardSlots,
        })}
      </p>
      <DeskTable
        empty={desk.awards.length === 0}
        emptyText={t('evaluation.desk.awards.empty')}
        columns={[
          ...(['team', 'status', 'slot', 'proposedBy', 'decidedBy', 'reason'] as const).map((k) =>
            t(`evaluation.desk.awards.${k}`),
          ),
          c.parallel ? t('evaluation.desk.awards.stageGate') : null,
        ]}
      >
        {desk.awards.map((a) => (
          <tr key={a.id} className="border-b border-stone-200">
            <td className="p-2">{a.team}</td>
            <td className="p-2">{tKey(t, `evaluation.awardStatus.${a.status}`)}</td>
            <td className="p-2">
              {a.slotNo ? t('evaluation.desk.awards.slotValue', { n: a.slotNo }) : '—'}
            </td>
            <td className="p-2">
              {a.proposedBy} · <DateText value={a.proposedAt} />
            </td>
            <td className="p-2">
              {a.decidedBy ? (
                <>
                  {a.decidedBy} · <DateText value={a.decidedAt} />
                </>
              ) : (
                '—'
              )}
            </td>
            <td className="p-2">{a.reason ?? ''}</td>
            {c.parallel ? (
              <td className="p-2">
                {a.stageGateOutcome
                  ? tKey(t, `evaluation.stageGate.outcome.${a.stageGateOutcome}`)
                  : '—'}
              </td>
            ) : null}
          </tr>
        ))}
      </DeskTable>

      {c.parallel && approved.length > 0 ? (
        <section className="space-y-3 border-t border-stone-200 pt-4">
          <h3 className="font-semibold">{t('evaluation.stageGate.title')}</h3>
          {c.stageGateDue ? (
            <>
              <p className="text-sm text-stone-600">
                {t('evaluation.stageGate.lead', {
                  date: c.stageGateDate ? shanghaiDateString(new Date(c.stageGateDate)) : '',
                })}
              </p>
              {admin
                ? approved
                    .filter((a) => !a.stageGateOutcome)
                    .map((a) => (
                      <StageGateForm key={a.id} award={a} lastResult={resultFor(`gate-${a.id}`)} />
                    ))
                : null}
            </>
          ) : (
            <p className="text-sm text-stone-600">
              {t('evaluation.stageGate.notDue', {
                date: c.stageGateDate ? shanghaiDateString(new Date(c.stageGateDate)) : '—',
              })}
            </p>
          )}
        </section>
      ) : null}

      {desk.underEvaluation ? (
        <Form method="post" className="space-y-2 border-t border-stone-200 pt-4">
          <ErrorList errors={errorsOf(resultFor('close'))} />
          {admin && c.parallel && desk.approvedCount > 0 ? <Closing intent="finalize" /> : null}
          {desk.approvedCount === 0 ? <Closing intent="unaward" /> : null}
        </Form>
      ) : null}
    </Card>
  );
}

/** Closing the review by hand: finalizing the approved awards, or awarding none. */
function Closing({ intent }: { intent: 'finalize' | 'unaward' }) {
  const { t } = useI18n();
  return (
    <div className="space-y-1">
      <p className="text-sm text-stone-600">{t(`evaluation.desk.awards.${intent}Lead`)}</p>
      <IntentButton intent={intent} className={smallButton}>
        {t(`evaluation.desk.awards.${intent}`)}
      </IntentButton>
    </div>
  );
}

function StageGateForm({
  award,
  lastResult,
}: {
  award: Desk['awards'][number];
  lastResult: FormResult;
}) {
  const { t } = useI18n();
  const [form, fields] = useDeskForm(challengeDeskSchema, {
    id: `gate-${award.id}`,
    lastResult,
  });
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      className="space-y-2 rounded border border-stone-200 p-3"
      data-testid="stage-gate"
    >
      <input type="hidden" name="intent" value="stageGate" />
      <input type="hidden" name="awardId" value={award.id} />
      <p className="font-medium">{award.team}</p>
      <FormError id={form.errorId} errors={form.errors} />
      <RadioField
        meta={fields.outcome}
        legend={t('evaluation.stageGate.outcomeLabel')}
        options={(['CONTINUE', 'STOP'] as const).map((o) => ({
          value: o,
          label: t(`evaluation.stageGate.outcome.${o}`),
        }))}
        inline
      />
      <TextareaField meta={fields.comment} label={t('evaluation.stageGate.comment')} rows={2} />
      <Submit>{t('evaluation.stageGate.submit')}</Submit>
    </Form>
  );
}
