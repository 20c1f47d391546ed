// The translation layer, shared by server and browser: every UI string goes through t().
import i18next, { type TFunction } from 'i18next';
import { createContext, useContext } from 'react';
import { en } from './en';
import { zh } from './zh';

export const LOCALES = ['zh', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zh };
    // keys such as status.IN_PROGRESS are plain keys, not plural or context forms
    contextSeparator: '§';
    pluralSeparator: '§';
  }
}

export function isLocale(value: unknown): value is Locale {
  return value === 'zh' || value === 'en';
}

// Built once per process (synchronously, resources are bundled), then reused by every request.
const instance = i18next.createInstance();
void instance.init({
  resources: { zh: { translation: zh }, en: { translation: en } },
  lng: DEFAULT_LOCALE,
  fallbackLng: DEFAULT_LOCALE,
  initAsync: false,
  interpolation: { escapeValue: false },
  contextSeparator: '§',
  pluralSeparator: '§',
  returnNull: false,
});

// Most calls are a bare key; their result never changes, so it is looked up once per process.
function memoized(t: TFunction): TFunction {
  const cache = new Map<string, string>();
  return ((key: unknown, options?: unknown) => {
    if (options !== undefined || typeof key !== 'string') return t(key as never, options as never);
    let value = cache.get(key);
    if (value === undefined) cache.set(key, (value = t(key as never) as string));
    return value;
  }) as TFunction;
}

const fixed = new Map<Locale, TFunction>(LOCALES.map((l) => [l, memoized(instance.getFixedT(l))]));

export function getT(locale: Locale): TFunction {
  return fixed.get(locale)!;
}

export type I18n = { locale: Locale; t: TFunction };

export const I18nContext = createContext<I18n>({ locale: DEFAULT_LOCALE, t: getT(DEFAULT_LOCALE) });

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** For keys built at run time (a status, a kind): checked by tests rather than by types. */
export function tKey(t: TFunction, key: string, params?: Record<string, unknown>): string {
  return (t as unknown as (k: string, o?: Record<string, unknown>) => string)(key, params);
}
