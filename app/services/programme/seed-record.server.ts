// How the seed writes its records: each one it creates is a kernel command of its own, with the
// audit record `seed.<what>` (no actor), so the trail of a seeded database says where they came from.
import type { Db, Tx } from '~/lib/db.server';
import { command } from '~/services/kernel/command.server';

/** The translation namespace of the seed's refusals (it makes none of its own). */
export const SEED_ERRORS = 'seed';

/** Creates one record (what `create` returns) with its audit record, `seed.<what>`. */
export async function seedRecord(
  db: Db,
  audit: { action: `seed.${string}`; entityType: string; data?: Record<string, unknown> },
  create: (tx: Tx) => Promise<{ id: string }>,
) {
  await command(db, { errors: SEED_ERRORS }, async (ctx) => {
    const row = await create(ctx.tx);
    await ctx.audit({ actorId: null, ...audit, entityId: row.id });
    return {};
  });
}
