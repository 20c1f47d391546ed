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

/** The data of an audit record as `audit` wrote it: the object, or {} when there is none. */
export function auditData(data: string | null): Record<string, unknown> {
  if (!data) return {};
  try {
    const parsed: unknown = JSON.parse(data);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
