// The period picker of the technology contract registration sheet (/review/contracts): a year
// (or every year) and a quarter (or the whole year), downloaded as CSV or Excel. A plain GET
// form, not the router's: the answer is a file, and the page stays where it is.
import { QUARTERS } from '~/domain/period';
import { Options } from '~/components/form';
import { useI18n } from '~/i18n/i18n';

const SHEET = '/review/contracts/registrations';
const selectClass = 'mt-1 rounded border border-stone-300 bg-white px-2 py-1';
const buttonClass = 'rounded border border-brand-700 px-3 py-1 font-medium text-brand-800';

export function TechRegistrationSheet({ years }: { years: readonly number[] }) {
  const { t } = useI18n();
  return (
    <form
      method="get"
      action={`${SHEET}.csv`}
      aria-labelledby="tech-sheet-title"
      className="space-y-2 rounded border border-stone-200 bg-white p-4 text-sm"
    >
      <h4 id="tech-sheet-title" className="font-semibold">
        {t('techRegistration.sheet.title')}
      </h4>
      <p className="text-stone-600">{t('techRegistration.sheet.lead')}</p>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col">
          {t('techRegistration.sheet.year')}
          <select name="year" defaultValue={years[0] ?? 'all'} className={selectClass}>
            <option value="all">{t('techRegistration.sheet.allYears')}</option>
            <Options options={years.map((y) => ({ value: String(y), label: String(y) }))} />
          </select>
        </label>
        <label className="flex flex-col">
          {t('techRegistration.sheet.quarter')}
          <select name="quarter" defaultValue="all" className={selectClass}>
            <option value="all">{t('techRegistration.sheet.wholeYear')}</option>
            <Options
              options={QUARTERS.map((q) => ({
                value: String(q),
                label: t('techRegistration.sheet.quarterN', { n: q }),
              }))}
            />
          </select>
        </label>
        <button type="submit" className={buttonClass}>
          {t('exports.csv')}
        </button>
        <button type="submit" formAction={`${SHEET}.xlsx`} className={buttonClass}>
          {t('exports.xlsx')}
        </button>
      </div>
    </form>
  );
}
