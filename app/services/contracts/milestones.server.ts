// A contract's milestones: the team delivers (in order, with evidence and files), the
// enterprise accepts or rejects (the bureau may step in), the bureau confirms, and the
// contract is accepted with its last confirmation. The rules are in app/domain/contract.ts and
// app/domain/contract-rules.ts; each command runs on the locked contract (lifecycle.server.ts).
import { transitionMilestone } from '~/domain/contract';
import {
  acceptanceConfirms,
  allMilestonesDone,
  canConfirmMilestone,
  contractOpenForMilestones,
  deliveryStartsContract,
  earlierDelivered,
} from '~/domain/contract-rules';
import { isStaffRole } from '~/domain/roles';
import type { Db } from '~/lib/db.server';
import { discardStoredBytes, saveAttachment } from '~/services/attachments/attachments.server';
import type { Actor } from '~/services/kernel/actor';
import { Refused } from '~/services/kernel/refusal';
import {
  attempt,
  contractCommand,
  moveContract,
  type ContractContext,
  type LockedContract,
} from './lifecycle.server';

type Opts = { origin?: string; now?: Date };
type Milestone = LockedContract['milestones'][number];

/** Runs `work` on one milestone of a running contract. */
function milestoneCommand<D extends string>(
  db: Db,
  actor: Actor,
  code: string,
  milestoneId: string,
  opts: Opts & { settles: boolean },
  work: (ctx: ContractContext, m: Milestone, params: Record<string, string>) => Promise<D>,
) {
  return contractCommand(db, actor, code, opts, async (ctx) => {
    const c = ctx.contract;
    const m = c.milestones.find((x) => x.id === milestoneId);
    if (!m) throw new Refused('notFound');
    if (!contractOpenForMilestones(c.status)) throw new Refused('closed');
    return work(ctx, m, { contract: c.code, title: m.title, comment: '' });
  });
}

/**
 * The team delivers a milestone (or delivers it again after a rejection) with its evidence.
 * The files are kept with the delivery, in the same transaction: a refused file leaves neither
 * the delivery nor any file behind. The first delivery starts a signed contract.
 */
export async function deliverMilestone(
  db: Db,
  actor: Actor,
  code: string,
  input: { intent: 'deliver' | 'redeliver'; milestoneId: string; evidence: string },
  opts: Opts & { files?: FormDataEntryValue[] } = {},
) {
  const saved: string[] = [];
  // the transaction rolled back: the files saved with it go too
  const discard = () => Promise.all(saved.map((s) => discardStoredBytes(s).catch(() => undefined)));
  try {
    const result = await milestoneCommand(
      db,
      actor,
      code,
      input.milestoneId,
      { ...opts, settles: false },
      async (ctx, m, params) => {
        const { tx, contract: c, now } = ctx;
        const to = attempt(() => transitionMilestone(m.status, input.intent, ctx.role));
        if (input.intent === 'deliver' && !earlierDelivered(c.milestones, m.seq))
          throw new Refused('outOfOrder');
        const updated = await tx.milestone.updateMany({
          where: { id: m.id, status: m.status },
          data: { status: to, evidence: input.evidence, deliveredAt: now, rejectReason: null },
        });
        if (updated.count !== 1) throw new Refused('conflict');
        const files: { id: string; name: string }[] = [];
        for (const file of opts.files ?? []) {
          if (typeof file === 'string' || file.size === 0) continue;
          const stored = await saveAttachment(tx, {
            ownerType: 'Milestone',
            ownerId: m.id,
            file,
            uploadedById: actor.id,
            field: 'file',
          });
          saved.push(stored.attachment.storedName);
          files.push({ id: stored.attachment.id, name: stored.attachment.originalName });
        }
        await ctx.audit({
          action: `milestone.${input.intent}`,
          entityType: 'Milestone',
          entityId: m.id,
          data: { contract: c.code, seq: m.seq, attachments: files },
          at: now,
        });
        if (deliveryStartsContract(c.status))
          await moveContract(ctx, 'start', 'SYSTEM', { trigger: `milestone ${m.seq} delivered` });
        await ctx.notify([c.enterpriseId], 'milestoneDelivered', params);
        return input.intent;
      },
    );
    if (!result.ok) await discard();
    return result;
  } catch (error) {
    await discard();
    throw error;
  }
}

/**
 * The enterprise (or the bureau) accepts or rejects a delivery. The bureau's acceptance is its
 * confirmation too, and may complete the contract.
 */
export function reviewMilestone(
  db: Db,
  actor: Actor,
  code: string,
  input:
    | { intent: 'accept'; milestoneId: string }
    | { intent: 'reject'; milestoneId: string; reason: string },
  opts: Opts = {},
) {
  return milestoneCommand(
    db,
    actor,
    code,
    input.milestoneId,
    { ...opts, settles: input.intent === 'accept' },
    async (ctx, m, params) => {
      const { tx, contract: c, now, role } = ctx;
      const to = attempt(() => transitionMilestone(m.status, input.intent, role));
      const confirmed = input.intent === 'accept' && acceptanceConfirms(role);
      const updated = await tx.milestone.updateMany({
        where: { id: m.id, status: m.status },
        data:
          input.intent === 'accept'
            ? { status: to, acceptedAt: now, confirmedAt: confirmed ? now : null }
            : { status: to, rejectReason: input.reason },
      });
      if (updated.count !== 1) throw new Refused('conflict');
      await ctx.audit({
        action: `milestone.${input.intent}`,
        entityType: 'Milestone',
        entityId: m.id,
        data: {
          contract: c.code,
          seq: m.seq,
          by: role,
          ...(input.intent === 'reject' ? { reason: input.reason } : { confirmed }),
        },
        at: now,
      });
      if (input.intent === 'reject') {
        await ctx.notify([c.teamId], 'milestoneRejected', { ...params, comment: input.reason });
        return input.intent;
      }
      m.status = to;
      m.confirmedAt = confirmed ? now : null;
      await ctx.notify([c.teamId], 'milestoneAccepted', params);
      if (confirmed) await completeIfDone(ctx, params);
      return input.intent;
    },
  );
}

/** The bureau confirms an accepted milestone; the last confirmation accepts the contract. */
export function confirmMilestone(
  db: Db,
  actor: Actor,
  code: string,
  milestoneId: string,
  opts: Opts = {},
) {
  return milestoneCommand(
    db,
    actor,
    code,
    milestoneId,
    { ...opts, settles: true },
    async (ctx, m, params) => {
      const { tx, contract: c, now, role } = ctx;
      if (!isStaffRole(role)) throw new Refused('forbidden');
      if (!canConfirmMilestone(c.status, m, role)) throw new Refused('notNow');
      const updated = await tx.milestone.updateMany({
        where: { id: m.id, status: 'ACCEPTED', confirmedAt: null },
        data: { confirmedAt: now },
      });
      if (updated.count !== 1) throw new Refused('conflict');
      await ctx.audit({
        action: 'milestone.confirm',
        entityType: 'Milestone',
        entityId: m.id,
        data: { contract: c.code, seq: m.seq },
        at: now,
      });
      m.confirmedAt = now;
      await completeIfDone(ctx, params);
      return 'confirm' as const;
    },
  );
}

/** Notifies both parties of the bureau's confirmation; accepts the contract when it was the last. */
async function completeIfDone(ctx: ContractContext, params: Record<string, string>) {
  const c = ctx.contract;
  await ctx.notify([c.teamId, c.enterpriseId], 'milestoneConfirmed', params);
  if (!allMilestonesDone(c.milestones)) return;
  await moveContract(ctx, 'accept', ctx.role);
  await ctx.notify([c.teamId, c.enterpriseId], 'contractAccepted', params);
}
