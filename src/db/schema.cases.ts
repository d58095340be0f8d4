import type { ColumnType, Generated, GeneratedAlways } from 'kysely';
import type { PartnerTables } from './schema.partners.js';

/** Kysely's view of the case-bank tables (migrations/20261127T0000_cases.sql). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string | null | undefined, string | null>;

export interface CasesTable {
  id: GeneratedAlways<string>;
  owner_org_id: string;
  contact_user_id: string | null;
  title: string;
  summary: Generated<string>;
  problem: Generated<string>;
  what_is_new: Generated<string>;
  types: ColumnType<string[], string[] | undefined, string[]>;
  novelty: string | null;
  novelty_source_case_id: string | null;
  novelty_source_text: string | null;
  stage: string | null;
  status: Generated<string>;
  taken_into_use_on: DateOnly | null;
  stopped_reason: string | null;
  initiators: ColumnType<string[], string[] | undefined, string[]>;
  evaluated: boolean | null;
  evaluation_how: string | null;
  evaluation_link: string | null;
  actively_spread: boolean | null;
  spread_how: string | null;
  challenges: Generated<string>;
  lessons: Generated<string>;
  success_conditions: Generated<string>;
  how_to_replicate: Generated<string>;
  cost_nok: ColumnType<number | null, number | null | undefined, number | null>;
  funding_sources: ColumnType<string[], string[] | undefined, string[]>;
  links: ColumnType<{ url: string; label: string }[], string | undefined, string>;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  visibility: Generated<string>;
  language: Generated<string>;
  cofog: string | null;
  published_at: Date | null;
  source: Generated<string>;
  source_key: string | null;
  source_url: string | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  search_vector: string | null;
  title_vector: GeneratedAlways<string | null>;
  facet_main_themes: Generated<string[]>;
  facet_county: string | null;
  facet_org_kind: string | null;
  facet_actor_types: Generated<string[]>;
  facet_year: number | null;
  facet_has_lessons: Generated<boolean>;
  adoption_count: Generated<number>;
  /** migrations/20261127T0820_partners.sql */
  looking_for_partners: Generated<boolean>;
  partner_needs: ColumnType<string[], string[] | undefined, string[]>;
}

export interface CaseCoownersTable {
  case_id: string;
  org_id: string;
}

export interface CaseThemesTable {
  case_id: string;
  theme_uri: string;
}

export interface CasePartnersTable {
  id: GeneratedAlways<string>;
  case_id: string;
  position: number;
  org_id: string | null;
  name: string;
  actor_type: string;
}

export interface CaseBenefitsTable {
  id: GeneratedAlways<string>;
  case_id: string;
  position: number;
  category: string;
  realised: boolean;
  description: Generated<string>;
  value: number | null;
  unit: string | null;
  method: string | null;
}

export interface CaseTrialsTable {
  id: GeneratedAlways<string>;
  case_id: string;
  title: string;
  hypothesis: string;
  method: Generated<string>;
  measure: Generated<string>;
  result: string | null;
  decision: string | null;
  started_on: DateOnly | null;
  ended_on: DateOnly | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CaseVersionsTable {
  case_id: string;
  version: number;
  at: Timestamp;
  user_id: string | null;
  action: string;
  changes: ColumnType<FieldChange[], string, string>;
}

export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

export interface AdoptionsTable {
  id: GeneratedAlways<string>;
  source_case_id: string;
  adopter_org_id: string;
  adopted_on: DateOnly;
  changes: Generated<string>;
  result: Generated<string>;
  adopter_case_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

// The partner profiles are derived from cases (and challenges) by triggers; they come with the case tables.
export interface CaseTables extends PartnerTables {
  cases: CasesTable;
  case_coowners: CaseCoownersTable;
  case_themes: CaseThemesTable;
  case_partners: CasePartnersTable;
  case_benefits: CaseBenefitsTable;
  case_trials: CaseTrialsTable;
  case_versions: CaseVersionsTable;
  adoptions: AdoptionsTable;
}
