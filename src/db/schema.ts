import type { CaseTables } from './schema.cases.js';
import type { ChallengeTables } from './schema.challenges.js';
import type { NotificationTables } from './schema.notifications.js';
import type { CommentTables } from './schema.comments.js';
import type { BarometerTables } from './schema.barometer.js';
import type { OidcTables } from './schema.oidc.js';
import type { AccountTables } from './schema.accounts.js';
import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

/** Kysely's view of the tables; mirrors migrations/*.sql. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface CountiesTable {
  number: string;
  name: string;
  orgnr: string | null;
}

export type OrgKind =
  | 'municipality'
  | 'county_authority'
  | 'state_agency'
  | 'other_public'
  | 'business'
  | 'research'
  | 'civil_society';

export interface OrganisationsTable {
  id: GeneratedAlways<string>;
  orgnr: string | null;
  name: string;
  name_sami: string | null;
  aliases: ColumnType<string[], string[] | undefined, string[]>;
  kind: OrgKind;
  org_form: string | null;
  county_number: string | null;
  municipality_number: string | null;
  parent_id: string | null;
  website: string | null;
  country: Generated<string>;
  source: string;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  search_text: GeneratedAlways<string>;
}

export interface UsersTable {
  id: GeneratedAlways<string>;
  email: string;
  name: string;
  password_hash: string | null;
  platform_role: 'admin' | 'analyst' | null;
  locale: 'nb' | 'nn' | 'en' | null;
  created_at: Timestamp;
  disabled_at: Date | null;
  email_frequency: Generated<'instant' | 'daily' | 'weekly' | 'never'>;
  unsubscribe_token: Generated<string>;
  last_digest_at: Date | null;
}

export interface MembershipsTable {
  user_id: string;
  organisation_id: string;
  role: 'member' | 'org_admin';
  status: 'pending' | 'active';
  decided_by: string | null;
  created_at: Timestamp;
  decided_at: Date | null;
}

export interface SessionsTable {
  id_hash: Buffer;
  user_id: string;
  created_at: Timestamp;
  expires_at: Date;
  last_seen_at: Timestamp;
}

export interface ApiTokensTable {
  id: GeneratedAlways<string>;
  user_id: string;
  name: string;
  token_hash: Buffer;
  prefix: string;
  created_at: Timestamp;
  last_used_at: Date | null;
  expires_at: Timestamp;
  revoked_at: Date | null;
}

export interface AuditLogTable {
  id: GeneratedAlways<string>;
  at: Timestamp;
  actor_user_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  details: ColumnType<unknown, string | undefined, string>;
  request_id: string | null;
}

/** A LOS concept is a theme (tema), a word under a theme (ord) or a life event (hendelse). */
export type LosKind = 'tema' | 'ord' | 'hendelse';

/** Digdir's LOS vocabulary (migrations 20261127T0000_cases.sql and 20261127T0030_los_search.sql). */
export interface LosConceptsTable {
  uri: string;
  kind: LosKind;
  label_nb: string;
  label_nn: string;
  label_en: string;
  synonyms_nb: ColumnType<string[], string[] | undefined, string[]>;
  synonyms_nn: ColumnType<string[], string[] | undefined, string[]>;
  broader: ColumnType<string[], string[] | undefined, string[]>;
  main_theme: string | null;
  /** Folded labels (nb, nn, en) for search; written by the loader only. */
  search_labels: ColumnType<string[], string[] | undefined, string[]>;
  /** Folded synonyms, aligned with synonyms_nb || synonyms_nn. */
  search_synonyms: ColumnType<string[], string[] | undefined, string[]>;
}

export interface DB extends CaseTables, ChallengeTables, NotificationTables, CommentTables, BarometerTables, OidcTables, AccountTables {
  counties: CountiesTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  los_concepts: LosConceptsTable;
}
