// The contract page (workspace.contracts.$code), where the parties and the bureau follow a
// contract: its milestones, evidence and payments.
import { db } from '~/lib/db.server';
import { action, loader } from '~/routes/workspace.contracts.$code/route';
import { args, formPost, signedInRequest, thrownOrReturned, type SignedIn } from '../route-call';

/** The page as `user` sees it: its data, or the Response it threw. */
export async function viewContract(user: SignedIn, code: string) {
  const request = await signedInRequest(db, user, `/workspace/contracts/${code}`);
  return thrownOrReturned(() => loader(args(request, { code })));
}

/** Posts one of the page's forms as `user`, with `files` as its evidence when given. */
export async function postToContract(
  user: SignedIn,
  code: string,
  fields: Record<string, string>,
  files?: File[],
) {
  let init: RequestInit;
  if (files) {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.set(k, v);
    for (const f of files) fd.append('file', f);
    init = { method: 'POST', body: fd };
  } else init = formPost(fields);
  const request = await signedInRequest(db, user, `/workspace/contracts/${code}`, init);
  return thrownOrReturned(() => action(args(request, { code })));
}
