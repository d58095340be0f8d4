import type { Db } from '../db/database.js';
import type { BodyFacts, DashboardFilter, IndicatorDef, IndicatorGroup, Series } from '../core/indicators.js';

/**
 * The follow-up dashboard's indicators, as the features declare them in their manifests
 * (`indicators`, read from the registry): each feature contributes a group (its definitions and one
 * `compute` that fills all of them in a fixed number of statements), and the dashboard, its API and
 * its CSV files list whatever is declared. A new feature (the barometer's barriers, say) adds its
 * group to its own manifest and nothing else.
 */

/** Every indicator of the groups, on-board first, then by principle, each feature's in its own order. */
export function allIndicators(groups: readonly IndicatorGroup[]): IndicatorDef[] {
  return groups.flatMap((g) => g.indicators).sort((a, b) => a.principle - b.principle);
}

/** What the groups need for any filter, read in one go (see IndicatorGroup.load). */
export interface IndicatorSnapshot {
  groups: readonly IndicatorGroup[];
  bodies: BodyFacts[];
  /** Each group's aggregates, in the order of `groups`. */
  data: unknown[];
}

/** Reads the snapshot: the bodies' facts and every group's aggregates, side by side. */
export async function loadIndicatorSnapshot(db: Db, groups: readonly IndicatorGroup[], bodies: Promise<BodyFacts[]>): Promise<IndicatorSnapshot> {
  const [b, data] = await Promise.all([bodies, Promise.all(groups.map((g) => g.load(db)))]);
  return { groups, bodies: b, data };
}

/** Every indicator of the snapshot's groups for the filter (no database). */
export function computeIndicators(snapshot: IndicatorSnapshot, filter: DashboardFilter): Record<string, Series> {
  const parts = snapshot.groups.map((g, i) => g.compute(snapshot.data[i], filter, snapshot.bodies));
  return Object.assign({}, ...parts) as Record<string, Series>;
}
