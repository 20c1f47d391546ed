import { RemixBrowser } from '@remix-run/react';
import { StrictMode, startTransition } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { documentLocale, loadLocale, setCatalogueChunks } from './i18n/i18n';

setCatalogueChunks({
  zh: () => import('./i18n/zh').then((m) => m.zh),
  en: () => import('./i18n/en').then((m) => m.en),
});

// Only the page's language is fetched (a chunk of its own, which the server's Link header has
// the browser preload); hydrating once it is here keeps the first render in the browser
// identical to the server's. Should it fail, the page stays as the server sent it, which works
// without scripts.
loadLocale(documentLocale()).then(
  () =>
    startTransition(() => {
      hydrateRoot(
        document,
        <StrictMode>
          <RemixBrowser />
        </StrictMode>,
      );
    }),
  (error: unknown) => console.error(error),
);
