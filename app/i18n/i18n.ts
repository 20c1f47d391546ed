// The translation layer, shared by server and browser: every UI string goes through t().
// The server holds both languages' catalogues; a browser fetches only its page's language,
// a chunk of its own (app/entry.client.tsx; docs/decisions/020-performance.md, "Per-language
// catalogues").
import type { TFunction } from 'i18next';
import { createContext, useContext } from 'react';
import { en } from './en';
import { translator } from './translate';
import { zh } from './zh';

export const LOCALES = ['zh', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh';

// Only the types of i18next remain: they check every literal key against the catalogue.
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

/** In the browser: the language the server rendered the page in (root.tsx sets `lang`). */
export function documentLocale(): Locale {
  return document.documentElement.lang === 'en' ? 'en' : 'zh';
}

// False in the browser's build only (Vite's server build says true; Node without Vite, as in
// the scripts tsx runs, has no import.meta.env): there, the static imports above fall away.
const SERVER = import.meta.env?.SSR !== false;

const ready = new Map<Locale, TFunction>();
if (SERVER) {
  ready.set('zh', translator(zh));
  ready.set('en', translator(en));
}

type Chunks = Record<Locale, () => Promise<object>>;
let chunks: Partial<Chunks> = {};
const loading = new Map<Locale, Promise<TFunction>>();

/** In the browser: how to fetch each language's catalogue, a chunk of its own. */
export function setCatalogueChunks(loaders: Chunks) {
  chunks = loaders;
}

/** A language's t(), once its catalogue is here (the server has both from the start). */
export function loadLocale(locale: Locale): Promise<TFunction> {
  const t = ready.get(locale);
  if (t) return Promise.resolve(t);
  let pending = loading.get(locale);
  if (!pending) {
    const chunk = chunks[locale];
    if (!chunk) return Promise.reject(new Error(`no catalogue for ${locale}`));
    pending = chunk().then((catalogue) => {
      const loaded = translator(catalogue);
      ready.set(locale, loaded);
      return loaded;
    });
    loading.set(locale, pending);
  }
  return pending;
}

/** Starts fetching a language the visitor is about to switch to, alongside the page's data. */
export function preloadLocale(locale: Locale) {
  // a failure shows where the page renders in that language (getT)
  loadLocale(locale).catch(() => {});
}

/**
 * The t() of a language. Call it while rendering: in the browser, a language whose catalogue
 * has not arrived yet (the visitor switched language) suspends the render until it has; the
 * router renders in a transition, so the page in the old language stays until then.
 */
export function getT(locale: Locale): TFunction {
  const t = ready.get(locale);
  if (t) return t;
  throw loadLocale(locale).catch(() => {
    // the chunk could not be fetched (the site was redeployed, the network dropped): the
    // server renders the page in its language instead
    window.location.reload();
    return new Promise<never>(() => {});
  });
}

export type I18n = { locale: Locale; t: TFunction };

export const I18nContext = createContext<I18n>({
  locale: DEFAULT_LOCALE,
  get t() {
    return getT(DEFAULT_LOCALE);
  },
});

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** For keys built at run time (a status, a kind): checked by tests rather than by types. */
export function tKey(t: TFunction, key: string, params?: Record<string, unknown>): string {
  return (t as unknown as (k: string, o?: Record<string, unknown>) => string)(key, params);
}
