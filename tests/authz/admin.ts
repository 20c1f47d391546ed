import { adminOnly, none, type MatrixEntry } from '../authz-rows';

export const entries: Record<string, MatrixEntry> = {
  'admin._index': { loader: { ...adminOnly, admin: 'redirect' }, action: none },
  'admin.users': { loader: adminOnly, action: adminOnly },
  'admin.organizations': { loader: adminOnly, action: none },
  'admin.audit': { loader: adminOnly, action: none },
  'admin.mail': { loader: adminOnly, action: none },
};
