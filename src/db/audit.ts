import type { DbTx } from './prisma.js';

export interface AuditEntry {
  /** Who acted: `staff:12`, `cli`, `web:hotline1`, `system`. */
  actor: string;
  action: string;
  entityType: string;
  entityId?: string | number | null;
  details?: Record<string, unknown>;
}

/** Appends to the audit log; call it inside the transaction that makes the change. */
export async function audit(tx: DbTx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actor: entry.actor,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId == null ? null : String(entry.entityId),
      details: JSON.stringify(entry.details ?? {}),
    },
  });
}
