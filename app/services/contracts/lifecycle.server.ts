// A registered contract's commands share this: the contract's lock, its parties' roles, its
// status moves and the end of its challenge with the last running contract. The bureau starts
// a contract (the team's first delivery does too) and an admin terminates it; the milestones'
// commands are in milestones.server.ts. The rules are in app/domain/contract.ts and
// app/domain/contract-rules.ts.
import {
  transitionContract,
  type ContractAction,
  type ContractStatus,
  type MilestoneStatus,
} from '~/domain/contract';
import { challengeSettlement, contractPartyRole } from '~/domain/contract-rules';
import { TransitionError } from '~/domain/lifecycle';
import { transitionNeed } from '~/domain/need';
import { isStaffRole, type Role } from '~/domain/roles';
import type { Db } from '~/lib/db.server';
import type { Actor } from '~/services/kernel/actor';
import { command, type Context } from '~/services/kernel/command.server';
import { lockChallenge, lockContract } from '~/services/kernel/locks.server';
import type { NotificationKind } from '~/services/kernel/notify.server';
import { refusal, Refused, type Result } from '~/services/kernel/refusal';
import { CONTRACT_ERRORS } from './errors';

export type ContractRefusal =
  'notFound' | 'forbidden' | 'notNow' | 'outOfOrder' | 'closed' | 'conflict' | `upload_${string}`;

/** What a contract's command did: the intent, named for the page's notice. */
export type ContractResult<D extends string = string> = Result<{ done: D }, ContractRefusal>;

export type LockedContract = {
  id: string;
  code: string;
  challengeId: string;
  status: ContractStatus;
  enterpriseId: string;
  teamId: string;
  milestones: {
    id: string;
    seq: number;
    title: string;
    status: MilestoneStatus;
    confirmedAt: Date | null;
  }[];
};

export type ContractContext = Context & {
  contract: LockedContract;
  /** the actor's role on this contract: its party's side, or staff */
  role: Role;
  now: Date;
  /** notifies the members of the given parties, with a link to the contract page */
  notify(
    orgs: readonly string[],
    kind: NotificationKind,
    params: Record<string, string>,
  ): Promise<void>;
};

/**
 * Runs `work` on the contract `code` by one of its parties or the bureau (anyone else: notFound).
 * The contract's row is locked before it is read, so that commands on one contract run one
 * after the other and each sees the one before: two confirmations of the last two milestones
 * cannot both miss that the contract is now complete. A command that can end the contract
 * (`settles`) locks its challenge first, in the kernel's order, for the challenge's settlement.
 */
export async function contractCommand<D extends string>(
  db: Db,
  actor: Actor,
  code: string,
  opts: { settles: boolean; origin?: string; now?: Date },
  work: (ctx: ContractContext) => Promise<D>,
): Promise<ContractResult<D>> {
  const now = opts.now ?? new Date();
  // the ids never change: read before the transaction, so that the locks come first in it
  const head = await db.contract.findUnique({
    where: { code },
    select: { id: true, challengeId: true },
  });
  if (!head) return refusal(CONTRACT_ERRORS, 'notFound');
  return command<{ done: D }, ContractRefusal>(
    db,
    {
      errors: CONTRACT_ERRORS,
      actor,
      lock: async (tx) =>
        (!opts.settles || (await lockChallenge(tx, head.challengeId))) && lockContract(tx, head.id),
    },
    async (ctx) => {
      const c = await ctx.tx.contract.findUnique({
        where: { id: head.id },
        select: {
          id: true,
          code: true,
          challengeId: true,
          status: true,
          enterpriseId: true,
          teamId: true,
          milestones: {
            orderBy: { seq: 'asc' },
            select: { id: true, seq: true, title: true, status: true, confirmedAt: true },
          },
        },
      });
      if (!c) throw new Refused('notFound');
      const role = contractPartyRole(actor, c);
      if (!role) throw new Refused('notFound');
      const contract: LockedContract = {
        ...c,
        status: c.status as ContractStatus,
        milestones: c.milestones.map((m) => ({ ...m, status: m.status as MilestoneStatus })),
      };
      const link = `/workspace/contracts/${c.code}`;
      const done = await work({
        ...ctx,
        contract,
        role,
        now,
        async notify(orgs, kind, params) {
          // one query at a time on a transaction's connection
          for (const org of orgs)
            await ctx.notifyOrganization(org, { kind, params, link, origin: opts.origin });
        },
      });
      return { done };
    },
  );
}

/** The transition, or the refusal it stands for: wrong moment, or not this role's to take. */
export function attempt<S>(run: () => S): S {
  try {
    return run();
  } catch (error) {
    if (error instanceof TransitionError)
      throw new Refused(error.code === 'FORBIDDEN_ACTOR' ? 'forbidden' : 'notNow');
    throw error;
  }
}

/** Moves the contract by `action` of `role` (SYSTEM for the automatic start), and audits it. */
export async function moveContract(
  ctx: ContractContext,
  action: ContractAction,
  role: Role,
  data: Record<string, unknown> = {},
) {
  const { tx, contract: c, now } = ctx;
  const to = attempt(() => transitionContract(c.status, action, role));
  const updated = await tx.contract.updateMany({
    where: { id: c.id, status: c.status },
    data: {
      status: to,
      ...(to === 'ACCEPTED' ? { acceptedAt: now } : {}),
      ...(to === 'TERMINATED' ? { terminatedAt: now } : {}),
    },
  });
  if (updated.count !== 1) throw new Refused('conflict');
  await ctx.audit({
    ...(role === 'SYSTEM' ? { actorId: null } : {}),
    action: `contract.${action}`,
    entityType: 'Contract',
    entityId: c.id,
    data: { code: c.code, from: c.status, to, by: role, ...data },
    at: now,
  });
  c.status = to;
  if (to === 'ACCEPTED' || to === 'TERMINATED') await settleChallenge(ctx);
}

/**
 * The challenge ends with its last running contract (challengeSettlement). Its row was locked
 * by the command (`settles`), so that the last two contracts of a 赛马制 challenge finishing at
 * the same time cannot both see the other still running.
 */
async function settleChallenge(ctx: ContractContext) {
  const { tx, contract: c, now } = ctx;
  const challenge = await tx.challenge.findUniqueOrThrow({
    where: { id: c.challengeId },
    select: {
      status: true,
      contracts: { select: { status: true } },
      awards: {
        select: { status: true, stageGateOutcome: true, contract: { select: { id: true } } },
      },
    },
  });
  if (challenge.status !== 'AWARDED') return;
  const settlement = challengeSettlement({
    contracts: challenge.contracts.map((x) => x.status as ContractStatus),
    awards: challenge.awards.map((a) => ({
      status: a.status,
      stageGateOutcome: a.stageGateOutcome,
      hasContract: a.contract !== null,
    })),
  });
  if (!settlement) return;
  const to = transitionNeed('AWARDED', settlement, 'SYSTEM');
  await tx.challenge.updateMany({
    where: { id: c.challengeId, status: 'AWARDED' },
    data: { status: to },
  });
  await ctx.audit({
    actorId: null,
    action: `need.${settlement}`,
    entityType: 'Challenge',
    entityId: c.challengeId,
    data: { from: 'AWARDED', to, by: 'SYSTEM', trigger: `contract ${c.code} ${c.status}` },
    at: now,
  });
}

type Opts = { origin?: string; now?: Date };

/** The bureau starts a signed contract (the team's first delivery also does). */
export function startContract(db: Db, actor: Actor, code: string, opts: Opts = {}) {
  return contractCommand(db, actor, code, { ...opts, settles: false }, async (ctx) => {
    if (!isStaffRole(ctx.role)) throw new Refused('forbidden');
    await moveContract(ctx, 'start', ctx.role);
    return 'start' as const;
  });
}

/** An admin terminates a running contract; both parties are told why. */
export function terminateContract(
  db: Db,
  actor: Actor,
  code: string,
  reason: string,
  opts: Opts = {},
) {
  return contractCommand(db, actor, code, { ...opts, settles: true }, async (ctx) => {
    if (!isStaffRole(ctx.role)) throw new Refused('forbidden');
    await moveContract(ctx, 'terminate', ctx.role, { reason });
    const c = ctx.contract;
    await ctx.notify([c.teamId, c.enterpriseId], 'contractTerminated', {
      contract: c.code,
      comment: reason,
    });
    return 'terminate' as const;
  });
}
