// Helpers shared by the applications test files.
import { db } from '~/lib/db.server';
import { action as applyAction } from '~/routes/apply.$code';
import { action as detailAction, loader as detailLoader } from '~/routes/applications.$id._index';
import { makeChallenge, makeUser, type TestUser } from './factories';
import { args, location, postAs, signedInRequest, thrownOrReturned } from './route-call';

export const idFrom = (r: unknown) =>
  /\/applications\/([^?/]+)/.exec(location(r) ?? '')?.[1] ?? null;

/** An enterprise user owning a challenge (open, fixed bounty unless told), and the challenge. */
export async function challengeWithOwner(opts: Parameters<typeof makeChallenge>[1] = {}) {
  const challenge = await makeChallenge(db, opts);
  const owner = await makeUser(db, { role: 'ENTERPRISE', organizationId: challenge.enterpriseId });
  return { challenge, owner };
}

export function apply(user: TestUser, code: string, fields: Record<string, string>) {
  return postAs(db, applyAction, user, `/apply/${code}`, fields, { code });
}

export function detail(user: TestUser, id: string, fields: Record<string, string>) {
  return postAs(db, detailAction, user, `/applications/${id}`, fields, { id });
}

export function view(user: TestUser, id: string) {
  return thrownOrReturned(async () =>
    detailLoader(args(await signedInRequest(db, user, `/applications/${id}`), { id })),
  );
}

export function upload(user: TestUser, id: string, file: File) {
  const form = new FormData();
  form.set('file', file);
  return thrownOrReturned(async () =>
    detailAction(
      args(await signedInRequest(db, user, `/applications/${id}`, { method: 'POST', body: form }), {
        id,
      }),
    ),
  );
}

export const rowsOf = (challengeId: string, teamId: string) =>
  db.application.findMany({ where: { challengeId, teamId } });
