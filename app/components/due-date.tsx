// A review's due date (app/domain/review-due.ts), marked when it has passed with the review
// still open: the expert's queue and the bureau's experts desk show it alike.
import { useI18n } from '~/i18n/i18n';
import { formatDay } from '~/lib/format';

/** A due day (YYYY-MM-DD in Shanghai) as the other dates read, marked once it has passed. */
export function DueDate({ date, overdue }: { date: string; overdue: boolean }) {
  const { t, locale } = useI18n();
  return (
    <span className={overdue ? 'font-semibold text-red-800' : undefined}>
      {/* midday of that day in Shanghai: the same day in every time zone's reading */}
      <time dateTime={date}>{formatDay(`${date}T12:00:00+08:00`, locale)}</time>
      {overdue ? (
        <span className="ml-1 rounded bg-red-100 px-1.5 text-xs" data-testid="overdue">
          {t('reviewDue.overdue')}
        </span>
      ) : null}
    </span>
  );
}
