import type { DbOrTrx } from '../db/database.js';
import type { OrgKind } from '../db/schema.js';
import type { Lang } from '../i18n/index.js';
import { listMainThemes, type ThemeItem } from '../themes/index.js';
import * as q from './partners.queries.js';

export const orgChallenges = q.orgChallenges;
export const partnerProfile = q.partnerProfile;
export const challengesSolvedByCase = q.challengesSolvedByCase;
export type { PartnerFacets, PartnerRow } from './partners.queries.js';

export interface PartnerSearchInput {
  q?: string | undefined;
  kind?: OrgKind | undefined;
  county?: string | undefined;
  theme?: string | undefined;
  looking?: boolean | undefined;
  page: number;
  perPage: number;
  /** Count each filter's choices too (the page shows them; the API does not need them). */
  facets?: boolean;
}

export type PartnerSearchOutcome =
  | {
      ok: true;
      items: q.PartnerRow[];
      total: number;
      facets: q.PartnerFacets | null;
      /** The main themes, labelled in the reader's language (for the filter and each result's themes). */
      mainThemes: ThemeItem[];
    }
  | { ok: false; reason: 'invalid'; field: 'theme' };

/**
 * Organisations to partner with. The theme is one of LOS's main themes (the level cases are
 * faceted on); any other value is named as invalid rather than quietly matching nothing.
 */
export async function searchPartners(db: DbOrTrx, lang: Lang, input: PartnerSearchInput): Promise<PartnerSearchOutcome> {
  const mainThemes = await listMainThemes(db, lang);
  if (input.theme && !mainThemes.some((t) => t.uri === input.theme)) return { ok: false, reason: 'invalid', field: 'theme' };
  const filter: q.PartnerFilter = { q: input.q?.trim() || undefined, kind: input.kind, county: input.county, theme: input.theme, looking: input.looking };
  const [list, facets] = await Promise.all([
    q.searchPartners(db, { ...filter, limit: input.perPage, offset: (input.page - 1) * input.perPage }),
    input.facets ? q.partnerFacets(db, filter) : Promise.resolve(null),
  ]);
  return { ok: true, ...list, facets, mainThemes };
}
