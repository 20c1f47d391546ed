// The shapes in which the services read a challenge (the needs service owns the record), one
// constant a shape, so that pages showing the same thing read the same columns.

/** An organisation's name in both languages, as every page names it. */
export const orgNamesSelect = { select: { name: true, nameEn: true } } as const;

/** A challenge as a list or card names it: code, titles, industry field, enterprise. */
export const challengeCardSelect = {
  id: true,
  code: true,
  title: true,
  titleEn: true,
  field: true,
  enterprise: orgNamesSelect,
} as const;

/** A challenge as its enterprise's own lists head it, with the internal reference. */
export const ownChallengeSelect = {
  id: true,
  ref: true,
  code: true,
  title: true,
  status: true,
  applicationDeadline: true,
} as const;

/** A challenge as an application's pages head it: title, status, deadline, bounty, enterprise. */
export const challengeSummarySelect = {
  id: true,
  code: true,
  title: true,
  titleEn: true,
  status: true,
  applicationDeadline: true,
  bountyType: true,
  bountyFen: true,
  enterpriseId: true,
  enterprise: orgNamesSelect,
} as const;

/** A need as its owner and the vetting desk read it: what was filed and its review trail. */
export const needDetailSelect = {
  id: true,
  ref: true,
  code: true,
  status: true,
  title: true,
  titleEn: true,
  field: true,
  background: true,
  bountyFen: true,
  applicationDeadline: true,
  implementationMonths: true,
  contactName: true,
  contactPhone: true,
  targets: { orderBy: { position: 'asc' }, select: { text: true } },
  reviews: { orderBy: { at: 'asc' }, select: { action: true, comment: true, at: true } },
} as const;
