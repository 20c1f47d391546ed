// The payout clock made public (/stats): days from a milestone's acceptance to its payment, for
// the programme and per enterprise, of the payments made in the period shown.
import { DataTable } from '~/components/data-table';
import { pick } from '~/components/ui';
import type { PayoutClockFigures } from '~/domain/payout-lead-times';
import { type Period, periodQuery } from '~/domain/period';
import { useI18n } from '~/i18n/i18n';

export function PayoutClockSection({
  clock,
  period,
}: {
  clock: PayoutClockFigures & { limitDays: number };
  period: Period;
}) {
  const { t, locale } = useI18n();
  // a number of days: bare in the table's day columns, with its unit in the figures
  const days = (n: number | null) => (n === null ? t('payoutClock.none') : String(n));
  const daysWithUnit = (n: number | null) =>
    n === null ? t('payoutClock.none') : t('payoutClock.days', { days: n });
  const p = clock.programme;
  const figures = [
    ['count', String(p.count)],
    ['median', daysWithUnit(p.medianDays)],
    ['p90', daysWithUnit(p.p90Days)],
  ] as const;
  return (
    <section
      id="payout-clock"
      aria-labelledby="payout-clock-title"
      className="space-y-4"
      data-testid="payout-clock"
    >
      <h2 id="payout-clock-title" className="text-lg font-semibold">
        {t('payoutClock.title')}
      </h2>
      <p className="max-w-4xl text-stone-700">
        {t('payoutClock.lead')}
        {locale === 'zh' ? '' : ' '}
        {t('payoutClock.limit', { days: clock.limitDays })}
      </p>
      <dl className="grid grid-cols-3 gap-3 sm:max-w-xl">
        {figures.map(([id, value]) => (
          <div
            key={id}
            className="rounded border border-stone-200 bg-white p-3"
            data-figure={`payout-${id}`}
          >
            <dt className="text-sm text-stone-600">{t(`payoutClock.${id}`)}</dt>
            <dd className="mt-1 text-xl font-bold">{value}</dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="payout-clock-enterprises" className="space-y-2">
        <h3 id="payout-clock-enterprises" className="font-semibold">
          {t('payoutClock.enterprisesTitle')}
        </h3>
        <DataTable
          rows={clock.enterprises}
          empty={t('payoutClock.empty')}
          testId="payout-clock-enterprises"
          rowTestId={(e) => `payout-enterprise-${e.id}`}
          columns={[
            { head: t('payoutClock.col.enterprise'), cell: (e) => pick(locale, e.name, e.nameEn) },
            { head: t('payoutClock.col.count'), cell: (e) => e.count, align: 'right' },
            { head: t('payoutClock.col.median'), cell: (e) => days(e.medianDays), align: 'right' },
            { head: t('payoutClock.col.p90'), cell: (e) => days(e.p90Days), align: 'right' },
          ]}
        />
      </section>
      <p className="text-sm">
        <a href={`/open-data/payout-clock.json${periodQuery(period)}`}>{t('payoutClock.json')}</a>
      </p>
    </section>
  );
}
