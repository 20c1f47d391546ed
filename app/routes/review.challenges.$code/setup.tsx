// The setup of the review: criteria with their weights, and award slots with the stage gate.
import { PostForm } from '~/components/conform';
import { useDeskForm } from '~/components/desk/form';
import { AddRowButton, Card, ErrorList, Field, RemoveRowButton, Submit } from '~/components/form';
import { IntentButton } from '~/components/desk/intent';
import { pick } from '~/components/ui';
import { MAX_CRITERIA } from '~/domain/evaluation';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { challengeDeskSchema } from '~/forms/evaluation';
import { useI18n } from '~/i18n/i18n';
import { primaryButton, type PartProps } from './desk-ui';

/** The fields of a criterion added to the review. */
const NEW_CRITERION = { name: '', nameEn: '', weight: '' };

export function Criteria({ desk, editable, lastResult }: PartProps) {
  const { t, locale } = useI18n();
  const [form, fields] = useDeskForm(challengeDeskSchema, {
    id: 'criteria',
    lastResult,
    defaultValue: {
      criteria: desk.criteria.map((c) => ({
        name: c.name,
        nameEn: c.nameEn ?? '',
        weight: String(c.weight),
      })),
    },
    live: true,
  });
  const rows = fields.criteria.getFieldList();
  const sum = rows.reduce((s, r) => s + (Number(r.getFieldset().weight.value) || 0), 0);
  return (
    <Card title={t('evaluation.desk.criteria.title')}>
      <p className="text-sm text-stone-600">{t('evaluation.desk.criteria.lead')}</p>
      {desk.criteriaAreDefault ? (
        <p className="text-sm text-stone-600">{t('evaluation.desk.criteria.defaultNote')}</p>
      ) : null}
      {desk.criteriaLocked ? (
        <p className="text-sm text-stone-600">{t('evaluation.desk.criteria.lockedNote')}</p>
      ) : null}
      {editable ? (
        <PostForm form={form} className="space-y-3">
          {rows.map((row, i) => {
            const f = row.getFieldset();
            return (
              <fieldset key={row.key} className="grid gap-2 sm:grid-cols-[2fr_2fr_1fr_auto]">
                <legend className="sr-only">
                  {t('evaluation.desk.criteria.rowLabel', { n: i + 1 })}
                </legend>
                <Field meta={f.name} label={`${t('evaluation.desk.criteria.name')} ${i + 1}`} />
                <Field meta={f.nameEn} label={t('evaluation.desk.criteria.nameEn')} />
                <Field
                  meta={f.weight}
                  type="number"
                  label={`${t('evaluation.desk.criteria.weight')} ${i + 1}`}
                />
                <RemoveRowButton form={form} list={fields.criteria} index={i}>
                  {t('evaluation.desk.criteria.remove')}
                </RemoveRowButton>
              </fieldset>
            );
          })}
          <ErrorList id={fields.criteria.errorId} errors={fields.criteria.errors} />
          <p className="text-sm text-stone-600" aria-live="polite">
            {t('evaluation.desk.criteria.sum', { sum })}
          </p>
          <div className="flex flex-wrap gap-3">
            <AddRowButton
              form={form}
              list={fields.criteria}
              max={MAX_CRITERIA}
              defaultValue={NEW_CRITERION}
            >
              {t('evaluation.desk.criteria.add')}
            </AddRowButton>
          </div>
          <div className="flex flex-wrap gap-3">
            <IntentButton intent="criteria" className={primaryButton}>
              {t('evaluation.desk.criteria.save')}
            </IntentButton>
            <IntentButton
              intent="defaults"
              formNoValidate
              className="rounded border border-stone-300 bg-white px-4 py-2"
            >
              {t('evaluation.desk.criteria.reset')}
            </IntentButton>
          </div>
        </PostForm>
      ) : (
        <div className="overflow-x-auto">
          <table className="text-sm">
            <tbody>
              {desk.criteria.map((c) => (
                <tr key={c.key}>
                  <td className="py-1 pr-6">{pick(locale, c.name, c.nameEn)}</td>
                  <td className="py-1 text-right tabular-nums">{c.weight}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

export function Slots({ desk, editable, lastResult }: PartProps) {
  const { t } = useI18n();
  const c = desk.challenge;
  const [form, fields] = useDeskForm(challengeDeskSchema, {
    id: 'slots',
    lastResult,
    defaultValue: {
      awardSlots: String(c.awardSlots),
      stageGateDate: c.stageGateDate ? shanghaiDateString(new Date(c.stageGateDate)) : '',
    },
    live: true,
  });
  return (
    <Card title={t('evaluation.desk.slots.title')}>
      <p className="text-sm text-stone-600">{t('evaluation.desk.slots.lead')}</p>
      {desk.slotsLocked ? (
        <p className="text-sm text-stone-600">{t('evaluation.desk.slots.lockedNote')}</p>
      ) : null}
      {editable ? (
        <PostForm form={form} className="max-w-md space-y-3">
          <input type="hidden" name="intent" value="slots" />
          <Field
            meta={fields.awardSlots}
            type="number"
            label={t('evaluation.desk.slots.awardSlots')}
          />
          <Field
            meta={fields.stageGateDate}
            type="date"
            label={t('evaluation.desk.slots.stageGateDate')}
          />
          <Submit>{t('evaluation.desk.slots.save')}</Submit>
        </PostForm>
      ) : null}
    </Card>
  );
}
