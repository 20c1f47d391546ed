// Small pieces shared by the expert-review pages.
import { decodeRecuseReason } from '~/domain/evaluation';
import { useI18n } from '~/i18n/i18n';

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
