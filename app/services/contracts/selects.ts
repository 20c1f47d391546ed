// The fields of a milestone that its contract's terms fix and its progress moves, as every
// view of a schedule shows them (the public contract page, the parties' contract page, the
// instalments export).
export const milestoneTermsSelect = {
  seq: true,
  title: true,
  dueDate: true,
  shareBp: true,
  amountFen: true,
  status: true,
  acceptedAt: true,
} as const;
