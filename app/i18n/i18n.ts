// The translation layer, shared by server and browser: every UI string goes through t().
// The server holds both languages' catalogues; a browser fetches only its page's language, and
// of that only the parts the page needs (areas.ts), each a chunk of its own
// (app/entry.client.tsx; docs/decisions/020-performance.md, "Catalogues by area").
import type { TFunction } from 'i18next';
import { createContext, useContext } from 'react';
import { AREAS, areasOfKey, isArea, type Area } from './areas';
import { en } from './en';
import { growingTranslator } from './translate';
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

/** The English name when the page is in English and one exists; otherwise the Chinese one. */
export function pick(locale: Locale, zh: string, en: string | null | undefined): string {
  return locale === 'en' && en ? en : zh;
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

/** One language's t() and the parts of its catalogue it has so far. */
type Language = {
  t: TFunction;
  add: (catalogue: object) => void;
  areas: Set<Area>;
  loading: Map<Area, Promise<void>>;
};

const languages = new Map<Locale, Language>();

function language(locale: Locale): Language {
  let found = languages.get(locale);
  if (!found) {
    const { t, add } = growingTranslator(SERVER ? undefined : (key) => missing(locale, key));
    found = { t, add, areas: new Set(), loading: new Map() };
    languages.set(locale, found);
  }
  return found;
}

if (SERVER) {
  for (const [locale, catalogue] of [
    ['zh', zh],
    ['en', en],
  ] as const) {
    const whole = language(locale);
    whole.add(catalogue);
    for (const area of AREAS) whole.areas.add(area);
  }
}

type Chunks = Record<Locale, Record<Area, () => Promise<object>>>;
let chunks: Partial<Chunks> = {};

/** In the browser: how to fetch each part of each language's catalogue, a chunk apiece. */
export function setCatalogueChunks(loaders: Chunks) {
  chunks = loaders;
}

function loadArea(locale: Locale, area: Area): Promise<void> {
  const lang = language(locale);
  if (lang.areas.has(area)) return Promise.resolve();
  let pending = lang.loading.get(area);
  if (!pending) {
    const chunk = chunks[locale]?.[area];
    if (!chunk) return Promise.reject(new Error(`no catalogue for ${locale} (${area})`));
    pending = chunk().then(
      (catalogue) => {
        lang.add(catalogue);
        lang.areas.add(area);
      },
      (error: unknown) => {
        lang.loading.delete(area);
        throw error;
      },
    );
    lang.loading.set(area, pending);
  }
  return pending;
}

/** A language's t(), once the parts `areas` name are here (the server has all from the start). */
export function loadLocale(
  locale: Locale,
  areas: readonly Area[] = ['public'],
): Promise<TFunction> {
  return Promise.all(areas.map((area) => loadArea(locale, area))).then(() => language(locale).t);
}

/** Starts fetching a language the visitor is about to switch to, alongside the page's data. */
export function preloadLocale(locale: Locale, areas?: readonly Area[]) {
  // a failure shows where the page renders in that language (getT)
  loadLocale(locale, areas).catch(() => {});
}

/** In the browser: the parts of the catalogue the server rendered the page with (root.tsx). */
export function documentAreas(): Area[] {
  const named = (document.documentElement.dataset.catalogues ?? '').split(' ').filter(isArea);
  return named.includes('public') ? named : ['public', ...named];
}

// Until the parts are here, the render waits for them; should they fail to come (the site was
// redeployed, the network dropped), the server renders the page instead.
function suspend(loading: Promise<unknown>): Promise<unknown> {
  return loading.catch(() => {
    window.location.reload();
    return new Promise<never>(() => {});
  });
}

/**
 * The t() of a language, with the parts of its catalogue that `areas` name. Call it while
 * rendering: in the browser, parts that have not arrived yet (the visitor switched language or
 * signed in) suspend the render until they have; the router renders in a transition, so the
 * page as it was stays until then.
 */
export function getT(locale: Locale, areas: readonly Area[] = ['public']): TFunction {
  const lang = language(locale);
  if (areas.every((area) => lang.areas.has(area))) return lang.t;
  throw suspend(loadLocale(locale, areas));
}

/**
 * In the browser, a key not among the parts fetched so far: if it belongs to a part the page
 * did not name (a route that should say so in its handle, areas.ts), that part is fetched and
 * the render waits for it. The page then ends with the server's words rather than the key, but
 * React, which had begun to hydrate, reports a mismatch and renders it afresh: a fault to fix.
 */
function missing(locale: Locale, key: string) {
  const lang = language(locale);
  const wanted = areasOfKey(key).filter((area) => !lang.areas.has(area));
  if (wanted.length === 0) return;
  console.error(
    `${key} is in the ${wanted.join(' or ')} part of the catalogue, which this page did not name: say so in its route's handle (app/i18n/areas.ts)`,
  );
  throw suspend(loadLocale(locale, wanted));
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
