/**
 * The barometer's statistics, as pure functions: Wilson intervals, means, the aggregate of one item for
 * one group of answers, and small-cell suppression. No SQL and no HTTP here (stats.queries.ts reads the
 * counts, stats.service.ts puts them together).
 *
 * ## Suppression (the rule, stated once)
 *
 * A *group* is a set of answers picked out by fixed values of at most two of the four dimensions
 * (county, organisation kind, sector, size band) within one round — the whole round, e.g. "county 46",
 * or e.g. "county 46 × municipality". Those are the only groups published: a page or an API call may
 * combine filters and a breakdown over at most two dimensions. Every item's figures for a group are
 * computed over the item's *base*: all answers, or only the innovators (the latest-innovation items,
 * the number of innovations), or only the non-innovators (innovation under development). Suppression
 * is decided per round and base, once, for all published groups together (so two pages can never
 * disagree about a group):
 *
 * 1. primary: a group with 1–4 answers in the base is suppressed (with all its figures);
 * 2. complementary, along every additive line (a group = the sum of its sub-groups along a further
 *    dimension, e.g. county 46 = Σ county 46 × kind): if a shown group has suppressed parts, at least
 *    two parts are suppressed and together they hold at least 5 answers; otherwise the smallest shown
 *    part is suppressed too (or, when there is none, the group itself), repeated until every line holds;
 * 3. audit: the shown groups' sizes are equations over the finest cells (county × kind × sector ×
 *    size); no suppressed group with 1–4 answers, no finest cell with 1–4 answers, and no pair of
 *    such cells with fewer than 5 together may be a linear combination of shown groups (checked
 *    exactly, by elimination modulo a prime). If one is, the smallest shown group touching it is
 *    suppressed and the steps repeat. This catches differences across tables that step 2 cannot see
 *    (e.g. county − county × kind + …).
 *
 * Rounds are disjoint and no total across rounds is published, so a trend shows each round's group
 * with that round's decision. An organisation's own results are shown only to its members, only with
 * at least 5 answers in the base, and only when no shown group containing all of them exceeds it by
 * 1–4 answers (otherwise the difference would be a group of fewer than five).
 */
import type { Condition, ItemKind, QuestionItem } from './questionnaire.js';
import { questionnaireItems, QUESTIONNAIRE_VERSION } from './questionnaire.js';

/** Fewer answers than this in a group: suppressed. */
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

export interface Protection {
  /** Base size of every published group with answers (key → n). */
  sizes: Map<string, number>;
  /** Keys of suppressed groups. */
  suppressed: Set<string>;
  /** How many groups the audit step had to add. */
  auditAdded: number;
}

interface GroupDef {
  key: string;
  filters: Filters;
  n: number;
  cells: number[];
}

/** Every published group (≤ 2 dimensions fixed) that has answers, with the finest cells it adds up. */
function publishedGroups(cells: CellCount[]): GroupDef[] {
  const live = cells.filter((c) => c.n > 0);
  const byKey = new Map<string, GroupDef>();
  const add = (f: Filters, i: number) => {
    const key = groupKey(f);
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { key, filters: f, n: 0, cells: [] }));
    g.n += live[i]!.n;
    g.cells.push(i);
  };
  live.forEach((c, i) => {
    add({}, i);
    for (let a = 0; a < DIMENSIONS.length; a++) {
      const da = DIMENSIONS[a]!;
      add({ [da]: c.cell[da] }, i);
      for (let b = a + 1; b < DIMENSIONS.length; b++) {
        const db = DIMENSIONS[b]!;
        add({ [da]: c.cell[da], [db]: c.cell[db] }, i);
      }
    }
  });
  return [...byKey.values()];
}

// Elimination modulo a prime below 2^26, so products stay exact in doubles.
const P = 67_108_859;
function inv(a: number): number {
  let [t, newT, r, newR] = [0, 1, P, a % P];
  while (newR !== 0) {
    const q = Math.floor(r / newR);
    [t, newT] = [newT, t - q * newT];
    [r, newR] = [newR, r - q * newR];
  }
  return t < 0 ? t + P : t;
}

/**
 * A reduced row-echelon basis of the vectors added, each row remembering which added vectors it is a
 * combination of, so a vector found in the span can be traced back to the groups that produce it.
 */
class Span {
  private rows: { pivot: number; v: Float64Array; combo: Map<number, number> }[] = [];
  constructor(private readonly width: number) {}
  private static axpy(into: Map<number, number>, f: number, from: Map<number, number>) {
    for (const [k, x] of from) {
      const y = (((into.get(k) ?? 0) - f * x) % P + P) % P;
      if (y === 0) into.delete(k);
      else into.set(k, y);
    }
  }
  private reduced(v: Float64Array): { w: Float64Array; combo: Map<number, number> } {
    const w = Float64Array.from(v);
    const combo = new Map<number, number>();
    for (const { pivot, v: r, combo: rc } of this.rows) {
      const f = w[pivot]!;
      if (f === 0) continue;
      for (let j = pivot; j < this.width; j++) if (r[j] !== 0) w[j] = (((w[j]! - f * r[j]!) % P) + P) % P;
      // w = v − Σ f·row, so v = Σ f·row (+ remainder): record +f·row.combo.
      Span.axpy(combo, P - f, rc);
    }
    return { w, combo };
  }
  /** Adds the vector of added-item `id`. */
  add(v: Float64Array, id: number): void {
    const { w, combo: used } = this.reduced(v);
    const pivot = w.findIndex((x) => x !== 0);
    if (pivot < 0) return;
    // w = v − Σ used: as a combination of added vectors, {id: 1} − used.
    const combo = new Map<number, number>([[id, 1]]);
    Span.axpy(combo, 1, used);
    const k = inv(w[pivot]!);
    for (let j = pivot; j < this.width; j++) w[j] = (w[j]! * k) % P;
    for (const [key, x] of combo) combo.set(key, (x * k) % P);
    // Keep earlier rows reduced against the new pivot, so reduction is one pass in insertion order.
    for (const row of this.rows) {
      const f = row.v[pivot]!;
      if (f === 0) continue;
      for (let j = pivot; j < this.width; j++) if (w[j] !== 0) row.v[j] = (((row.v[j]! - f * w[j]!) % P) + P) % P;
      Span.axpy(row.combo, f, combo);
    }
    this.rows.push({ pivot, v: w, combo });
  }
  /** The added vectors that combine to `v` (ids), or null when `v` is not in the span. */
  explain(v: Float64Array): number[] | null {
    const { w, combo } = this.reduced(v);
    return w.every((x) => x === 0) ? [...combo.keys()] : null;
  }
}

/**
 * Decides which published groups are suppressed for one round and one base, from the base counts of
 * its finest cells (county × kind × sector × size). See the rule at the top of this file.
 */
export function protect(cells: CellCount[], threshold = THRESHOLD): Protection {
  const live = cells.filter((c) => c.n > 0);
  const groups = publishedGroups(cells);
  const byKey = new Map(groups.map((g) => [g.key, g]));
  const suppressed = new Set(groups.filter((g) => g.n < threshold).map((g) => g.key));

  // Additive lines: a group with ≤ 1 dimension fixed = Σ of its parts along one further dimension.
  const lines: { parent: GroupDef; parts: GroupDef[] }[] = [];
  for (const parent of groups) {
    const fixed = dimensionsOf(parent.filters);
    if (fixed.length > 1) continue;
    for (const d of DIMENSIONS) {
      if (fixed.includes(d)) continue;
      const values = new Set(parent.cells.map((i) => live[i]!.cell[d]));
      const parts = [...values].map((v) => byKey.get(groupKey({ ...parent.filters, [d]: v }))!);
      lines.push({ parent, parts });
    }
  }
  const smallest = (gs: GroupDef[]) => gs.reduce<GroupDef | undefined>((a, g) => (!a || g.n < a.n || (g.n === a.n && g.key < a.key) ? g : a), undefined);

  const complete = () => {
    for (let changed = true; changed; ) {
      changed = false;
      for (const { parent, parts } of lines) {
        if (suppressed.has(parent.key)) continue;
        const hidden = parts.filter((p) => suppressed.has(p.key));
        if (hidden.length === 0) continue;
        if (hidden.length >= 2 && hidden.reduce((s, p) => s + p.n, 0) >= threshold) continue;
        const next = smallest(parts.filter((p) => !suppressed.has(p.key)));
        suppressed.add(next ? next.key : parent.key);
        changed = true;
      }
    }
  };

  // Audit targets: small suppressed groups, small finest cells, and pairs of small cells.
  const width = live.length;
  const vector = (idx: number[]) => {
    const v = new Float64Array(width);
    for (const i of idx) v[i] = 1;
    return v;
  };
  const smallCells = live.map((c, i) => ({ i, n: c.n })).filter((c) => c.n < threshold);
  const targets: number[][] = [...smallCells.map((c) => [c.i])];
  for (let a = 0; a < smallCells.length; a++) {
    for (let b = a + 1; b < smallCells.length; b++) if (smallCells[a]!.n + smallCells[b]!.n < threshold) targets.push([smallCells[a]!.i, smallCells[b]!.i]);
  }
  for (const g of groups) if (g.n < threshold) targets.push(g.cells);

  let auditAdded = 0;
  for (;;) {
    complete();
    const span = new Span(width);
    groups.forEach((g, i) => {
      if (!suppressed.has(g.key)) span.add(vector(g.cells), i);
    });
    let culprits: number[] | null = null;
    for (const t of targets) if ((culprits = span.explain(vector(t)))) break;
    if (!culprits) break;
    // Hide the smallest group taking part in the combination (never the whole round unless it is all
    // there is left: then the round itself cannot be shown).
    const pick = smallest(culprits.map((i) => groups[i]!).filter((g) => g.key !== ''));
    suppressed.add(pick ? pick.key : '');
    auditAdded++;
    if (!pick) break;
  }
  return { sizes: new Map(groups.map((g) => [g.key, g.n])), suppressed, auditAdded };
}

/** Status of one published group: its base size, or why it is not shown. */
export function groupStatus(p: Protection, f: Filters): { shown: true; n: number } | { shown: false; n: number | null } {
  const key = groupKey(f);
  const n = p.sizes.get(key) ?? 0;
  if (n === 0) return { shown: false, n: 0 };
  if (p.suppressed.has(key) || p.suppressed.has('')) return { shown: false, n: null };
  return { shown: true, n };
}

/**
 * Whether an organisation's own figures may be shown to its members: at least `threshold` answers in
 * the base, and no shown group that contains all of them exceeds them by 1 to threshold−1 answers.
 */
export function organisationShown(p: Protection, own: CellCount[], threshold = THRESHOLD): boolean {
  const mine = own.filter((c) => c.n > 0);
  const total = mine.reduce((s, c) => s + c.n, 0);
  if (total < threshold) return false;
  const candidates: Filters[] = [{}];
  for (let a = 0; a < DIMENSIONS.length; a++) {
    const da = DIMENSIONS[a]!;
    const va = new Set(mine.map((c) => c.cell[da]));
    if (va.size !== 1) continue;
    const fa = { [da]: [...va][0]! };
    candidates.push(fa);
    for (let b = a + 1; b < DIMENSIONS.length; b++) {
      const db = DIMENSIONS[b]!;
      const vb = new Set(mine.map((c) => c.cell[db]));
      if (vb.size === 1) candidates.push({ ...fa, [db]: [...vb][0]! });
    }
  }
  for (const f of candidates) {
    const s = groupStatus(p, f);
    if (s.shown && s.n - total > 0 && s.n - total < threshold) return false;
  }
  return true;
}

/** The base sizes of a group's cells, summed (for checks and tests). */
export function sizeOf(cells: CellCount[], f: Filters): number {
  return cells.reduce((s, c) => (matches(c.cell, f) ? s + c.n : s), 0);
}
