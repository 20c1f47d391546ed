import { none, staffOnly, type MatrixEntry } from '../authz-rows';

export const entries: Record<string, MatrixEntry> = {
  review: { loader: staffOnly, action: none },
};
