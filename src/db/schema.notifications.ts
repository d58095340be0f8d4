import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

/** Kysely's view of following, notifications and the outbox (migrations/20261127T0800_notifications.sql). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type FollowTarget = 'case' | 'challenge' | 'organisation' | 'theme' | 'search';
export type EmailFrequency = 'instant' | 'daily' | 'weekly' | 'never';
export type EventVisibility = 'public' | 'public_sector' | 'owners';

export interface FollowsTable {
  user_id: string;
  target_kind: FollowTarget;
  target_key: string;
  label: Generated<string>;
  created_at: Timestamp;
}

export interface ActivityEventsTable {
  id: GeneratedAlways<string>;
  kind: string;
  subjects: string[];
  actor_user_id: string | null;
  title: string;
  path: string;
  visibility: Generated<EventVisibility>;
  owner_org_ids: ColumnType<string[], string[] | undefined, string[]>;
  at: Timestamp;
  fanned_out_at: Date | null;
  /** The case and the response it names, checked again when shown or mailed. */
  case_id: string | null;
  response_id: string | null;
  /** Members of these organisations are told whether or not they follow anything. */
  notify_org_ids: ColumnType<string[], string[] | undefined, string[]>;
}

export interface NotificationsTable {
  id: GeneratedAlways<string>;
  user_id: string;
  event_id: string;
  created_at: Timestamp;
  read_at: Date | null;
  emailed_in: string | null;
  digest_withheld_at: Date | null;
}

export interface OutboxTable {
  id: GeneratedAlways<string>;
  kind: 'digest' | 'instant' | 'system';
  user_id: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  headers: ColumnType<Record<string, string>, string | undefined, string>;
  message_id: string;
  created_at: Timestamp;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  sent_at: Date | null;
  delivered_via: 'smtp' | 'outbox' | null;
}

export interface NotificationTables {
  follows: FollowsTable;
  activity_events: ActivityEventsTable;
  notifications: NotificationsTable;
  outbox: OutboxTable;
}
