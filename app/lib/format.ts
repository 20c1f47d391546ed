// Date formatting in the bureau's time zone. Intl formatters are costly to build (they were
// the largest single cost of rendering a catalogue page), so each is built once and reused.
import type { Locale } from '~/i18n/i18n';

const tag = (locale: Locale) => (locale === 'zh' ? 'zh-CN' : 'en-GB');

function cached(options: Intl.DateTimeFormatOptions) {
  const byLocale = new Map<Locale, Intl.DateTimeFormat>();
  return (locale: Locale) => {
    let f = byLocale.get(locale);
    if (!f)
      byLocale.set(
        locale,
        (f = new Intl.DateTimeFormat(tag(locale), { timeZone: 'Asia/Shanghai', ...options })),
      );
    return f;
  };
}

const day = cached({ year: 'numeric', month: '2-digit', day: '2-digit' });
const dayTime = cached({ dateStyle: 'short', timeStyle: 'medium' });

// Formatting a date still costs a few microseconds; a page of rows shows the same few dates
// (deadlines, publication days) to every visitor, so the text of each is kept. Bounded: the
// map is emptied when full.
const DAYS_KEPT = 4096;
const daysKept = { zh: new Map<string, string>(), en: new Map<string, string>() };

/** A calendar day, e.g. 2021/08/31 (zh) or 31/08/2021 (en). */
export function formatDay(value: string | Date, locale: Locale): string {
  if (typeof value !== 'string') return day(locale).format(value);
  const kept = daysKept[locale];
  let text = kept.get(value);
  if (text === undefined) {
    text = day(locale).format(new Date(value));
    if (kept.size >= DAYS_KEPT) kept.clear();
    kept.set(value, text);
  }
  return text;
}

/** A moment, to the second. */
export function formatDateTime(value: string | Date, locale: Locale): string {
  return dayTime(locale).format(typeof value === 'string' ? new Date(value) : value);
}

const monthYear = cached({ year: 'numeric', month: 'short' });
const monthOnly = cached({ month: 'short' });

/** A Shanghai calendar month given as YYYY-MM: 2021年10月 / Oct 2021, or 10月 / Oct alone. */
export function formatMonth(month: string, locale: Locale, withYear = true): string {
  // the middle of the month in Shanghai: the same month in every time zone's reading
  const at = new Date(`${month}-15T12:00:00+08:00`);
  return (withYear ? monthYear : monthOnly)(locale).format(at);
}
