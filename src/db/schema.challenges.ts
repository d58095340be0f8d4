import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

/** Kysely's view of the challenge tables (migrations/20261127T0600_challenges.sql). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string | null | undefined, string | null>;

export interface ChallengesTable {
  id: GeneratedAlways<string>;
  owner_org_id: string;
  created_by: string | null;
  title: string;
  description: Generated<string>;
  users_concerned: Generated<string>;
  looking_for: ColumnType<string[], string[] | undefined, string[]>;
  deadline: DateOnly | null;
  contact_name: string | null;
  contact_email: string | null;
  language: Generated<string>;
  state: Generated<string>;
  outcome: string | null;
  merged_into_id: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ChallengeThemesTable {
  challenge_id: string;
  theme_uri: string;
}

export interface ChallengeCoownersTable {
  challenge_id: string;
  org_id: string;
  joined_at: Timestamp;
}

export interface ChallengeStateChangesTable {
  id: GeneratedAlways<string>;
  challenge_id: string;
  from_state: string | null;
  to_state: string;
  outcome: string | null;
  merged_into_id: string | null;
  reason: Generated<string>;
  changed_on: ColumnType<string, string | undefined, string>;
  changed_by: string | null;
  at: Timestamp;
}

export interface ChallengeResponsesTable {
  id: GeneratedAlways<string>;
  challenge_id: string;
  kind: 'same_need' | 'solved' | 'proposal';
  org_id: string;
  user_id: string | null;
  body: Generated<string>;
  case_id: string | null;
  public: Generated<boolean>;
  created_at: Timestamp;
  /** A request (a «we solved this», a «same need» asking to join) the owners accept or decline; null when not a request. */
  request_status: 'pending' | 'accepted' | 'declined' | null;
  decided_by: string | null;
  decided_at: Date | null;
  /** Who may read its private parts: the owners when it was sent, and co-owners it was shared with. */
  reader_org_ids: ColumnType<string[], string[] | undefined, string[]>;
}

export interface ChallengeTables {
  challenges: ChallengesTable;
  challenge_themes: ChallengeThemesTable;
  challenge_coowners: ChallengeCoownersTable;
  challenge_state_changes: ChallengeStateChangesTable;
  challenge_responses: ChallengeResponsesTable;
}
