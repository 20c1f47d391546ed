// The visitor's language when the root loader did not run (an unknown URL matches no route,
// so no loader runs; or the root loader itself failed). The server entry provides it from
// the request (?lang=, then the cookie); in the browser the document's lang, which the
// server set, says the same.
import { createContext, useContext } from 'react';
import { DEFAULT_LOCALE, documentLocale, type Locale } from './i18n';

export const RequestLocaleContext = createContext<Locale | undefined>(undefined);

export function useRequestLocale(): Locale {
  const fromServer = useContext(RequestLocaleContext);
  if (fromServer) return fromServer;
  if (typeof document !== 'undefined') return documentLocale();
  return DEFAULT_LOCALE;
}
