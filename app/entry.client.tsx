import { RemixBrowser } from '@remix-run/react';
import { StrictMode, startTransition } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { documentAreas, documentLocale, loadLocale, setCatalogueChunks } from './i18n/i18n';

setCatalogueChunks({
  zh: {
    public: () => import('./i18n/zh-public').then((m) => m.zhPublic),
    members: () => import('./i18n/zh-members').then((m) => m.zhMembers),
    staff: () => import('./i18n/zh-staff').then((m) => m.zhStaff),
  },
  en: {
    public: () => import('./i18n/en-public').then((m) => m.enPublic),
    members: () => import('./i18n/en-members').then((m) => m.enMembers),
    staff: () => import('./i18n/en-staff').then((m) => m.enStaff),
  },
});

// Only the page's language is fetched, and of it only the parts the page was rendered with
// (root.tsx names them on <html>; each a chunk of its own, which the server's Link header has
// the browser preload); hydrating once they are here keeps the first render in the browser
// identical to the server's. Should it fail, the page stays as the server sent it, which works
// without scripts.
loadLocale(documentLocale(), documentAreas()).then(
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
