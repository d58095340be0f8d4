/** Kysely's view of the partner-search tables (migrations/20261127T0820_partners.sql). */

/** Derived by triggers from cases and challenges; read only by the application. */
export interface PartnerProfilesTable {
  org_id: string;
  public_cases: number;
  open_challenges: number;
  themes: string[];
  looking: boolean;
  case_needs: string[];
  challenge_needs: string[];
}

export interface PartnerTables {
  partner_profiles: PartnerProfilesTable;
}
