import type { Locale } from './i18n';

// the client build's chunks of each language's catalogue (vite.config.ts); absent in
// development and under Vitest, where nothing is preloaded
declare const __JIEBANG_CATALOGUE_CHUNKS__: Record<Locale, string[]> | undefined;

/**
 * The Link header of a page in `locale`: the browser fetches the language's catalogue along
 * with the page's other scripts rather than after them (app/entry.client.tsx waits for it).
 */
export function catalogueLink(locale: Locale): string | undefined {
  if (typeof __JIEBANG_CATALOGUE_CHUNKS__ === 'undefined') return undefined;
  const files = __JIEBANG_CATALOGUE_CHUNKS__?.[locale] ?? [];
  return files.length ? files.map((file) => `<${file}>; rel=modulepreload`).join(', ') : undefined;
}
