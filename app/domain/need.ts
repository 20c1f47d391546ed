/**
 * Need (写榜需求) / challenge (榜单) lifecycle. A need becomes a challenge when the bureau
 * publishes it; both are one record, so one table covers the whole life.
 */
import { canTransition, lifecycle, type TransitionTable } from './lifecycle';
import { oneOf } from './one-of';
import { isStaffRole, type Role } from './roles';
import { assertValidDate, startOfNextShanghaiDay } from './shanghai-date';
import { yearCode } from './year-code';

export const NEED_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'RETURNED',
  'PUBLISHED',
  'REJECTED',
  'WITHDRAWN',
  'CLOSED',
  'AWARDED',
  'UNAWARDED',
  'COMPLETED',
  'TERMINATED',
] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

export const NEED_ACTIONS = [
  'submit',
  'resubmit',
  'return',
  'publish',
  'reject',
  'withdraw',
  'close',
  'award',
  'unaward',
  'complete',
  'terminate',
] as const;
export type NeedAction = (typeof NEED_ACTIONS)[number];

const BUREAU = ['REVIEWER', 'ADMIN'] as const;

export const NEED_TRANSITIONS: TransitionTable<NeedStatus, NeedAction, Role> = {
  DRAFT: {
    submit: { to: 'SUBMITTED', by: ['ENTERPRISE'] },
    withdraw: { to: 'WITHDRAWN', by: ['ENTERPRISE'] },
  },
  SUBMITTED: {
    return: { to: 'RETURNED', by: BUREAU },
    publish: { to: 'PUBLISHED', by: BUREAU },
    reject: { to: 'REJECTED', by: BUREAU },
    withdraw: { to: 'WITHDRAWN', by: ['ENTERPRISE'] },
  },
  RETURNED: {
    resubmit: { to: 'SUBMITTED', by: ['ENTERPRISE'] },
    withdraw: { to: 'WITHDRAWN', by: ['ENTERPRISE'] },
  },
  PUBLISHED: {
    // SYSTEM closes at the deadline; staff may close early (e.g. the enterprise's need vanished).
    close: { to: 'CLOSED', by: ['SYSTEM', 'REVIEWER', 'ADMIN'] },
  },
  REJECTED: {},
  WITHDRAWN: {},
  CLOSED: {
    // Awarding binds public money, so only an admin records it (after four-eyes on the award).
    award: { to: 'AWARDED', by: ['ADMIN'] },
    unaward: { to: 'UNAWARDED', by: BUREAU },
  },
  AWARDED: {
    // SYSTEM when its last running contract is accepted or terminated (challengeSettlement)
    complete: { to: 'COMPLETED', by: ['SYSTEM', 'ADMIN'] },
    terminate: { to: 'TERMINATED', by: ['SYSTEM', 'ADMIN'] },
  },
  UNAWARDED: {},
  COMPLETED: {},
  TERMINATED: {},
};

export const isNeedStatus = oneOf(NEED_STATUSES);

export const { transition: transitionNeed, allowed: allowedNeedActions } =
  lifecycle(NEED_TRANSITIONS);

/** Statuses the public may see: the challenge has been published (whatever happened since). */
export const PUBLIC_STATUSES = [
  'PUBLISHED',
  'CLOSED',
  'AWARDED',
  'UNAWARDED',
  'COMPLETED',
  'TERMINATED',
] as const satisfies readonly NeedStatus[];

/**
 * Statuses counted as "needs collected" (写榜需求) in the programme statistics: everything
 * but DRAFT, because the bureau counts a need once the enterprise has handed it in.
 */
export const COLLECTED_STATUSES = NEED_STATUSES.filter(
  (s): s is Exclude<NeedStatus, 'DRAFT'> => s !== 'DRAFT',
);

export function isPublicStatus(status: NeedStatus): boolean {
  return (PUBLIC_STATUSES as readonly NeedStatus[]).includes(status);
}

/*
 * Deadline convention. An application deadline is a calendar day in Asia/Shanghai, stored as
 * the instant that day starts (2021-08-31 is stored as 2021-08-31T00:00+08:00 =
 * 2021-08-30T16:00Z). Applications are accepted during the whole of that day and close at the
 * start of the next Shanghai day (2021-09-01T00:00+08:00). A stored instant later in the day
 * is read as its Shanghai calendar day, so a deadline saved with a stray time still means
 * "until the end of that day" rather than closing mid-afternoon.
 */

/** The instant applications stop being accepted for a challenge with this deadline. */
export function applicationsCloseAt(applicationDeadline: Date): Date {
  assertValidDate(applicationDeadline, 'applicationDeadline');
  return startOfNextShanghaiDay(applicationDeadline);
}

export function isPastDeadline(applicationDeadline: Date, now: Date): boolean {
  assertValidDate(now, 'now');
  return now.getTime() >= applicationsCloseAt(applicationDeadline).getTime();
}

/**
 * The status to show and to act on. A PUBLISHED challenge past its deadline is CLOSED even
 * before the SYSTEM job has written the `close` transition, so no page ever offers an
 * expired challenge for application. A PUBLISHED challenge without a deadline stays open
 * until staff close it by hand.
 */
export function effectiveNeedStatus(
  status: NeedStatus,
  applicationDeadline: Date | null,
  now: Date,
): NeedStatus {
  if (status !== 'PUBLISHED' || applicationDeadline === null) return status;
  return isPastDeadline(applicationDeadline, now) ? 'CLOSED' : status;
}

export function isOpenForApplications(
  status: NeedStatus,
  applicationDeadline: Date | null,
  now: Date,
): boolean {
  return effectiveNeedStatus(status, applicationDeadline, now) === 'PUBLISHED';
}

/** The longest reason the bureau may give for closing applications before the deadline. */
export const CLOSE_REASON_MAX_LENGTH = 500;

export type EarlyCloseRefusal = 'notOpen' | 'role';

/**
 * May `actor` close applications to this challenge now, ahead of its deadline? It is the
 * table's `close` edge taken by bureau staff with a reason, so that expert review can start
 * before the deadline the enterprise chose. Only while the challenge is still open: past the
 * deadline it is closed already and there is nothing early about it. SYSTEM takes the same
 * edge at the deadline but never "early", so it is refused here. The status is checked first
 * (as applyTransition does), so a closed challenge reads "not open" to everyone.
 */
export function canCloseEarly(
  status: NeedStatus,
  applicationDeadline: Date | null,
  actor: Role,
  now: Date,
): { ok: true } | { ok: false; reason: EarlyCloseRefusal } {
  if (!isOpenForApplications(status, applicationDeadline, now)) {
    return { ok: false, reason: 'notOpen' };
  }
  if (!isStaffRole(actor) || !canTransition(NEED_TRANSITIONS, status, 'close', actor)) {
    return { ok: false, reason: 'role' };
  }
  return { ok: true };
}

/** Public challenge number, e.g. ZB-2021-056: year of publication and a per-year sequence. */
export const { format: formatChallengeCode, parse: parseChallengeCode } = yearCode('ZB');
