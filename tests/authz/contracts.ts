// The contracts desk's routes in the authorization matrix. The seeded contract HT-2021-001
// belongs to enterprise A (zhang.mingyuan) and team X (mengqf); the open-bounty negotiation
// is made between the same two organisations.
import {
  all,
  none,
  orgMembers,
  staffOnly,
  type Fixtures,
  type MatrixEntry,
  type Row,
} from '../authz-rows';
import { makeApprovedAward } from '../factories';

/** The two parties of the record and the bureau; the other organisations get 404. */
const partiesAndStaff: Row = {
  ...all('ok'),
  anonymous: 'login',
  enterpriseB: 'notFound',
  teamY: 'notFound',
};
/** The two parties write; the bureau reads only. */
const partiesOnly: Row = { ...partiesAndStaff, reviewer: 'forbidden', admin: 'forbidden' };

async function openAwardOfAandX(f: Fixtures) {
  const { award } = await makeApprovedAward(f.db, {
    bountyFen: null,
    enterpriseId: f.actors.enterpriseA.organizationId,
    teamId: f.actors.teamX.organizationId,
  });
  return { awardId: award.id };
}

export const entries: Record<string, MatrixEntry> = {
  'review.contracts._index': { loader: staffOnly, action: none },
  'review.contracts.new.$awardId': {
    params: async (f) => ({ awardId: (await makeApprovedAward(f.db)).award.id }),
    loader: staffOnly,
    action: staffOnly,
  },
  'negotiation.$awardId': {
    params: openAwardOfAandX,
    loader: partiesAndStaff,
    action: partiesOnly,
  },
  'workspace.contracts._index': { loader: orgMembers, action: none },
  'workspace.contracts.$code': {
    params: (f) => ({ code: f.contractCode }),
    loader: partiesAndStaff,
    action: partiesAndStaff,
  },
};
