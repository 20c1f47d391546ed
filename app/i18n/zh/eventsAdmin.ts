// Strings of one feature (namespace "eventsAdmin"); en/eventsAdmin.ts has the same keys.
export const eventsAdmin = {
  title: 'eventsAdmin',
};
