// Strings of one feature (namespace "catalogue"); en/catalogue.ts has the same keys.
export const catalogue = {
  title: 'catalogue',
};
