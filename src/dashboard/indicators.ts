import type { Db } from '../db/database.js';
import type { DashboardFilter } from './dashboard.model.js';
import type { IndicatorContext, IndicatorDef, IndicatorGroup, Series } from './indicator.types.js';
import { participationIndicators } from './participation.indicators.js';
import { caseIndicators } from '../cases/cases.indicators.js';
import { challengeIndicators } from '../challenges/challenges.indicators.js';

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

/** Computes every registered indicator for the filter, the groups side by side. */
export async function computeIndicators(db: Db, filter: DashboardFilter, ctx: IndicatorContext): Promise<Record<string, Series>> {
  const parts = await Promise.all(INDICATOR_GROUPS.map((g) => g.compute(db, filter, ctx)));
  return Object.assign({}, ...parts) as Record<string, Series>;
}
