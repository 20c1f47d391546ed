// Strings of one feature (namespace "needs"); en/needs.ts has the same keys.
export const needs = {
  title: 'needs',
};
