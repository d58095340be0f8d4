import type { ColumnType } from 'kysely';

/** Kysely's view of the OpenID Connect tables (migrations/20261127T1000_oidc.sql). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface UserIdentitiesTable {
  provider: string;
  subject: string;
  user_id: string;
  email: string | null;
  created_at: Timestamp;
}

export interface OidcLoginsTable {
  id_hash: Buffer;
  provider: string;
  state: string;
  nonce: string;
  code_verifier: string;
  redirect_uri: string;
  next: string;
  expires_at: Date;
}

export interface OidcSessionsTable {
  session_id_hash: Buffer;
  provider: string;
  id_token: string;
}

export interface OidcTables {
  user_identities: UserIdentitiesTable;
  oidc_logins: OidcLoginsTable;
  oidc_sessions: OidcSessionsTable;
}
