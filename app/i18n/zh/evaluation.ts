// Strings of one feature (namespace "evaluation"); en/evaluation.ts has the same keys.
export const evaluation = {
  title: 'evaluation',
};
