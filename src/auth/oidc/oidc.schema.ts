import type { ColumnType, Generated } from 'kysely';

/**
 * Kysely's view of migrations/20261127T1100_oidc_email_confirm.sql, merged into the app's DB type
 * (the other OpenID Connect tables are in src/db/schema.oidc.ts).
 */
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
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: Date;
}

declare module '../../db/schema.js' {
  interface DB {
    oidc_email_confirmations: OidcEmailConfirmationsTable;
  }
}
