import type { Db } from '../db/database.js';
import * as q from './dashboard.queries.js';
import { osloToday } from '../barometer/index.js';
import { BODY_KINDS, LEVELS, levelIn, type BodyKind, type LevelIndex } from './dashboard.model.js';
import { type BodyFacts, type DashboardFilter } from '../core/indicators.js';
import { allIndicators, computeIndicators, loadIndicatorSnapshot, type IndicatorSnapshot } from './indicators.js';
import type { IndicatorDef, IndicatorGroup, Series } from '../core/indicators.js';

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

export interface Snapshot extends IndicatorSnapshot {
  counties: { number: string; name: string }[];
  /** The day in Norway it was read: barometer rounds close at midnight without any write. */
  day: string;
}

/**
 * What the dashboard is computed from, read from the database in a few grouped statements (a few
 * thousand rows at any size: everything is grouped by year, county and kind) and kept until the next
 * committed write (`invalidate`, called whenever the page cache is dropped). Every filter is then
 * answered in memory.
 *
 * Reading it takes ~1.5 s at 100k cases on a busy 2-core machine, so after a write the old snapshot
 * keeps being served, marked stale, while one new read runs in the background (stale-while-
 * revalidate): the first visitor after a write does not wait for it. Stale answers are never put in
 * the page cache, and after `maxStaleMs` a request waits for the new read instead. One read at a
 * time, however many writes arrive during it. Without a change listener (`keep` false) every
 * request reads afresh, as the page cache then caches nothing either.
 */
export class DashboardSnapshots {
  private current: { value: Snapshot; generation: number } | null = null;
  private building: Promise<void> | null = null;
  private generation = 0;
  private staleSince = 0;

  constructor(
    private readonly db: Db,
    /** The indicator groups the features declare (the registry's). */
    private readonly groups: readonly IndicatorGroup[],
    private readonly keep: () => boolean = () => true,
    private readonly maxStaleMs = 60_000,
  ) {}

  invalidate(): void {
    if (this.current?.generation === this.generation) this.staleSince = Date.now();
    this.generation++;
  }

  /** The snapshot, and whether it reflects every write heard so far. */
  async get(): Promise<{ snapshot: Snapshot; fresh: boolean }> {
    if (!this.keep()) return { snapshot: await this.read(), fresh: false };
    if (this.current && this.current.generation === this.generation && this.current.value.day !== osloToday()) this.invalidate();
    for (;;) {
      const current = this.current;
      if (current && current.generation === this.generation) return { snapshot: current.value, fresh: true };
      const building = (this.building ??= this.build());
      if (current && Date.now() - this.staleSince < this.maxStaleMs) return { snapshot: current.value, fresh: false };
      await building;
      if (!this.current) throw new Error('dashboard: the snapshot could not be read');
    }
  }

  private build(): Promise<void> {
    const generation = this.generation;
    const startedAt = Date.now();
    return this.read()
      .then((value) => {
        if (!this.current || this.current.generation < generation) this.current = { value, generation };
        // Writes heard while it was read are missing from it: it is stale since it began.
        if (generation < this.generation) this.staleSince = startedAt;
      })
      .catch(() => undefined) // the next request tries again; get() reports it when there is nothing to serve
      .finally(() => {
        this.building = null;
      });
  }

  private async read(): Promise<Snapshot> {
    const day = osloToday();
    const [snapshot, counties] = await Promise.all([loadIndicatorSnapshot(this.db, this.groups, q.bodyFacts(this.db, day)), q.counties(this.db)]);
    return { ...snapshot, counties, day };
  }
}

/** The participation map's data: every body at its level in the period. Public facts only. */
export function participation(snapshot: Snapshot, filter: DashboardFilter): Participation {
  return participationFrom(snapshot.bodies, filter);
}

/** Every declared indicator for the filter, in the registry's order. Public data only. */
export function indicators(snapshot: Snapshot, filter: DashboardFilter): { def: IndicatorDef; series: Series }[] {
  const values = computeIndicators(snapshot, filter);
  return allIndicators(snapshot.groups).map((def) => ({ def, series: values[def.id]! }));
}

/**
 * The whole dashboard page: the map's levels (period only: the map always shows all 357), the
 * indicators (period, county and kind) and the counties for the filter form.
 */
export function dashboard(snapshot: Snapshot, filter: DashboardFilter): Dashboard {
  return {
    participation: participationFrom(snapshot.bodies, { from: filter.from, to: filter.to }),
    indicators: indicators(snapshot, filter),
    counties: snapshot.counties,
  };
}
