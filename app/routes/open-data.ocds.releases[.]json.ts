import type { LoaderFunctionArgs } from '@remix-run/node';
import { db } from '~/lib/db.server';
import { trustedOrigin } from '~/lib/env.server';
import { ocdsPrefix } from '~/services/open-data/config.server';
import { releasePackageStream } from '~/services/open-data/releases.server';
import { openDataResponse } from '~/services/open-data/responses.server';

// Every public record as one OCDS 1.1 release package, written as it is read.
export function loader({ request }: LoaderFunctionArgs) {
  return openDataResponse(
    releasePackageStream(db, { origin: trustedOrigin(request), prefix: ocdsPrefix }),
  );
}
