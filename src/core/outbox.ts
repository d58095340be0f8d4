import type { DbOrTrx } from '../db/database.js';

/** A message for the outbox; the notifications feature's worker sends it (SMTP) or keeps it for the admin page. */
export interface OutboxInsert {
  kind: 'digest' | 'instant' | 'system';
  userId: string | null;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
  messageId: string;
}

/** Inserts messages; returns their ids in the order given. */
export async function insertOutboxMany(db: DbOrTrx, messages: OutboxInsert[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = await db
    .insertInto('outbox')
    .values(messages.map((m) => ({ kind: m.kind, user_id: m.userId, to_address: m.to, subject: m.subject, text_body: m.text, html_body: m.html, headers: JSON.stringify(m.headers), message_id: m.messageId })))
    .returning(['id', 'message_id'])
    .execute();
  const byMessageId = new Map(rows.map((r) => [r.message_id, r.id]));
  return messages.map((m) => byMessageId.get(m.messageId)!);
}
