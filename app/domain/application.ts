/**
 * Application (揭榜) lifecycle: a research team's bid on a published challenge.
 */
import { lifecycle, type TransitionTable } from './lifecycle';
import { oneOf } from './one-of';
import type { Role } from './roles';

export const APPLICATION_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'SHORTLISTED',
  'AWARDED',
  'DECLINED',
  'WITHDRAWN',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const APPLICATION_ACTIONS = [
  'submit',
  'shortlist',
  'award',
  'decline',
  'withdraw',
  'reopen',
  'renounce',
  'vacate',
  'promote',
] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];

const BUREAU = ['REVIEWER', 'ADMIN'] as const;

export const APPLICATION_TRANSITIONS: TransitionTable<ApplicationStatus, ApplicationAction, Role> =
  {
    DRAFT: {
      submit: { to: 'SUBMITTED', by: ['TEAM'] },
      withdraw: { to: 'WITHDRAWN', by: ['TEAM'] },
    },
    SUBMITTED: {
      shortlist: { to: 'SHORTLISTED', by: BUREAU },
      // A bid that never makes the shortlist must still reach a decision, or it would keep
      // the team's active slot and show as pending forever.
      decline: { to: 'DECLINED', by: BUREAU },
      withdraw: { to: 'WITHDRAWN', by: ['TEAM'] },
      promote: { to: 'AWARDED', by: ['ADMIN'] },
    },
    SHORTLISTED: {
      // Only an admin records the win: it happens when an award proposal passes four-eyes.
      award: { to: 'AWARDED', by: ['ADMIN'] },
      decline: { to: 'DECLINED', by: BUREAU },
      withdraw: { to: 'WITHDRAWN', by: ['TEAM'] },
      // the next-ranked team takes a vacated slot (docs/decisions/033)
      promote: { to: 'AWARDED', by: ['ADMIN'] },
    },
    AWARDED: {
      // the team declines its award before signing (docs/decisions/033)
      renounce: { to: 'WITHDRAWN', by: ['TEAM'] },
      // no contract signed in time, or an upheld appeal took the slot
      vacate: { to: 'DECLINED', by: BUREAU },
    },
    DECLINED: {
      // An admin upholds the team's appeal: the evaluation is reopened (docs/decisions/034).
      reopen: { to: 'SUBMITTED', by: ['ADMIN'] },
      promote: { to: 'AWARDED', by: ['ADMIN'] },
    },
    WITHDRAWN: {},
  };

/**
 * Statuses that hold the "one active application per team per challenge" slot. AWARDED
 * keeps it so a winning team cannot open a second bid on the same challenge. The rule must
 * also be enforced by the database (a unique index over an "active" key), since two
 * concurrent requests can both pass a check made here.
 */
export const ACTIVE_APPLICATION_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'SHORTLISTED',
  'AWARDED',
] as const satisfies readonly ApplicationStatus[];

export const isApplicationStatus = oneOf(APPLICATION_STATUSES);

export function isActiveApplication(status: ApplicationStatus): boolean {
  return (ACTIVE_APPLICATION_STATUSES as readonly ApplicationStatus[]).includes(status);
}

/** Whether a team whose applications to one challenge have these statuses may start another. */
export function canStartApplication(existingStatuses: readonly ApplicationStatus[]): boolean {
  return !existingStatuses.some(isActiveApplication);
}

export const { transition: transitionApplication, allowed: allowedApplicationActions } =
  lifecycle(APPLICATION_TRANSITIONS);
