import type { Tx } from '~/lib/db.server';

export type AuditInput = {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data?: Record<string, unknown>;
  at?: Date;
};

// Always called with the transaction that makes the change, so both commit or neither does.
export function audit(tx: Tx, e: AuditInput) {
  return tx.auditEvent.create({
    data: {
      actorId: e.actorId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      data: e.data
        ? JSON.stringify(e.data, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))
        : null,
      ...(e.at ? { at: e.at } : {}),
    },
  });
}
