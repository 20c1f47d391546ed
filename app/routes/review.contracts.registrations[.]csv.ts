import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { techRegistrationsExport } from '~/services/exports/tech-registrations.server';

// The technology contract registration sheet of a period (?year=, ?quarter=) for the bureau's
// staff; review.contracts.registrations[.]xlsx.ts is this loader too.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return techRegistrationsExport(db, request);
}
