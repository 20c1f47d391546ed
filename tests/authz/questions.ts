import { all, signedIn, type MatrixEntry } from '../authz-rows';

// A challenge's public page, with its clarifications section. The action serves the ask,
// answer and hide/unhide forms: anyone signed in reaches it, and an empty form (no intent)
// answers with field errors; which intent each role may use is tested in
// tests/questions.db.test.ts.
export const entries: Record<string, MatrixEntry> = {
  'challenges.$code': {
    params: (f) => ({ code: f.challengeCode }),
    loader: all('ok'),
    action: signedIn,
  },
};
