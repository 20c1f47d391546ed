// Strings of one feature (namespace "applications"); en/applications.ts has the same keys.
export const applications = {
  title: 'applications',
};
