import { sql } from 'kysely';
import type { Db } from '../../src/db/database.js';
import type { TestSmtpServer } from './smtp.js';
import { until } from './wait.js';

/** What the notification jobs have still to do, counted in the database. */
export interface MailBacklog {
  /** Activity events not yet fanned out to their followers. */
  events: number;
  /** Notifications for a follower who wants mail at once, not yet put in a message. */
  notifications: number;
  /** Messages in the outbox not yet handed to the SMTP server. */
  unsent: number;
}

export async function mailBacklog(db: Db): Promise<MailBacklog> {
  const r = await sql<MailBacklog>`
    select
      (select count(*)::int from activity_events where fanned_out_at is null) as events,
      (select count(*)::int from notifications n join users u on u.id = n.user_id
        where u.email_frequency = 'instant' and n.emailed_in is null and n.read_at is null and n.digest_withheld_at is null) as notifications,
      (select count(*)::int from outbox where sent_at is null) as unsent`.execute(db);
  return r.rows[0]!;
}

/**
 * Waits until the mail the jobs owe is all sent and the SMTP server has no message half received.
 * From then on no message can arrive twice: a sender claims a message (row lock) and marks it sent
 * in one transaction, after the SMTP server accepted it, so once every message is marked sent
 * nothing is left to claim, and what was accepted is already in `smtp.received`.
 */
export async function untilMailSettled(db: Db, smtp: TestSmtpServer, options: { timeout?: number; state?: () => string } = {}): Promise<void> {
  let backlog: MailBacklog | null = null;
  await until(
    async () => {
      backlog = await mailBacklog(db);
      return backlog.events === 0 && backlog.notifications === 0 && backlog.unsent === 0 && smtp.started() === smtp.received.length;
    },
    {
      what: 'every event fanned out, every instant notification queued, every queued message sent, and no message half received',
      timeout: options.timeout ?? 30_000,
      interval: 50,
      state: () => `backlog ${JSON.stringify(backlog)}, SMTP started ${smtp.started()}, received ${smtp.received.length}${options.state ? `\n${options.state()}` : ''}`,
    },
  );
}
