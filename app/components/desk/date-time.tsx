// A moment to the minute (the admins' audit trail and outbox), in the page's language.
import { useI18n } from '~/i18n/i18n';
import { formatDateTime } from '~/lib/format';

export function DateTime({ value }: { value: string }) {
  const { locale } = useI18n();
  return <time dateTime={value}>{formatDateTime(value, locale)}</time>;
}
