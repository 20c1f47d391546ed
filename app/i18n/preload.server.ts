import type { EntryContext } from '@remix-run/node';
import { pageAreas, type Area } from './areas';
import type { Locale } from './i18n';

// the client build's chunks of each part of each language's catalogue (vite.config.ts); absent
// in development and under Vitest, where nothing is preloaded
declare const __JIEBANG_CATALOGUE_CHUNKS__: Record<Locale, Record<Area, string[]>> | undefined;

/** The parts of the catalogue the page being rendered needs: root.tsx works out the same. */
export function areasOfContext(context: EntryContext): Area[] {
  const { matches, loaderData } = context.staticHandlerContext;
  const root = loaderData?.root as { user?: { role?: string } | null } | undefined;
  const handles = matches.map((match) => context.routeModules[match.route.id]?.handle);
  return pageAreas(root?.user?.role, handles);
}

/**
 * The Link header of a page in `locale`: the browser fetches those parts of the language's
 * catalogue along with the page's other scripts rather than after them (app/entry.client.tsx
 * waits for them).
 */
export function catalogueLink(locale: Locale, areas: readonly Area[]): string | undefined {
  if (typeof __JIEBANG_CATALOGUE_CHUNKS__ === 'undefined') return undefined;
  const chunks = __JIEBANG_CATALOGUE_CHUNKS__?.[locale];
  const files = new Set(areas.flatMap((area) => chunks?.[area] ?? []));
  return files.size
    ? [...files].map((file) => `<${file}>; rel=modulepreload`).join(', ')
    : undefined;
}
