import type { Db } from '../db/database.js';
import type { Lang } from '../i18n/index.js';
import type { OrgKind } from '../db/schema.js';

/**
 * What an indicator is, and helpers for the features that contribute them: a feature lists its
 * indicator groups in its manifest (`indicators`); the dashboard reads them from the registry.
 */

/** The public bodies the follow-up counts, in the order the dashboard lists them. */
export const BODY_KINDS = ['municipality', 'county_authority', 'state_agency'] as const satisfies readonly OrgKind[];
export type BodyKind = (typeof BODY_KINDS)[number];

/** A period is a span of whole years, both ends included. */
export interface DashboardFilter {
  from: number;
  to: number;
  /** County number (two digits): the organisation's county (case indicators: the owner's). */
  county?: string | undefined;
  /** Organisation kind: of the on-board bodies, the case owners, the challenge owners, the adopters. */
  kind?: OrgKind | undefined;
}

/** What the participation query reads per public body: the years in which each level's facts happened. */
export interface BodyFacts {
  id: string;
  orgnr: string | null;
  name: string;
  kind: BodyKind;
  countyNumber: string | null;
  municipalityNumber: string | null;
  /** Year the first membership still active began (a member from then on), or null. */
  memberSince: number | null;
  caseYears: number[];
  barometerYears: number[];
  adoptionYears: number[];
}


/** A figure: `count` of `total` (a share), or a plain count when `total` is null. */
export interface Figure {
  count: number;
  total: number | null;
}

/** One indicator's figures for the whole period and for each of its years. */
export interface Series {
  period: Figure;
  years: Record<number, Figure>;
}

/** 0 = on board (who takes part); 1–3 = the white paper's principles. */
export type Principle = 0 | 1 | 2 | 3;

export interface IndicatorDef {
  /** Stable id: the API's key, the CSV file's name, the page's anchor. */
  id: string;
  principle: Principle;
  label: Record<Lang, string>;
  /** 'share' shows count/total as a percentage; 'count' shows the count. */
  unit: 'share' | 'count';
  /** Where the cases or organisations behind the figure are listed (with the filter's county and kind; every year). */
  href(filter: DashboardFilter): string;
  /** True when `href` lists the items counted; false when it lists the wider set they were counted among. */
  exactLink: boolean;
}

/**
 * A feature's indicators. `load` reads, in a few grouped statements, everything the group needs for
 * any filter (aggregates by year, county and kind: a few thousand rows at most, whatever the number of
 * cases); the dashboard keeps that snapshot until the next committed write. `compute` then answers any
 * period, county and kind from it without the database.
 */
export interface IndicatorGroup<R = unknown> {
  /** The feature contributing it. */
  feature: string;
  /** Place among the groups (lowest first): within a principle, indicators are listed group by group in this order. */
  order: number;
  indicators: IndicatorDef[];
  /** Public data only. */
  load(db: Db): Promise<R>;
  /** Every indicator of the group for the filter, keyed by indicator id. `bodies`: the public bodies' facts (dashboard.queries.ts). */
  compute(data: R, filter: DashboardFilter, bodies: BodyFacts[]): Record<string, Series>;
}

/** Gives a group with its own snapshot type a place in the registry's list. */
export function defineGroup<R>(group: IndicatorGroup<R>): IndicatorGroup {
  return group as IndicatorGroup;
}

/** Adds `count`/`total` of one item to a figure. */
export function tally(target: Figure, count: number, total: number): void {
  target.count += count;
  target.total = (target.total ?? 0) + total;
}

/** An empty series for the filter's years (every year present, zero where nothing happened). */
export function emptySeries(filter: DashboardFilter, unit: 'share' | 'count'): Series {
  const zero = (): Figure => ({ count: 0, total: unit === 'share' ? 0 : null });
  const years: Record<number, Figure> = {};
  for (let y = filter.from; y <= filter.to; y++) years[y] = zero();
  return { period: zero(), years };
}

/**
 * A /search address with the dashboard's county and kind as facets (the owner's) plus `extra`.
 * Search has no facet for the publication year, so the list it opens covers every year.
 */
export function searchHref(filter: DashboardFilter, extra: [string, string][] = []): string {
  const p = new URLSearchParams();
  if (filter.county) p.append('county', filter.county);
  if (filter.kind) p.append('orgKind', filter.kind);
  for (const [k, v] of extra) p.append(k, v);
  const q = p.toString();
  return q ? `/search?${q}` : '/search';
}

/** An /organisations address with the filter's county and kind. */
export function organisationsHref(filter: DashboardFilter, kind?: string): string {
  const p = new URLSearchParams();
  const k = kind ?? filter.kind;
  if (k) p.append('kind', k);
  if (filter.county) p.append('county', filter.county);
  const q = p.toString();
  return q ? `/organisations?${q}` : '/organisations';
}
