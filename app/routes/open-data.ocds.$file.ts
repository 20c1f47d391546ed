import type { LoaderFunctionArgs } from '@remix-run/node';
import { challengeCodeOfFile } from '~/domain/ocds';
import { db } from '~/lib/db.server';
import { trustedOrigin } from '~/lib/env.server';
import { ocdsPrefix } from '~/services/open-data/config.server';
import { releasePackageOf } from '~/services/open-data/releases.server';
import { openDataNotFound, openDataResponse } from '~/services/open-data/responses.server';

// One public challenge's contracting process as an OCDS 1.1 release package: /open-data/ocds/<ocid>.json.
// Any other name, or the ocid of a challenge that is not public, is a JSON 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = challengeCodeOfFile(ocdsPrefix, params.file ?? '');
  const body = code
    ? await releasePackageOf(db, code, { origin: trustedOrigin(request), prefix: ocdsPrefix })
    : null;
  return body === null ? openDataNotFound() : openDataResponse(body);
}
