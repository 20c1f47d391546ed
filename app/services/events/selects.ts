/** A matching event as its lists and pages name it; the events service owns the record. */
export const eventCardSelect = {
  slug: true,
  name: true,
  nameEn: true,
  industry: true,
  date: true,
  place: true,
} as const;
