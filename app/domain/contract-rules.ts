/**
 * The rules around a contract's registration and its milestones that the transition tables of
 * app/domain/contract.ts do not say by themselves: which awards can get a contract, what the
 * reward is, how milestone shares are typed, in which order milestones are delivered, who
 * confirms, and when the contract itself moves on.
 *
 * - A contract is registered by the bureau for an APPROVED award that has none yet (and was
 *   not stopped at a 赛马制 stage gate). The reward is the fixed bounty, or for an open bounty
 *   the accepted offer of the negotiation; without one there is no contract yet.
 * - The committed R&D investment is at least the reward; the signing date is not in the
 *   future and not before the award was approved; milestones fall due on or after signing, in
 *   order; shares are percentages with up to two decimals, summing to exactly 100 %.
 * - The team delivers milestones in order (a milestone once the earlier ones have been
 *   delivered at least once). The first delivery starts a SIGNED contract (SYSTEM `start`);
 *   the bureau may also start it.
 * - The enterprise accepts or rejects a delivery (the bureau may step in); the bureau confirms
 *   accepted milestones. A milestone the bureau accepts is confirmed at the same time.
 * - When every milestone is accepted and confirmed, the contract is accepted (验收), by the
 *   bureau member whose confirmation completed it.
 * - A contract is seen and acted on by its two parties and the bureau, nobody else.
 */
import {
  allowedContractActions,
  CONTRACT_TRANSITIONS,
  FULL_SHARE_BP,
  MILESTONE_TRANSITIONS,
  type ContractStatus,
  type MilestoneAction,
  type MilestoneStatus,
} from './contract';
import { canTransition, type TransitionTable } from './lifecycle';
import { isOneOf } from './one-of';
import { isStaffRole, type Role } from './roles';
import { startOfShanghaiDay } from './shanghai-date';
import { TECH_REGISTRATION_ACTIONS, TECH_REGISTRATION_TRANSITIONS } from './tech-registration';

/** More would be a schedule, not a contract's payment plan. */
export const MAX_MILESTONES = 12;

// ---------------------------------------------------------------------------------------------
// Registration

export type RegistrationRefusal = 'notApproved' | 'alreadyRegistered' | 'stopped';

export function canRegisterContract(award: {
  status: string;
  hasContract: boolean;
  stageGateOutcome: string | null;
}): { ok: true } | { ok: false; reason: RegistrationRefusal } {
  if (award.status !== 'APPROVED') return { ok: false, reason: 'notApproved' };
  if (award.hasContract) return { ok: false, reason: 'alreadyRegistered' };
  if (award.stageGateOutcome === 'STOP') return { ok: false, reason: 'stopped' };
  return { ok: true };
}

/** The reward of a contract: the fixed bounty, or the agreed amount of an open bounty. */
export function contractRewardFen(c: {
  bountyType: 'FIXED' | 'OPEN';
  bountyFen: number | null;
  acceptedOfferFen: number | null;
}): { ok: true; fen: number } | { ok: false; reason: 'noAgreedAmount' | 'noBounty' } {
  if (c.bountyType === 'FIXED') {
    return c.bountyFen !== null && c.bountyFen > 0
      ? { ok: true, fen: c.bountyFen }
      : { ok: false, reason: 'noBounty' };
  }
  return c.acceptedOfferFen !== null && c.acceptedOfferFen > 0
    ? { ok: true, fen: c.acceptedOfferFen }
    : { ok: false, reason: 'noAgreedAmount' };
}

export type ShareParse =
  | { ok: true; bp: number }
  | { ok: false; error: 'invalid' | 'too_precise' | 'not_positive' | 'too_large' };

/**
 * A share typed as a percentage with up to two decimals ("30", "33.33", "12.5") → basis
 * points, exactly: the digits are read as text, never through a float.
 */
export function parseSharePercent(input: string): ShareParse {
  const match = /^(\d{1,3})(?:\.(\d+))?$/.exec(input.trim());
  if (!match) return { ok: false, error: 'invalid' };
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > 2) return { ok: false, error: 'too_precise' };
  const bp = Number(match[1]) * 100 + Number(fraction.padEnd(2, '0'));
  if (bp <= 0) return { ok: false, error: 'not_positive' };
  if (bp > FULL_SHARE_BP) return { ok: false, error: 'too_large' };
  return { ok: true, bp };
}

/** Basis points as the percentage the form shows: 3333 → "33.33", 3000 → "30". */
export function formatSharePercent(bp: number): string {
  if (!Number.isSafeInteger(bp) || bp < 0) throw new RangeError(`not a share in bp: ${bp}`);
  const whole = Math.floor(bp / 100);
  const rest = bp % 100;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

/** The signing date (a Shanghai day) may not lie after today nor before the award's approval. */
export function checkSigningDate(
  signedAt: Date,
  now: Date,
  awardDecidedAt: Date | null,
): 'ok' | 'future' | 'beforeAward' {
  if (signedAt.getTime() > startOfShanghaiDay(now).getTime()) return 'future';
  if (awardDecidedAt && signedAt.getTime() < startOfShanghaiDay(awardDecidedAt).getTime())
    return 'beforeAward';
  return 'ok';
}

/**
 * Due dates fall on or after the signing day and do not go backwards. Returns the index of
 * the first offending milestone and why, or null.
 */
export function checkDueDates(
  signedAt: Date,
  dueDates: readonly Date[],
): { index: number; error: 'beforeSigning' | 'outOfOrder' } | null {
  let previous = -Infinity;
  for (const [index, due] of dueDates.entries()) {
    if (due.getTime() < signedAt.getTime()) return { index, error: 'beforeSigning' };
    if (due.getTime() < previous) return { index, error: 'outOfOrder' };
    previous = due.getTime();
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Milestones

export type MilestoneFacts = {
  seq: number;
  status: MilestoneStatus;
  confirmedAt: Date | string | null;
};

/** Milestone work happens while the contract runs: signed, or in progress. */
export function contractOpenForMilestones(status: ContractStatus): boolean {
  return status === 'SIGNED' || status === 'IN_PROGRESS';
}

/** A milestone may be delivered once every earlier one has been delivered at least once. */
export function earlierDelivered(milestones: readonly MilestoneFacts[], seq: number): boolean {
  return milestones.every((m) => m.seq >= seq || m.status !== 'PENDING');
}

/** Whether the first delivery should also start the contract (SIGNED → IN_PROGRESS). */
export function deliveryStartsContract(status: ContractStatus): boolean {
  return status === 'SIGNED';
}

/** The bureau confirms; the enterprise's acceptance alone does not release money. */
export const MILESTONE_CONFIRMERS = ['REVIEWER', 'ADMIN'] as const satisfies readonly Role[];

export function canConfirmMilestone(
  contractStatus: ContractStatus,
  milestone: Pick<MilestoneFacts, 'status' | 'confirmedAt'>,
  role: Role,
): boolean {
  return (
    contractStatus === 'IN_PROGRESS' &&
    milestone.status === 'ACCEPTED' &&
    !milestone.confirmedAt &&
    (MILESTONE_CONFIRMERS as readonly Role[]).includes(role)
  );
}

/** When the bureau itself accepts a delivery, that acceptance is its confirmation too. */
export function acceptanceConfirms(role: Role): boolean {
  return (MILESTONE_CONFIRMERS as readonly Role[]).includes(role);
}

/** Every milestone accepted and confirmed: the contract is done. */
export function allMilestonesDone(milestones: readonly MilestoneFacts[]): boolean {
  return (
    milestones.length > 0 && milestones.every((m) => m.status === 'ACCEPTED' && !!m.confirmedAt)
  );
}

export type MilestoneUiAction = MilestoneAction | 'confirm';

/**
 * What `role` (a party's role, or staff) may do to one milestone of a contract now: the
 * transition table, narrowed by the contract's status, the delivery order and confirmation.
 */
export function milestoneActionsFor(
  contractStatus: ContractStatus,
  milestones: readonly MilestoneFacts[],
  milestone: MilestoneFacts,
  role: Role,
): MilestoneUiAction[] {
  if (!contractOpenForMilestones(contractStatus)) return [];
  const actions: MilestoneUiAction[] = [];
  for (const action of ['deliver', 'redeliver', 'accept', 'reject'] as const) {
    if (!canTransition(MILESTONE_TRANSITIONS, milestone.status, action, role)) continue;
    if (action === 'deliver' && !earlierDelivered(milestones, milestone.seq)) continue;
    actions.push(action);
  }
  if (canConfirmMilestone(contractStatus, milestone, role)) actions.push('confirm');
  return actions;
}

export type ContractUiAction = 'start' | 'terminate';

/** What `role` may do to the contract as a whole; acceptance follows the milestones. */
export function contractActionsFor(status: ContractStatus, role: Role): ContractUiAction[] {
  if (!isStaffRole(role)) return [];
  return allowedContractActions(status, role).filter(
    (a): a is ContractUiAction => a === 'start' || a === 'terminate',
  );
}

export type ChallengeSettlement = 'complete' | 'terminate';

/**
 * An awarded challenge ends once nothing of it is still running: no approved award waits for
 * its contract (one stopped at a 赛马制 stage gate does not wait) and no contract is signed or
 * in progress. It is completed when at least one contract was accepted, terminated when every
 * one was terminated. Null while anything runs, or before any contract exists.
 */
export function challengeSettlement(facts: {
  contracts: readonly ContractStatus[];
  awards: readonly { status: string; hasContract: boolean; stageGateOutcome: string | null }[];
}): ChallengeSettlement | null {
  if (facts.contracts.length === 0) return null;
  if (facts.awards.some((a) => canRegisterContract(a).ok)) return null;
  if (facts.contracts.some((s) => s === 'SIGNED' || s === 'IN_PROGRESS')) return null;
  return facts.contracts.includes('ACCEPTED') ? 'complete' : 'terminate';
}

// ---------------------------------------------------------------------------------------------
// Who acts on a contract

/**
 * The role a user acts in on a contract: bureau staff as themselves, a member of the contract's
 * enterprise or team as that party; null for anyone else (to whom the contract does not exist).
 */
export function contractPartyRole(
  user: { role: Role; organizationId: string },
  parties: { enterpriseId: string; teamId: string },
): Role | null {
  if (isStaffRole(user.role)) return user.role;
  if (user.role === 'ENTERPRISE' && user.organizationId === parties.enterpriseId)
    return 'ENTERPRISE';
  if (user.role === 'TEAM' && user.organizationId === parties.teamId) return 'TEAM';
  return null;
}

/** The forms of the contract page (its payment forms aside). */
export const CONTRACT_INTENTS = [
  'deliver',
  'redeliver',
  'accept',
  'reject',
  'confirm',
  'start',
  'terminate',
  // 技术合同认定登记 (app/domain/tech-registration.ts): every step, told apart by its `step`
  'techRegistration',
] as const;
export type ContractIntent = (typeof CONTRACT_INTENTS)[number];

/** The users' roles a transition table lets take `action` from some status (SYSTEM is no user). */
function usersWho<S extends string, A extends string>(
  table: TransitionTable<S, A, Role>,
  action: A,
): Role[] {
  const roles = new Set<Role>();
  for (const edges of Object.values(table) as Partial<Record<A, { by: readonly Role[] }>>[])
    for (const role of edges[action]?.by ?? []) if (role !== 'SYSTEM') roles.add(role);
  return [...roles];
}

/**
 * Who may send each form of the contract page at all, whatever the contract's state: the roles
 * of the transition tables, and the bureau for its confirmation. A form of another role is
 * refused (403) before it is read; the service decides the rest by the contract's state.
 */
export const CONTRACT_INTENT_ROLES: Readonly<Record<ContractIntent, readonly Role[]>> = {
  deliver: usersWho(MILESTONE_TRANSITIONS, 'deliver'),
  redeliver: usersWho(MILESTONE_TRANSITIONS, 'redeliver'),
  accept: usersWho(MILESTONE_TRANSITIONS, 'accept'),
  reject: usersWho(MILESTONE_TRANSITIONS, 'reject'),
  confirm: MILESTONE_CONFIRMERS,
  start: usersWho(CONTRACT_TRANSITIONS, 'start'),
  terminate: usersWho(CONTRACT_TRANSITIONS, 'terminate'),
  techRegistration: [
    ...new Set(
      TECH_REGISTRATION_ACTIONS.flatMap((a) => usersWho(TECH_REGISTRATION_TRANSITIONS, a)),
    ),
  ],
};

/** The roles that may send a form with this `intent`; null for an intent the page has not. */
export function contractIntentRoles(intent: unknown): readonly Role[] | null {
  return isOneOf(CONTRACT_INTENTS, intent) ? CONTRACT_INTENT_ROLES[intent] : null;
}
