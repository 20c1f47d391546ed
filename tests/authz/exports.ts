// The lists' exports (CSV and Excel) in the authorization matrix: the public catalogue's is
// public like the catalogue; each staff list's is for staff only, like its list.
import { none, publicPage, staffOnly, type MatrixEntry } from '../authz-rows';

const staffExport = { loader: staffOnly, action: none };

export const entries: Record<string, MatrixEntry> = {
  'challenges[.]csv': publicPage,
  'challenges[.]xlsx': publicPage,
  'review.contracts[.]csv': staffExport,
  'review.contracts[.]xlsx': staffExport,
  'review.contracts.registrations[.]csv': staffExport,
  'review.contracts.registrations[.]xlsx': staffExport,
  'review.payments.instalments[.]csv': staffExport,
  'review.payments.instalments[.]xlsx': staffExport,
  'review.payments.disbursements[.]csv': staffExport,
  'review.payments.disbursements[.]xlsx': staffExport,
  'review.challenges.$code.applications[.]csv': {
    ...staffExport,
    params: (f) => ({ code: f.challengeCode }),
  },
  'review.challenges.$code.applications[.]xlsx': {
    ...staffExport,
    params: (f) => ({ code: f.challengeCode }),
  },
};
