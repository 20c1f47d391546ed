// Two steps that several evaluation commands take alike inside their transaction: an
// application moved on only if nobody moved it meanwhile, and the award proposals still waiting
// set aside. Both audit; a lost race refuses with `conflict`, in the namespace of the command
// that runs them.
import type { Prisma } from '~/lib/db.server';
import type { Context } from '~/services/kernel/command.server';
import { Refused } from '~/services/kernel/refusal';

/**
 * Moves an application from `from` to `to` (writing `set` too) if it is still at `from`, else
 * refuses `conflict`, and audits `application.<verb>` with `{ from, to, ...data }`.
 */
export async function moveApplicationStatus(
  { tx, audit }: Pick<Context, 'tx' | 'audit'>,
  move: {
    id: string;
    from: string;
    to: string;
    verb: string;
    set?: { active?: boolean | null; decidedAt?: Date };
    data?: Record<string, unknown>;
    /** the audit's actor, when not the command's */
    actorId?: string | null;
    at?: Date;
  },
) {
  const moved = await tx.application.updateMany({
    where: { id: move.id, status: move.from },
    data: { status: move.to, ...move.set },
  });
  if (moved.count !== 1) throw new Refused('conflict');
  await audit({
    actorId: move.actorId,
    action: `application.${move.verb}`,
    entityType: 'Application',
    entityId: move.id,
    data: { from: move.from, to: move.to, ...move.data },
    at: move.at,
  });
}

/**
 * Sets aside the award proposals still waiting among those `where` picks: REJECTED, decided by
 * `actorId` at `now`, each audited `award.set_aside` with `by` (what set it aside).
 */
export async function setAsideProposals(
  { tx, audit }: Pick<Context, 'tx' | 'audit'>,
  where: Prisma.AwardWhereInput,
  by: string,
  decided: { actorId: string; now: Date; at?: Date },
) {
  const waiting = await tx.award.findMany({
    where: { ...where, status: 'PROPOSED' },
    select: { id: true },
  });
  for (const w of waiting) {
    await tx.award.updateMany({
      where: { id: w.id, status: 'PROPOSED' },
      data: { status: 'REJECTED', decidedById: decided.actorId, decidedAt: decided.now },
    });
    await audit({
      action: 'award.set_aside',
      entityType: 'Award',
      entityId: w.id,
      data: { by },
      at: decided.at,
    });
  }
}
