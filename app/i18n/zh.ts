// The Chinese catalogue, whole: the server translates with it and the types check every key
// against it. A browser fetches it in parts, by the pages' area (app/i18n/areas.ts): a key goes
// into the part of the pages that show it.
import { zhMembers } from './zh-members';
import { zhPublic } from './zh-public';
import { zhStaff } from './zh-staff';

// Chinese is the default language; en.ts must have exactly the same keys (checked by a test).
// The call is marked pure so that the browser's build, which fetches the parts one by one,
// drops it: spreads at the top of a module would stay (they could run getters).
export const zh = /* @__PURE__ */ (() => ({
  ...zhPublic,
  ...zhMembers,
  ...zhStaff,
  // the namespaces whose keys are shared out between parts
  applications: { ...zhPublic.applications, ...zhMembers.applications },
  funding: { ...zhPublic.funding, ...zhMembers.funding },
  alerts: {
    ...zhPublic.alerts,
    ...zhMembers.alerts,
    errors: { ...zhPublic.alerts.errors, ...zhMembers.alerts.errors },
  },
  needs: { ...zhPublic.needs, ...zhMembers.needs },
  admin: { ...zhMembers.admin, ...zhStaff.admin },
}))();

export type Dictionary = typeof zh;
