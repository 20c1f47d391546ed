import { publicPage, type MatrixEntry } from '../authz-rows';

// the printable programme report: public, like /stats
export const entries: Record<string, MatrixEntry> = {
  report: publicPage,
};
