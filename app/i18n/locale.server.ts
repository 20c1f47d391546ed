import { DEFAULT_LOCALE, isLocale, type Locale } from './i18n';

const COOKIE = 'lang';

/**
 * ?lang= wins and is remembered in a cookie; otherwise the cookie; otherwise Chinese.
 * Accept-Language is deliberately ignored: the programme is Chinese first, and a response
 * that depended on it could not be shared by caches keyed on URL and cookie.
 */
export function resolveLocale(request: Request): { locale: Locale; setCookie?: string } {
  const url = new URL(request.url);
  const param = url.searchParams.get('lang');
  if (isLocale(param)) {
    return {
      locale: param,
      setCookie: `${COOKIE}=${param}; Path=/; Max-Age=31536000; SameSite=Lax`,
    };
  }
  const cookie = request.headers.get('Cookie') ?? '';
  const match = /(?:^|;\s*)lang=(zh|en)\b/.exec(cookie);
  return { locale: match && isLocale(match[1]) ? match[1] : DEFAULT_LOCALE };
}
