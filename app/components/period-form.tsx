// The period selector of the programme's pages (/stats, /report) and the period in words.
import { FilterSelect, SearchForm } from '~/components/list-page';
import { type Period, QUARTERS } from '~/domain/period';
import { useI18n } from '~/i18n/i18n';

/** The period in words: 全部年度 / 2021年 / 2021年第3季度. */
export function usePeriodName() {
  const { t } = useI18n();
  return (p: Period) =>
    p.kind === 'all'
      ? t('statsCharts.period.all')
      : p.kind === 'year'
        ? t('statsCharts.period.yearName', { year: p.year })
        : t('statsCharts.period.yearQuarterName', { year: p.year, quarter: p.quarter });
}

/** The period selector: a GET form, so it works without scripts and its result can be linked. */
export function PeriodForm({ years, period }: { years: number[]; period: Period | null }) {
  const { t } = useI18n();
  const year = period && period.kind !== 'all' ? String(period.year) : '';
  const quarter = period?.kind === 'quarter' ? String(period.quarter) : '';
  return (
    <SearchForm submitLabel={t('statsCharts.period.apply')}>
      <FilterSelect
        label={t('statsCharts.period.year')}
        name="year"
        defaultValue={year}
        allLabel={t('statsCharts.period.allYears')}
        options={[...years].reverse().map((y) => ({
          value: String(y),
          label: t('statsCharts.period.yearName', { year: y }),
        }))}
      />
      <FilterSelect
        label={t('statsCharts.period.quarter')}
        name="quarter"
        defaultValue={quarter}
        allLabel={t('statsCharts.period.wholeYear')}
        options={QUARTERS.map((q) => ({
          value: String(q),
          label: t('statsCharts.period.quarterName', { quarter: q }),
        }))}
      />
    </SearchForm>
  );
}
