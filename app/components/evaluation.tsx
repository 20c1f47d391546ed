// Small pieces shared by the expert-review pages.
import type { FieldMetadata } from '@conform-to/react';
import type { ReactNode } from 'react';
import { decodeRecuseReason } from '~/domain/evaluation';
import { useI18n } from '~/i18n/i18n';
import { ErrorList } from './form';

/** Why a reviewer is recused: the conflict found, or the reviewer's own words. */
export function RecuseReason({ value }: { value: string | null }) {
  const { t } = useI18n();
  const reason = decodeRecuseReason(value);
  if (!reason) return null;
  return (
    <>
      {reason.kind === 'auto'
        ? t(`evaluation.recuse.${reason.conflict}`)
        : t('evaluation.recuse.declared', { text: reason.text })}
    </>
  );
}

/** A score to two decimals, or a dash when there is none. */
export function ScoreText({ value }: { value: number | null }) {
  return <>{value === null ? '—' : value.toFixed(2)}</>;
}

/**
 * The staff to pick reviewers from, a checkbox each (round 1 on the challenge's desk, round 2
 * of an upheld appeal): `children` says what to know of one (affiliation, conflicts), the
 * list's errors stand below it.
 */
export function ReviewerChecklist<U extends { id: string }>({
  meta,
  legend,
  legendHidden = false,
  lead,
  staff,
  disabled,
  children,
}: {
  meta: FieldMetadata<string[] | undefined>;
  legend: string;
  /** the legend is for screen readers only (the card's lead says it) */
  legendHidden?: boolean;
  lead?: string;
  staff: readonly U[];
  /** who may not be picked */
  disabled?: (u: U) => boolean;
  children: (u: U) => ReactNode;
}) {
  return (
    <fieldset className="space-y-1">
      <legend className={legendHidden ? 'sr-only' : 'text-sm font-semibold'}>{legend}</legend>
      {lead ? <p className="text-sm text-stone-600">{lead}</p> : null}
      {staff.map((u) => (
        <label key={u.id} className="flex flex-wrap items-center gap-2 text-sm">
          <input type="checkbox" name={meta.name} value={u.id} disabled={disabled?.(u)} />
          {children(u)}
        </label>
      ))}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </fieldset>
  );
}
