// The public pages: the same for every anonymous visitor of one language, so they may be cached
// (app/lib/cache.server.ts decides the headers, server/page-cache.mjs keeps them briefly).
const PUBLIC_PATHS = [
  /^\/$/,
  /^\/stats(\.json)?$/,
  /^\/challenges(\/[^/]+)?$/,
  /^\/events(\/[^/]+)?$/,
  /^\/contracts(\/[^/]+)?$/,
  // the open data: its page and its files (docs/decisions/022-open-data-ocds.md)
  /^\/open-data(\/ocds\/[^/]+\.json)?$/,
];

/** @param {string} pathname a URL path, also a Remix data request's (`/x.data`, `/_root.data`) */
export function isPublicPath(pathname) {
  const path = pathname.replace(/\.data$/, '').replace(/\/_root$/, '/') || '/';
  return PUBLIC_PATHS.some((re) => re.test(path));
}
