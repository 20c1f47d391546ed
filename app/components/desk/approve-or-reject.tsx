// The second pair of eyes on a colleague's proposal (an award, a promotion to a vacated place, an
// appeal's remedy): an admin approves or rejects it, with a reason; not the admin who proposed it,
// nor one with a conflict of interest, and a note says which.
import type { FieldMetadata } from '@conform-to/react';
import type { ComponentProps } from 'react';
import { PostForm } from '~/components/conform';
import { Submit, TextareaField } from '~/components/form';
import { tKey, useI18n } from '~/i18n/i18n';

/**
 * `form` has a `reason` field (its box is labelled `label`); `ns` names the buttons (`approve`,
 * `reject`) and the notes (`ownNote`, `conflictNote`); `id` is the proposal's hidden field, by
 * which the action finds it.
 */
export function ApproveOrReject({
  ns,
  form,
  label,
  id,
  mine = false,
  conflict = false,
}: {
  ns: 'evaluation.awardsDesk' | 'vacancies.promotion' | 'appealRemedies.remedy';
  form: ComponentProps<typeof PostForm>['form'];
  /** the reason box's label */
  label: string;
  id: { name: string; value: string };
  /** the admin proposed it */
  mine?: boolean;
  /** the admin has a conflict of interest with the team */
  conflict?: boolean;
}) {
  const { t } = useI18n();
  const text = (key: string) => tKey(t, `${ns}.${key}`);
  const blocked = mine || conflict;
  // the form's type says only that it is a form: its reason is a text
  const reason = form.getFieldset().reason as FieldMetadata<string | undefined>;
  return (
    <>
      {mine ? <p className="text-sm text-amber-900">{text('ownNote')}</p> : null}
      {conflict ? <p className="text-sm text-amber-900">{text('conflictNote')}</p> : null}
      <PostForm form={form} className="space-y-2">
        <input type="hidden" name={id.name} value={id.value} />
        <TextareaField meta={reason} rows={2} label={label} />
        <div className="flex flex-wrap gap-3">
          <Submit intent="approve" tone="accept" disabled={blocked}>
            {text('approve')}
          </Submit>
          <Submit intent="reject" tone="danger" disabled={blocked}>
            {text('reject')}
          </Submit>
        </div>
      </PostForm>
    </>
  );
}
