import type { ColumnType, GeneratedAlways } from 'kysely';

/** Kysely's view of the e-mail link and invitation tables (migrations/20261207T1510_email_links_invitations.sql). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface EmailLinksTable {
  id_hash: Buffer;
  purpose: 'register' | 'reset';
  email: string;
  user_id: string | null;
  name: string | null;
  password_hash: string | null;
  created_at: Timestamp;
  expires_at: Date;
}

export interface MembershipInvitationsTable {
  id: GeneratedAlways<string>;
  organisation_id: string;
  email: string;
  role: 'member' | 'org_admin';
  invited_by: string | null;
  created_at: Timestamp;
  expires_at: Date;
}

export interface AccountTables {
  email_links: EmailLinksTable;
  membership_invitations: MembershipInvitationsTable;
}
