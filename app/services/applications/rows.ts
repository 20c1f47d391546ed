// What the application services share: their refusals' namespace, the stored strings as the
// domain's types, and the form's input as an application row.
import type { ApplicationStatus } from '~/domain/application';
import type { BountyType } from '~/domain/application-rules';
import { isNeedStatus, type NeedStatus } from '~/domain/need';
import type { ApplicationInput } from '~/forms/applications';

/** The translation namespace of the application services' refusals. */
export const APPLICATION_ERRORS = 'applications.errors';

export const needStatus = (s: string): NeedStatus => (isNeedStatus(s) ? s : 'DRAFT');
export const appStatus = (s: string) => s as ApplicationStatus;
export const bountyTypeOf = (s: string): BountyType => (s === 'OPEN' ? 'OPEN' : 'FIXED');
export const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The form's text as the columns it is saved in. */
export function rowData(input: ApplicationInput) {
  return {
    institution: input.institution,
    approach: input.approach,
    schedule: input.schedule,
    budgetFen: BigInt(input.budgetFen),
    requestedFen: input.requestedFen === null ? null : BigInt(input.requestedFen),
    membersJson: JSON.stringify(input.members),
  };
}
