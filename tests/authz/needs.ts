import { saveAttachment } from '~/services/attachments/attachments.server';
import { all, none, staffOnly, type Fixtures, type MatrixEntry, type Row } from '../authz-rows';
import { makeChallenge, tinyPng } from '../factories';

const enterprises: Row = {
  ...all('forbidden'),
  anonymous: 'login',
  enterpriseA: 'ok',
  enterpriseB: 'ok',
};
/** Enterprise A's own record: B gets 404 as if it did not exist. */
const ownedByA: Row = { ...enterprises, enterpriseB: 'notFound' };

/** A need (open bounty) of enterprise A in `status`, not yet published. */
async function needOf(f: Fixtures, status: string) {
  const need = await makeChallenge(f.db, {
    enterpriseId: f.actors.enterpriseA.organizationId,
    status,
    published: false,
    bountyFen: null,
  });
  return need.id;
}

export const entries: Record<string, MatrixEntry> = {
  'needs._index': { loader: enterprises, action: none },
  'needs.new': { loader: enterprises, action: enterprises },
  'needs.$id._index': {
    params: async (f) => ({ id: await needOf(f, 'DRAFT') }),
    loader: ownedByA,
    action: ownedByA,
  },
  'needs.$id.edit': {
    params: async (f) => ({ id: await needOf(f, 'DRAFT') }),
    loader: ownedByA,
    action: ownedByA,
  },
  'review._index': {
    loader: { ...staffOnly, reviewer: 'redirect', admin: 'redirect' },
    action: none,
  },
  'review.needs._index': { loader: staffOnly, action: none },
  'review.needs.$id': {
    params: async (f) => ({ id: await needOf(f, 'SUBMITTED') }),
    loader: staffOnly,
    action: staffOnly,
  },
  // an attachment of enterprise A's draft: nobody else may know it exists, the bureau included
  'attachments.$id': {
    params: async (f) => {
      const id = await needOf(f, 'DRAFT');
      const file = new File([tinyPng()], 'pixel.png', { type: 'image/png' });
      const saved = await saveAttachment(f.db, { ownerType: 'Challenge', ownerId: id, file });
      return { id: saved.attachment.id };
    },
    loader: { ...all('notFound'), enterpriseA: 'ok' },
    action: none,
  },
};
