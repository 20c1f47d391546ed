import type { MetaDescriptor } from '@remix-run/react';
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
