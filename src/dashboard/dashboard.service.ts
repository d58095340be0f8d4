import type { Db } from '../db/database.js';
import * as q from './dashboard.queries.js';
import { BODY_KINDS, LEVELS, levelIn, type BodyFacts, type BodyKind, type DashboardFilter, type LevelIndex } from './dashboard.model.js';
import { allIndicators, computeIndicators } from './indicators.js';
import type { IndicatorContext, IndicatorDef, Series } from './indicator.types.js';
import { mapMunicipalityNumbers } from '../ui/norway-map.js';

export interface BodyLevel {
  orgnr: string | null;
  name: string;
  kind: BodyKind;
  countyNumber: string | null;
  municipalityNumber: string | null;
  level: LevelIndex;
}

export interface Participation {
  bodies: BodyLevel[];
  /** Per kind: how many bodies are at each level (index = level). */
  counts: Record<BodyKind, number[]>;
}

/** Every public body with its highest level in the period (only the county's, or only the kind's, when the filter says). */
export function participationFrom(facts: BodyFacts[], filter: DashboardFilter): Participation {
  const bodies = facts
    .filter((b) => (!filter.county || b.countyNumber === filter.county) && (!filter.kind || b.kind === filter.kind))
    .map((b) => ({ orgnr: b.orgnr, name: b.name, kind: b.kind, countyNumber: b.countyNumber, municipalityNumber: b.municipalityNumber, level: levelIn(b, filter) }));
  const counts = Object.fromEntries(BODY_KINDS.map((k) => [k, LEVELS.map(() => 0)])) as Record<BodyKind, number[]>;
  for (const b of bodies) counts[b.kind][b.level]!++;
  return { bodies, counts };
}

export interface Dashboard {
  participation: Participation;
  indicators: { def: IndicatorDef; series: Series }[];
  counties: { number: string; name: string }[];
}

/** Reads the body facts once per computation, however many parts use them. */
function context(db: Db): IndicatorContext {
  let facts: Promise<BodyFacts[]> | undefined;
  return { bodies: () => (facts ??= q.bodyFacts(db)) };
}

/** The participation map's data: every body at its level in the period. Public facts only. */
export async function participation(db: Db, filter: DashboardFilter): Promise<Participation> {
  return participationFrom(await context(db).bodies(), filter);
}

/** Every registered indicator for the filter, in the registry's order. Public data only. */
export async function indicators(db: Db, filter: DashboardFilter): Promise<{ def: IndicatorDef; series: Series }[]> {
  const values = await computeIndicators(db, filter, context(db));
  return allIndicators().map((def) => ({ def, series: values[def.id]! }));
}

/**
 * The whole dashboard page: the map's levels (period only: the map always shows all 357), the
 * indicators (period, county and kind) and the counties for the filter form. Four to six
 * statements, whatever the data.
 */
export async function dashboard(db: Db, filter: DashboardFilter): Promise<Dashboard> {
  const ctx = context(db);
  const [facts, values, counties] = await Promise.all([ctx.bodies(), computeIndicators(db, filter, ctx), q.counties(db)]);
  return {
    participation: participationFrom(facts, { from: filter.from, to: filter.to }),
    indicators: allIndicators().map((def) => ({ def, series: values[def.id]! })),
    counties,
  };
}

/** The municipalities on the map (2024), for checks that none is missing from the data. */
export const mapMunicipalities = mapMunicipalityNumbers;

/** The counties, by number (names for the tables and the filter form). */
export const counties = q.counties;
