/**
 * Application (揭榜) rules beyond the transition table (app/domain/application.ts): when a team
 * may apply, edit, submit and withdraw, and what an application's amounts and roster must be.
 * Pure, no I/O; the services in app/services/applications/ apply them.
 *
 * - Apply: a TEAM, on a challenge open for applications (isOpenForApplications: effectively
 *   PUBLISHED and before the end of the deadline day, whether or not the SYSTEM job has closed
 *   it yet), while the team holds no active application to it (one active application per team
 *   per challenge; the database enforces it too, with a unique index over `active`).
 * - Edit, attachments, submit: while the application is DRAFT or SUBMITTED and the challenge is
 *   still open. After the deadline the applications are what the reviewers score.
 * - Withdraw: until decided (DRAFT, SUBMITTED, SHORTLISTED), also after the deadline.
 * - Requested amount: required when the bounty is open (不限定榜额), positive and at most
 *   5 亿元; refused on a fixed bounty, whose amount is the challenge's and not negotiable.
 * - Budget: required, ≥ 0, at most 5 亿元 (a larger figure is a typing slip).
 * - Members: 1 to 20, each with a name and a role.
 */
import {
  ACTIVE_APPLICATION_STATUSES,
  allowedApplicationActions,
  isActiveApplication,
  type ApplicationStatus,
} from './application';
import { isOpenForApplications, type NeedStatus } from './need';
import type { Role } from './roles';

export const MAX_MEMBERS = 20;
/** 5 亿元 in fen: the ceiling of a requested amount and of a budget. */
export const MAX_APPLICATION_AMOUNT_FEN = 50_000 * 1_000_000;

export const EDITABLE_APPLICATION_STATUSES = [
  'DRAFT',
  'SUBMITTED',
] as const satisfies readonly ApplicationStatus[];
export const DECIDED_APPLICATION_STATUSES = [
  'AWARDED',
  'DECLINED',
] as const satisfies readonly ApplicationStatus[];

export type BountyType = 'FIXED' | 'OPEN';

export type ChallengeState = {
  status: NeedStatus;
  applicationDeadline: Date | null;
};

export type Decision<R extends string> = { ok: true } | { ok: false; reason: R };
const yes = { ok: true } as const;
const no = <R extends string>(reason: R) => ({ ok: false, reason }) as const;

export type ApplyRefusal = 'closed' | 'alreadyActive';

/**
 * May a team start an application on this challenge now? `existingStatuses` are the statuses
 * of the team's applications to it (any of them active refuses).
 */
export function mayApply(
  challenge: ChallengeState,
  existingStatuses: readonly ApplicationStatus[],
  now: Date,
): Decision<ApplyRefusal> {
  if (!isOpenForApplications(challenge.status, challenge.applicationDeadline, now))
    return no('closed');
  if (existingStatuses.some(isActiveApplication)) return no('alreadyActive');
  return yes;
}

export type EditRefusal = 'status' | 'closed';

/** May the team still change the application (its text, its attachments)? */
export function mayEdit(
  status: ApplicationStatus,
  challenge: ChallengeState,
  now: Date,
): Decision<EditRefusal> {
  if (!(EDITABLE_APPLICATION_STATUSES as readonly ApplicationStatus[]).includes(status))
    return no('status');
  if (!isOpenForApplications(challenge.status, challenge.applicationDeadline, now))
    return no('closed');
  return yes;
}

/** May the team submit its draft now? Only a draft, only before the deadline. */
export function maySubmit(
  status: ApplicationStatus,
  challenge: ChallengeState,
  now: Date,
): Decision<EditRefusal> {
  if (status !== 'DRAFT') return no('status');
  return mayEdit(status, challenge, now);
}

/** May the team withdraw the application? Until it is decided, whatever the date. */
export function mayWithdraw(status: ApplicationStatus): boolean {
  return allowedApplicationActions(status, 'TEAM').includes('withdraw');
}

export function isDecided(status: ApplicationStatus): boolean {
  return (DECIDED_APPLICATION_STATUSES as readonly ApplicationStatus[]).includes(status);
}

/** The statuses that hold the team's one active place (re-exported for the services). */
export const ACTIVE_STATUSES = ACTIVE_APPLICATION_STATUSES;

export type RequestedAmountError = 'required' | 'notAllowed' | 'positive' | 'tooLarge';

/**
 * The amount a team asks for: required (and > 0, ≤ 5 亿元) when the bounty is open; a fixed
 * bounty takes no requested amount (refused, so that a team never believes it asked for more).
 */
export function requestedAmountError(
  bountyType: BountyType,
  requestedFen: number | null,
): RequestedAmountError | null {
  if (bountyType === 'FIXED') return requestedFen === null ? null : 'notAllowed';
  if (requestedFen === null) return 'required';
  if (requestedFen <= 0) return 'positive';
  if (requestedFen > MAX_APPLICATION_AMOUNT_FEN) return 'tooLarge';
  return null;
}

export type BudgetError = 'required' | 'negative' | 'tooLarge';

export function budgetError(budgetFen: number | null): BudgetError | null {
  if (budgetFen === null) return 'required';
  if (budgetFen < 0) return 'negative';
  if (budgetFen > MAX_APPLICATION_AMOUNT_FEN) return 'tooLarge';
  return null;
}

export type Member = { name: string; role: string; title?: string | null };
export type MembersError = 'required' | 'tooMany' | 'incomplete';

export function membersError(members: readonly Member[]): MembersError | null {
  if (members.length === 0) return 'required';
  if (members.length > MAX_MEMBERS) return 'tooMany';
  if (members.some((m) => !m.name.trim() || !m.role.trim())) return 'incomplete';
  return null;
}

/** The roster as stored (membersJson), read back defensively: anything malformed is dropped. */
export function parseMembers(json: string | null | undefined): Member[] {
  if (!json) return [];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.flatMap((m: unknown) => {
    if (!m || typeof m !== 'object') return [];
    const { name, role, title } = m as Record<string, unknown>;
    if (typeof name !== 'string' || typeof role !== 'string') return [];
    return [{ name, role, title: typeof title === 'string' && title ? title : null }];
  });
}

/** Who is looking: null for an anonymous visitor. */
export type ApplicationViewer = {
  userId: string;
  role: Role;
  organizationId: string;
} | null;

export type ApplicationFacts = {
  teamId: string;
  enterpriseId: string;
  /** ever submitted: a draft (or a draft withdrawn unsent) is the team's alone */
  submitted: boolean;
  /** the viewer holds a ReviewAssignment row for it (recused or not) */
  assignedToViewer: boolean;
};

/**
 * Who sees an application: its team always; the challenge's enterprise and the bureau's admins
 * once it has been submitted; a reviewer only when assigned to it; the public never.
 */
export function maySeeApplication(viewer: ApplicationViewer, a: ApplicationFacts): boolean {
  if (!viewer) return false;
  switch (viewer.role) {
    case 'TEAM':
      return viewer.organizationId === a.teamId;
    case 'ENTERPRISE':
      return a.submitted && viewer.organizationId === a.enterpriseId;
    case 'REVIEWER':
      return a.submitted && a.assignedToViewer;
    case 'ADMIN':
      return a.submitted;
    default:
      return false;
  }
}
