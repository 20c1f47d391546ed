import type { ReactNode } from 'react';
import { useI18n } from '~/i18n/i18n';
import { DateText, FieldName } from './ui';

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
      <span>
        {t('events.industry')}: <FieldName field={e.industry} />
      </span>
      <span>
        {t('events.date')}: <DateText value={e.date} />
      </span>
      <span>
        {t('events.place')}: {e.place}
      </span>
      {children}
    </p>
  );
}
