/**
 * The barometer's statistics, as pure functions: Wilson intervals, means, the aggregate of one item for
 * one group of answers, and small-cell suppression. No SQL and no HTTP here (stats.queries.ts reads the
 * counts, stats.service.ts puts them together).
 *
 * What may be shown, to whom and when (closed rounds only, at least 5 answers from at least 3
 * organisations with none over half, complementary suppression across every table a viewer can obtain,
 * bands in small groups) is decided in one place: disclosure.ts.
 */
import type { Condition, ItemKind, QuestionItem } from './questionnaire.js';
import { questionnaireItems, QUESTIONNAIRE_VERSION } from './questionnaire.js';

/** Fewer answers than this in a group: not shown (disclosure.ts: MIN_ANSWERS). */
export const THRESHOLD = 5;
export const Z95 = 1.959963984540054;

export const DIMENSIONS = ['county', 'kind', 'sector', 'size'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
/** Values of some dimensions; a group is the answers matching all of them. */
export type Filters = Partial<Record<Dimension, string>>;
/** Whose answers an item is computed over. */
export type Base = Condition;
export const BASES: readonly Base[] = ['always', 'innovated', 'not_innovated'];
/** County value of answers whose organisation has no county (state agencies without an address). */
export const NO_COUNTY = '';

// ---------------------------------------------------------------------------------------------
// Intervals

/** Wilson score interval for x successes of n (95 % by default); [0, 0] when n is 0. */
export function wilson(x: number, n: number, z = Z95): [number, number] {
  if (n <= 0) return [0, 0];
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];
/** Two-sided 95 % quantile of Student's t (table to 30 degrees of freedom, then Cornish–Fisher). */
export function t95(df: number): number {
  if (df <= 0) return Infinity;
  if (df <= 30) return T95[df - 1]!;
  const z = Z95;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

export interface MeanStat {
  /** Answers with a score (1–6); "don't know" is left out. */
  n: number;
  value: number;
  /** 95 % t interval; equal to the mean when n is 1. */
  ci: [number, number];
}

/** Mean of a 1–6 scale from its distribution (value → count), with a t interval. Null when nobody scored. */
export function scaleMean(counts: ReadonlyMap<string, number>): MeanStat | null {
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (const [v, c] of counts) {
    const x = Number(v);
    if (!Number.isInteger(x) || x < 1 || x > 6) continue;
    n += c;
    sum += x * c;
    sq += x * x * c;
  }
  if (n === 0) return null;
  const mean = sum / n;
  if (n === 1) return { n, value: mean, ci: [mean, mean] };
  const variance = Math.max(0, (sq - n * mean * mean) / (n - 1));
  const half = t95(n - 1) * Math.sqrt(variance / n);
  return { n, value: mean, ci: [Math.max(1, mean - half), Math.min(6, mean + half)] };
}

// ---------------------------------------------------------------------------------------------
// Items

export interface StatItem {
  id: string;
  kind: ItemKind;
  base: Base;
  /** Option values in questionnaire order. */
  options: string[];
  block: 'drivers' | 'barriers' | null;
  question: QuestionItem['question'];
}

/** The items statistics are computed for, with their bases, from the questionnaire. */
export function statItems(version = QUESTIONNAIRE_VERSION): StatItem[] {
  return questionnaireItems(version).map((q) => ({
    id: q.id,
    kind: q.kind,
    base: q.condition,
    options: q.options.map((o) => o.value),
    block: q.block ?? null,
    question: q.question,
  }));
}

export interface OptionStat {
  value: string;
  count: number;
  share: number;
  ci: [number, number];
}

export interface ItemFigures {
  /** Answers in the group's base (for a multiple-choice item: those asked). */
  n: number;
  options: OptionStat[];
  mean: MeanStat | null;
}

/** Value used for answers in the base that gave no value to a single-choice item (should not occur). */
export const NO_ANSWER = 'no_answer';

/**
 * An item's figures for one group: each option's count, share of the base and Wilson interval;
 * for a scale also the mean. `counts` are option → answers choosing it; `n` the base size.
 */
export function itemFigures(item: StatItem, counts: ReadonlyMap<string, number>, n: number): ItemFigures {
  const options: OptionStat[] = item.options.map((value) => {
    const count = counts.get(value) ?? 0;
    return { value, count, share: n > 0 ? count / n : 0, ci: wilson(count, n) };
  });
  if (item.kind !== 'multi_choice') {
    const given = options.reduce((s, o) => s + o.count, 0);
    if (given < n) options.push({ value: NO_ANSWER, count: n - given, share: (n - given) / n, ci: wilson(n - given, n) });
  }
  return { n, options, mean: item.kind === 'scale_1_6' ? scaleMean(counts) : null };
}

// ---------------------------------------------------------------------------------------------
// Groups and suppression

export interface Cell {
  county: string;
  kind: string;
  sector: string;
  size: string;
}

export interface CellCount {
  cell: Cell;
  n: number;
}

/** The canonical key of a group ('' for the whole round): `county=46&kind=municipality`. */
export function groupKey(f: Filters): string {
  return DIMENSIONS.filter((d) => f[d] !== undefined)
    .map((d) => `${d}=${f[d]}`)
    .join('&');
}

export function dimensionsOf(f: Filters): Dimension[] {
  return DIMENSIONS.filter((d) => f[d] !== undefined);
}

function matches(cell: Cell, f: Filters): boolean {
  for (const d of DIMENSIONS) if (f[d] !== undefined && cell[d] !== f[d]) return false;
  return true;
}

/** The base sizes of a group's cells, summed (for checks and tests). */
export function sizeOf(cells: CellCount[], f: Filters): number {
  return cells.reduce((s, c) => (matches(c.cell, f) ? s + c.n : s), 0);
}
