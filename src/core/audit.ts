import { sql } from 'kysely';
import type { DbOrTrx } from '../db/database.js';
import { CONTENT_CHANNEL } from '../db/changes.js';

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
  // One statement for both: an import writes thousands of these.
  await sql`
    with entry as (
      insert into audit_log (actor_user_id, action, entity_type, entity_id, details, request_id)
      values (${entry.actorUserId}, ${entry.action}, ${entry.entityType}, ${entry.entityId}, ${JSON.stringify(entry.details ?? {})}::jsonb, ${entry.requestId ?? null})
      returning entity_type
    )
    select pg_notify(${CONTENT_CHANNEL}, left(entity_type, 100)) from entry`.execute(db);
}
