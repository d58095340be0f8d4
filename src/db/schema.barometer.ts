import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

/** Kysely's view of the barometer tables (migrations/20261127T0900_barometer.sql). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, string, string>;

export interface BarometerRoundsTable {
  id: GeneratedAlways<string>;
  key: string;
  title: string;
  year: number;
  period_from: DateOnly;
  period_to: DateOnly;
  opens_on: DateOnly;
  closes_on: DateOnly;
  questionnaire_version: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface BarometerAnswersTable {
  id: Generated<string>;
  round_id: string;
  questionnaire_version: number;
  org_id: string;
  org_kind: string;
  county_number: string | null;
  sector: string;
  size_band: string;
  language: string;
  innovated: boolean;
  innovation_count: string | null;
  under_development: boolean | null;
  /** `LatestInnovation` (src/barometer/questionnaire.ts) or null. */
  latest: ColumnType<unknown, string | null, string | null>;
  /** Record<driver, 1–6 | null>. */
  drivers: Json<unknown>;
  /** Record<barrier, 1–6 | null>. */
  barriers: Json<unknown>;
  case_id: string | null;
  /** The round's last day, never the day of the submission. */
  submitted_on: DateOnly;
}

export interface BarometerInvitationsTable {
  id: GeneratedAlways<string>;
  round_id: string;
  org_id: string;
  unit_name: string;
  /** Sector, size band and language are cleared when the invitation is answered (migrations/20261207T1100). */
  sector: string | null;
  size_band: string | null;
  email: string;
  language: ColumnType<string | null, string | undefined, string | null>;
  created_by: string | null;
  created_at: Timestamp;
  sent_at: Date | null;
  reminded_at: Date | null;
  reminder_count: Generated<number>;
  answered: Generated<boolean>;
}

export interface BarometerInvitationTokensTable {
  token_hash: Buffer;
  invitation_id: string;
}

export interface BarometerDraftsTable {
  invitation_id: string;
  answers: Json<unknown>;
  language: Generated<string>;
  pages_done: ColumnType<string[], string[] | undefined, string[]>;
  updated_at: Timestamp;
}

export interface BarometerTables {
  barometer_rounds: BarometerRoundsTable;
  barometer_answers: BarometerAnswersTable;
  barometer_invitations: BarometerInvitationsTable;
  barometer_invitation_tokens: BarometerInvitationTokensTable;
  barometer_drafts: BarometerDraftsTable;
}
