import { staffOnly, type MatrixEntry } from '../authz-rows';

// The bureau's matching-event desk (review.events.*): staff only, loaders and actions alike.
// An empty POST from staff answers with field errors ('ok').
export const entries: Record<string, MatrixEntry> = {
  'review.events._index': { loader: staffOnly, action: staffOnly },
  'review.events.$slug': {
    params: (f) => ({ slug: f.eventSlug }),
    loader: staffOnly,
    action: staffOnly,
  },
};
