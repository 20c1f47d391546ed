import type { LoaderFunctionArgs } from '@remix-run/node';
import { db } from '~/lib/db.server';
import { catalogueExport } from '~/services/exports/catalogue.server';

// The public catalogue as a file: every challenge /challenges lists for the same query (search,
// filters, sort), not one page. Public data, as the page is. challenges[.]xlsx.ts is this
// loader too: the format is the URL's extension.
export function loader({ request }: LoaderFunctionArgs) {
  return catalogueExport(db, request);
}
