// The public "funds secured" (榜额到位) mark, in a file of its own so that the public challenge
// page does not pull the reviewer's funding form (and zod, Conform) into every visitor's script.
import { useI18n } from '~/i18n/i18n';

/** The public mark of a fixed bounty whose funds the bureau has confirmed. */
export function FundsSecuredMark() {
  const { t } = useI18n();
  return (
    <span
      data-testid="funds-secured"
      title={t('funding.publicMarkHint')}
      className="inline-flex items-center gap-1 rounded bg-green-100 px-2 py-0.5 text-xs font-medium text-green-900"
    >
      <span aria-hidden="true">✓</span>
      {t('funding.publicMark')}
    </span>
  );
}
