import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { instalmentsExport } from '~/services/exports/payments.server';

// Every contract instalment and how far its payment is, from the payments dashboard
// (/review/payments), filtered by ?state=; the same staff check as the dashboard.
// review.payments.instalments[.]xlsx.ts is this loader too.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return instalmentsExport(db, request);
}
