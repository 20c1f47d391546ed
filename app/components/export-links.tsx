// A list's "导出 CSV / 导出 Excel" pair: links to the list's export routes (<path>.csv and
// <path>.xlsx) carrying the list's current filters. Plain links: the files are downloads, not
// pages the router could render.
import { useI18n } from '~/i18n/i18n';

export function ExportLinks({
  path,
  search = '',
  label,
}: {
  /** the export routes' path without the extension, e.g. /review/contracts */
  path: string;
  /** the filters, as a query string without its "?" */
  search?: string;
  /** what is exported, when the page has more than one export */
  label?: string;
}) {
  const { t } = useI18n();
  const query = search ? `?${search}` : '';
  return (
    <span
      role="group"
      aria-label={label ?? t('exports.links')}
      className="inline-flex flex-wrap items-baseline gap-x-3 text-sm"
    >
      {label ? <span className="text-stone-600">{label}</span> : null}
      <a href={`${path}.csv${query}`} download>
        {t('exports.csv')}
      </a>
      <a href={`${path}.xlsx${query}`} download>
        {t('exports.xlsx')}
      </a>
    </span>
  );
}
