import type { ReactNode } from 'react';
import { useI18n } from '~/i18n/i18n';
import { DateText, FieldName, InlineFact } from './ui';

/** A matching event's industry, date and place on one line (and `children` after them). */
export function EventFacts({
  event: e,
  className,
  children,
}: {
  event: { industry: string; date: string; place: string };
  className: string;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <p className={className}>
      <InlineFact label={t('events.industry')} value={<FieldName field={e.industry} />} />
      <InlineFact label={t('events.date')} value={<DateText value={e.date} />} />
      <InlineFact label={t('events.place')} value={e.place} />
      {children}
    </p>
  );
}
