import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteLoaderData,
  data,
} from '@remix-run/react';
import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { useMemo } from 'react';
import './tailwind.css';
import { useNonce } from './lib/nonce';
import { SiteMenu } from './components/site-menu';
import { ScrollRegions } from './components/scroll-regions';
import { pageAreas, type Area } from './i18n/areas';
import { I18nContext, getT, preloadLocale, useI18n, type Locale } from './i18n/i18n';
import { useRequestLocale } from './i18n/request-locale';
import { ErrorPage } from './components/error-page';
import { resolveLocale } from './i18n/locale.server';
import { getAuth } from './lib/auth.server';
import { db } from './lib/db.server';
import { unreadCount } from './services/accounts/inbox.server';

export const links: LinksFunction = () => [
  // the .ico for browsers and tools that ask for /favicon.ico whatever the page says
  { rel: 'icon', href: '/favicon.ico', sizes: '32x32' },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, setCookie } = resolveLocale(request);
  const auth = await getAuth(request);
  const unread = auth ? await unreadCount(db, auth.user.id) : 0;
  const user = auth ? { name: auth.user.name, role: auth.user.role, unread } : null;
  return data({ locale, user }, setCookie ? { headers: { 'Set-Cookie': setCookie } } : undefined);
}

/** The public pages of the main navigation: each at /<page>, named by nav.<page>. */
const MAIN_NAV = ['challenges', 'events', 'contracts', 'stats'] as const;

function UserMenu() {
  const root = useRouteLoaderData<typeof loader>('root');
  const { t } = useI18n();
  const user = root?.user;
  if (!user) {
    return (
      <span className="flex flex-wrap gap-3 text-sm">
        <Link to="/login">{t('auth.signIn')}</Link>
        <Link to="/signup">{t('auth.signUp')}</Link>
      </span>
    );
  }
  return (
    <span className="flex flex-wrap items-center gap-x-3 gap-y-2 text-sm">
      {user.role === 'ENTERPRISE' ? <Link to="/needs">{t('needs.title')}</Link> : null}
      {user.role === 'TEAM' ? <Link to="/applications">{t('applications.title')}</Link> : null}
      {user.role === 'ENTERPRISE' || user.role === 'TEAM' ? (
        <Link to="/workspace/contracts">{t('contractsDesk.workspace.title')}</Link>
      ) : null}
      {user.role === 'ENTERPRISE' || user.role === 'TEAM' ? (
        <Link to="/workspace/payments">{t('payments.workspace.title')}</Link>
      ) : null}
      {user.role === 'REVIEWER' || user.role === 'ADMIN' ? (
        <Link to="/review">{t('review.title')}</Link>
      ) : null}
      {user.role === 'ADMIN' ? <Link to="/admin">{t('nav.admin')}</Link> : null}
      <Link to="/notifications">
        {t('notifications.title')}
        {user.unread ? (
          <span className="ml-1 rounded-full bg-brand-700 px-1.5 text-xs text-white">
            {user.unread}
          </span>
        ) : null}
      </Link>
      <Link to="/account">{user.name}</Link>
      <Form method="post" action="/logout">
        <button type="submit" className="underline-offset-2 hover:underline">
          {t('auth.signOut')}
        </button>
      </Form>
    </span>
  );
}

function useLocale(): Locale {
  const root = useRouteLoaderData<typeof loader>('root');
  const fromRequest = useRequestLocale();
  return root?.locale ?? fromRequest;
}

/**
 * The parts of the catalogue this page needs (its viewer's and its routes'): the browser has
 * them before it renders the page, the server names them in its Link header (app/i18n/areas.ts).
 */
function usePageAreas(): Area[] {
  const root = useRouteLoaderData<typeof loader>('root');
  const handles = useMatches().map((match) => match.handle);
  const key = pageAreas(root?.user?.role, handles).join(' ');
  return useMemo(() => key.split(' ') as Area[], [key]);
}

function LanguageSwitch({ locale, areas }: { locale: Locale; areas: Area[] }) {
  const location = useLocation();
  const t = getT(locale);
  const other: Locale = locale === 'zh' ? 'en' : 'zh';
  const params = new URLSearchParams(location.search);
  params.set('lang', other);
  return (
    <Link
      to={`${location.pathname}?${params}`}
      lang={other === 'zh' ? 'zh-CN' : 'en'}
      className="order-2 rounded border border-stone-300 px-2 py-1 text-sm whitespace-nowrap no-underline hover:bg-stone-100 md:order-none"
      aria-label={`${t('nav.language')}: ${t('nav.switchTo')}`}
      onClick={() => preloadLocale(other, areas)}
    >
      {t('nav.switchTo')}
    </Link>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  const locale = useLocale();
  const areas = usePageAreas();
  const i18n = useMemo(() => ({ locale, t: getT(locale, areas) }), [locale, areas]);
  const { t } = i18n;
  return (
    // data-catalogues: what app/entry.client.tsx fetches before it hydrates
    <html lang={locale === 'zh' ? 'zh-CN' : 'en'} data-catalogues={areas.join(' ')}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-screen flex-col">
        <I18nContext.Provider value={i18n}>
          <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
            {t('app.skip')}
          </a>
          <header className="border-b border-stone-200 bg-white">
            <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
              <Link
                to="/"
                className="mr-auto text-lg font-bold whitespace-nowrap text-brand-700 no-underline md:mr-0"
              >
                {t('app.name')}
              </Link>
              <SiteMenu>
                <nav
                  aria-label={t('nav.mainNav')}
                  className="flex flex-1 flex-wrap gap-x-4 gap-y-2 text-sm"
                >
                  {MAIN_NAV.map((page) => (
                    <Link key={page} to={`/${page}`} className="hover:underline">
                      {t(`nav.${page}`)}
                    </Link>
                  ))}
                </nav>
                <UserMenu />
              </SiteMenu>
              <LanguageSwitch locale={locale} areas={areas} />
            </div>
          </header>
          <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
            {children}
          </main>
          <footer className="border-t border-stone-200 bg-white py-6 text-center text-sm text-stone-600">
            {t('footer.text')}
            {' · '}
            <Link to="/open-data" className="underline hover:text-stone-900">
              {t('footer.openData')}
            </Link>
          </footer>
        </I18nContext.Provider>
        <ScrollRegions />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

// Unknown URLs and pages without a layout of their own end here; ErrorPage tells a 403 or 404
// from a real fault.
export function ErrorBoundary() {
  return <ErrorPage />;
}
