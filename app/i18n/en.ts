// The English catalogue, whole, in the same parts as zh.ts.
import type { Dictionary } from './zh';
import type { DeepStrings } from './types';
import { enMembers } from './en-members';
import { enPublic } from './en-public';
import { enStaff } from './en-staff';

// built in a call marked pure, as zh.ts is
export const en: DeepStrings<Dictionary> = /* @__PURE__ */ (() => ({
  ...enPublic,
  ...enMembers,
  ...enStaff,
  applications: { ...enPublic.applications, ...enMembers.applications },
  funding: { ...enPublic.funding, ...enMembers.funding },
  alerts: {
    ...enPublic.alerts,
    ...enMembers.alerts,
    errors: { ...enPublic.alerts.errors, ...enMembers.alerts.errors },
  },
  needs: { ...enPublic.needs, ...enMembers.needs },
  admin: { ...enMembers.admin, ...enStaff.admin },
}))();
