import type { Db } from '../db/database.js';
import * as q from './dashboard.queries.js';
import { BODY_KINDS, LEVELS, levelIn, type BodyFacts, type BodyKind, type DashboardFilter, type LevelIndex } from './dashboard.model.js';
import { allIndicators, computeIndicators, loadIndicatorSnapshot, type IndicatorSnapshot } from './indicators.js';
import type { IndicatorDef, Series } from './indicator.types.js';

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

interface Snapshot extends IndicatorSnapshot {
  counties: { number: string; name: string }[];
}

/**
 * What the dashboard is computed from, read from the database once and kept until the next committed
 * write (`invalidate`, called whenever the page cache is dropped). Every filter (period, county,
 * kind) is then answered in memory: the snapshot is grouped by year, county and kind, so it stays a
 * few thousand rows at 100k cases. The first request after a write reads it again (concurrent ones
 * share that read); a read that started before a write is not kept for after it.
 */
export class DashboardSnapshots {
  private current: { generation: number; value: Promise<Snapshot> } | null = null;
  private generation = 0;

  /** `keep`: whether writes are being heard (else every request reads afresh, like the page cache). */
  constructor(
    private readonly db: Db,
    private readonly keep: () => boolean = () => true,
  ) {}

  invalidate(): void {
    this.generation++;
    this.current = null;
  }

  get(): Promise<Snapshot> {
    if (!this.keep()) return this.read();
    if (this.current && this.current.generation === this.generation) return this.current.value;
    const value = this.read();
    const entry = { generation: this.generation, value };
    this.current = entry;
    value.catch(() => {
      if (this.current === entry) this.current = null;
    });
    return value;
  }

  private async read(): Promise<Snapshot> {
    const [snapshot, counties] = await Promise.all([loadIndicatorSnapshot(this.db, q.bodyFacts(this.db)), q.counties(this.db)]);
    return { ...snapshot, counties };
  }
}

/** The participation map's data: every body at its level in the period. Public facts only. */
export async function participation(snapshots: DashboardSnapshots, filter: DashboardFilter): Promise<Participation> {
  return participationFrom((await snapshots.get()).bodies, filter);
}

/** Every registered indicator for the filter, in the registry's order. Public data only. */
export async function indicators(snapshots: DashboardSnapshots, filter: DashboardFilter): Promise<{ def: IndicatorDef; series: Series }[]> {
  const values = computeIndicators(await snapshots.get(), filter);
  return allIndicators().map((def) => ({ def, series: values[def.id]! }));
}

/**
 * The whole dashboard page: the map's levels (period only: the map always shows all 357), the
 * indicators (period, county and kind) and the counties for the filter form.
 */
export async function dashboard(snapshots: DashboardSnapshots, filter: DashboardFilter): Promise<Dashboard> {
  const snapshot = await snapshots.get();
  const values = computeIndicators(snapshot, filter);
  return {
    participation: participationFrom(snapshot.bodies, { from: filter.from, to: filter.to }),
    indicators: allIndicators().map((def) => ({ def, series: values[def.id]! })),
    counties: snapshot.counties,
  };
}

/** The counties, by number (names for the tables and the filter form). */
export async function counties(snapshots: DashboardSnapshots): Promise<{ number: string; name: string }[]> {
  return (await snapshots.get()).counties;
}
