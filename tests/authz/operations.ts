import { all, none, publicPage, type MatrixEntry } from '../authz-rows';
import { ocdsPrefix } from '~/services/open-data/config.server';

// Operations and open data (ADR 021, 022): the same answer for every actor. Readiness is for the
// proxy, whoever asks; metrics only for their scraper, judged by the server's own facts (token,
// connection), which a route called without server.mjs does not have: 404 for everyone.
export const entries: Record<string, MatrixEntry> = {
  readyz: { loader: all('ok'), action: none },
  metrics: { loader: all('notFound'), action: none },
  'open-data._index': publicPage,
  'open-data.ocds.releases[.]json': publicPage,
  'open-data.ocds.$file': {
    ...publicPage,
    params: (f) => ({ file: `${ocdsPrefix}-${f.challengeCode}.json` }),
  },
};
