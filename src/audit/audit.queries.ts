import { sql } from 'kysely';
import type { DbOrTrx } from '../db/database.js';

/** What the log can be narrowed to (each optional; the action matches as a prefix). */
export interface AuditFilter {
  action?: string | undefined;
  entity?: string | undefined;
  actor?: string | undefined;
}

export interface AuditRow {
  id: string;
  at: Date;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  details: unknown;
}

/** One page of the log, newest first, and how many entries match in all. */
export async function listAudit(db: DbOrTrx, f: AuditFilter, limit: number, offset: number): Promise<{ items: AuditRow[]; total: number }> {
  let q = db.selectFrom('audit_log as a').leftJoin('users as u', 'u.id', 'a.actor_user_id');
  if (f.action) q = q.where('a.action', 'like', `${f.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.entity) q = q.where('a.entity_type', '=', f.entity);
  if (f.actor) q = q.where(sql`lower(u.email)`, '=', f.actor.toLowerCase());
  const [items, total] = await Promise.all([
    q
      .select(['a.id', 'a.at', 'u.email as actorEmail', 'a.action', 'a.entity_type as entityType', 'a.entity_id as entityId', 'a.details'])
      .orderBy('a.at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items as AuditRow[], total: Number(total.n) };
}
