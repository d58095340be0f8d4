import type { DbOrTrx } from '../db/database.js';
import { notifyContentChanged } from '../db/changes.js';

export interface AuditEntry {
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  details?: Record<string, unknown>;
  requestId?: string | null;
}

/**
 * Appends to the audit log; call inside the transaction of the write it records. Every audited
 * write also tells every app process that content changed (at commit), so cached pages go.
 */
export async function insertAudit(db: DbOrTrx, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_user_id: entry.actorUserId,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      details: JSON.stringify(entry.details ?? {}),
      request_id: entry.requestId ?? null,
    })
    .execute();
  await notifyContentChanged(db, entry.entityType);
}
