// The reward payments' routes in the authorization matrix: the bureau's dashboard, and an
// organisation's own payments (a team's, or the instalments of an enterprise's contracts).
// The contract page's payment forms are intents of workspace.contracts.$code (its entry is in
// ./contracts.ts; an empty form has no intent, so its outcomes are unchanged).
import { none, orgMembers, staffOnly, type MatrixEntry } from '../authz-rows';

export const entries: Record<string, MatrixEntry> = {
  'review.payments': { loader: staffOnly, action: none },
  'workspace.payments': { loader: orgMembers, action: none },
};
