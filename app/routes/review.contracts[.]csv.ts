import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { contractsExport } from '~/services/exports/contracts.server';

// The bureau's registered contracts (/review/contracts) as a file, with the list's status
// filter; the same staff check as the list. review.contracts[.]xlsx.ts is this loader too.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return contractsExport(db, request);
}
