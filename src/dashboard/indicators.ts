import type { Db } from '../db/database.js';
import type { DashboardFilter } from '../core/indicators.js';
import type { BodyFacts } from '../core/indicators.js';
import type { IndicatorDef, IndicatorGroup, Series } from '../core/indicators.js';
import { participationIndicators } from './participation.indicators.js';
import { caseIndicators } from '../cases/index.js';
import { challengeIndicators } from '../challenges/index.js';

/**
 * The follow-up dashboard's indicators, registered in one place (CONVENTIONS.md habit 14): each
 * feature contributes a group (its definitions and one `compute` that fills all of them in a fixed
 * number of statements), and the dashboard, its API and its CSV files list whatever is registered.
 * A new feature (the barometer's barriers, say) adds its group to this list and nothing else.
 */
export const INDICATOR_GROUPS: IndicatorGroup[] = [participationIndicators, challengeIndicators, caseIndicators];

/** Every registered indicator, on-board first, then by principle, each feature's in its own order. */
export function allIndicators(): IndicatorDef[] {
  return INDICATOR_GROUPS.flatMap((g) => g.indicators).sort((a, b) => a.principle - b.principle);
}

/** What the registered groups need for any filter, read in one go (see IndicatorGroup.load). */
export interface IndicatorSnapshot {
  bodies: BodyFacts[];
  groups: unknown[];
}

/** Reads the snapshot: the bodies' facts and every group's aggregates, side by side. */
export async function loadIndicatorSnapshot(db: Db, bodies: Promise<BodyFacts[]>): Promise<IndicatorSnapshot> {
  const [b, groups] = await Promise.all([bodies, Promise.all(INDICATOR_GROUPS.map((g) => g.load(db)))]);
  return { bodies: b, groups };
}

/** Every registered indicator for the filter, from a snapshot (no database). */
export function computeIndicators(snapshot: IndicatorSnapshot, filter: DashboardFilter): Record<string, Series> {
  const parts = INDICATOR_GROUPS.map((g, i) => g.compute(snapshot.groups[i], filter, snapshot.bodies));
  return Object.assign({}, ...parts) as Record<string, Series>;
}
