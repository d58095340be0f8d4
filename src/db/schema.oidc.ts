import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the OpenID Connect tables (migrations/20261127T1000_oidc.sql, 20261127T1100_oidc_email_confirm.sql). */
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

/** A first sign-in without a verified e-mail address, waiting for the code sent to the address given. */
export interface OidcEmailConfirmationsTable {
  id_hash: Buffer;
  provider: string;
  subject: string;
  name: string | null;
  claimed_email: string | null;
  next: string;
  id_token: string;
  email: string | null;
  code_hash: Buffer | null;
  codes_sent: Generated<number>;
  attempts: Generated<number>;
  created_at: Timestamp;
  expires_at: Date;
}

export interface OidcTables {
  user_identities: UserIdentitiesTable;
  oidc_logins: OidcLoginsTable;
  oidc_sessions: OidcSessionsTable;
  oidc_email_confirmations: OidcEmailConfirmationsTable;
}
