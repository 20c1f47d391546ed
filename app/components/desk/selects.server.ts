// What the bureau's desks read of an award (the evaluation services export no such shape): the
// proposal and its decision, for the award desk and each challenge's evaluation desk.
export const awardDecisionSelect = {
  id: true,
  applicationId: true,
  status: true,
  slotNo: true,
  proposedById: true,
  proposedAt: true,
  decidedById: true,
  decidedAt: true,
  reason: true,
} as const;
