import type { MetaDescriptor } from '@remix-run/react';
import { pick } from '~/components/ui';
import { DEFAULT_LOCALE, getT, isLocale, type Locale } from '~/i18n/i18n';

type Match = { id: string; data: unknown };

export function localeOf(matches: readonly Match[]): Locale {
  const root = matches.find((m) => m.id === 'root')?.data as { locale?: unknown } | undefined;
  return isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
}

/** The document title: a page title (a translation key or a literal) and the platform's name. */
export function pageMeta(
  matches: readonly Match[],
  title: string,
  literal = false,
): MetaDescriptor[] {
  const t = getT(localeOf(matches));
  const page = literal ? title : t(title as 'app.name');
  return [
    { title: `${page} · ${t('app.name')}` },
    { name: 'description', content: t('app.fullName') },
  ];
}

/**
 * A record page's title: the record's name in the page's language (`[Chinese, English]`), or
 * `missing` (a translation key) when the loader found no record.
 */
export function namedPageMeta(
  matches: readonly Match[],
  name: readonly [string, string | null] | undefined,
  missing: string,
): MetaDescriptor[] {
  return name
    ? pageMeta(matches, pick(localeOf(matches), name[0], name[1]), true)
    : pageMeta(matches, missing);
}
