import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { paymentsExport } from '~/services/exports/payments.server';

// Every payment of an instalment (requested, approved, paid, failed, reversed), from the
// payments dashboard (/review/payments), filtered by ?status=; the same staff check as the
// dashboard. review.payments.disbursements[.]xlsx.ts is this loader too.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return paymentsExport(db, request);
}
