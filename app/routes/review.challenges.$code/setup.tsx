// The setup of the review: criteria with their weights, and award slots with the stage gate.
import type { ReactNode } from 'react';
import { PostForm } from '~/components/conform';
import { useDeskForm } from '~/components/desk/form';
import { AddRowButton, Card, ErrorList, Field, RemoveRowButton, Submit } from '~/components/form';
import { pick } from '~/components/ui';
import { MAX_CRITERIA } from '~/domain/evaluation';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { challengeDeskSchema } from '~/forms/evaluation';
import { tKey, useI18n } from '~/i18n/i18n';
import type { PartProps } from './desk-ui';

/**
 * A part of the setup, its texts under `evaluation.desk.<part>`: its lead, the notes that apply
 * (`notes`), then the form or the values.
 */
function SetupCard({
  part,
  notes,
  children,
}: {
  part: 'criteria' | 'slots';
  notes: Partial<Record<'defaultNote' | 'lockedNote', boolean>>;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const text = (key: string) => tKey(t, `evaluation.desk.${part}.${key}`);
  return (
    <Card title={text('title')}>
      <p className="text-sm text-stone-600">{text('lead')}</p>
      {(['defaultNote', 'lockedNote'] as const).map((note) =>
        notes[note] ? (
          <p key={note} className="text-sm text-stone-600">
            {text(note)}
          </p>
        ) : null,
      )}
      {children}
    </Card>
  );
}

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
    <SetupCard
      part="criteria"
      notes={{ defaultNote: desk.criteriaAreDefault, lockedNote: desk.criteriaLocked }}
    >
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
            <Submit intent="criteria">{t('evaluation.desk.criteria.save')}</Submit>
            <Submit intent="defaults" tone="secondary" formNoValidate>
              {t('evaluation.desk.criteria.reset')}
            </Submit>
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
    </SetupCard>
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
    <SetupCard part="slots" notes={{ lockedNote: desk.slotsLocked }}>
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
    </SetupCard>
  );
}
