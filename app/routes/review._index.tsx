import type { LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { requireStaff } from '~/lib/auth.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  throw redirect('/review/needs');
}

// Never shown (the loader always redirects), but it makes this a page rather than a resource
// route, so that a refusal renders the section's error page instead of a bare "Forbidden".
export default function Index() {
  return null;
}
