import type { LoaderFunctionArgs } from '@remix-run/node';
import { actorOf, notFound, requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { applicationsExport } from '~/services/exports/applications.server';
import { challengeDesk } from './review.challenges.$code/desk.server';

// A challenge's applications as its evaluation desk ranks them, as a file: the desk's own rows,
// behind the desk's staff check. review.challenges.$code.applications[.]xlsx.ts is this
// loader too.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request);
  const desk = await challengeDesk(db, params.code ?? '', actorOf(user));
  if (!desk) throw notFound();
  return applicationsExport(request, desk);
}
